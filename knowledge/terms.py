"""What a user typed, split into the words a suggestion looks for. Pure logic.

Latin words and numbers are kept whole (two characters or more); Chinese has no spaces,
so a run of more than three CJK characters is cut into its overlapping triples
(`打印机卡纸` → `打印机 印机卡 机卡纸`): an article that shares more of them ranks higher,
and each triple has trigrams, which the indexes answer cheaply in long texts too. A run of
two or three characters is kept whole.
"""

import re

from common.searchterms import CJK

_WORDS = re.compile(f"[{CJK}]+|[^\\W_{CJK}]+(?:[-.][^\\W_{CJK}]+)*")
_CJK = re.compile(f"[{CJK}]")


def split(text: str, limit: int) -> list[str]:
    """At most `limit` distinct words of `text`, in the order typed."""
    words: list[str] = []
    for match in _WORDS.finditer(text or ""):
        run = match.group(0)
        if _CJK.match(run):
            pieces = [run] if len(run) <= 3 else [run[i : i + 3] for i in range(len(run) - 2)]
        elif len(run) >= 2:
            pieces = [run]
        else:
            pieces = []
        for piece in pieces:
            if piece.lower() not in (w.lower() for w in words):
                words.append(piece)
            if len(words) == limit:
                return words
    return words
