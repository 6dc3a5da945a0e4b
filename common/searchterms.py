"""How a free-text search term is answered by the indexes. Pure logic, no Django imports.

Every search means the same everywhere: a field matches when it contains the term,
ignoring case (`icontains`). On PostgreSQL two kinds of trigram index (pg_trgm) find the
candidates fast:

- the text itself, `UPPER(column)`: a term with three letters or digits in a row
  (`printer`, `打印机`, `INC0000123`), or a shorter word with a visible edge (`Wi-Fi`),
  gives trigrams to look up;
- the text's *grams* (SQL function `itsm_search_grams`, see assets' initial migration): every
  two neighbouring characters written as a word of their own, `网络连接` → `网络 络连 连接`,
  so that a word of one or two characters (`网络`, `网`, `OA`) is again a pattern with
  trigrams: `% 网络 %`, `% 网%`. Long texts (descriptions, comments) have grams of
  Chinese, Japanese and Korean characters only; short ones (titles, names) of Latin
  letters and digits too.

A term with neither (one or two Latin letters or digits, or punctuation only) is looked up
in the short fields only: `OA` finds the titles that contain it, not every description with
the word "load" in it.
"""

import re
from dataclasses import dataclass

MAX_LENGTH = 100
# The characters that have grams; the same ranges are in the SQL function.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_CJK_RUN = re.compile(f"[{CJK}]+")
_GRAM_RUN = re.compile(f"[0-9A-Z{CJK}]+")
_WORD = re.compile(r"[^\W_]+")  # letters and digits, as pg_trgm's words


@dataclass(frozen=True)
class Term:
    text: str

    @property
    def trigram(self) -> bool:
        """pg_trgm finds a trigram in `%term%`, so the text's own index answers it. A word
        is padded with two spaces in front and one behind where the term shows its edge:
        `printer`, `Wi-Fi` (`wi `, `  f`, ` fi`) and `a b` (`  b`) have trigrams, `OA` none."""
        words = [(m.start(), m.end()) for m in _WORD.finditer(self.text)]
        for start, end in words:
            length = end - start + (2 if start > 0 else 0) + (1 if end < len(self.text) else 0)
            if length >= 3:
                return True
        return False

    def searches(self, short_field: bool) -> bool:
        """Whether a field is looked at: short fields always, long ones when an index can
        answer for them."""
        return short_field or self.trigram or bool(_CJK_RUN.search(self.text))

    def grams(self, short_field: bool) -> list[str]:
        """The gram patterns a matching field's grams contain (each as `LIKE '%…%'`); empty
        when the trigram index answers, or nothing indexed is in the term."""
        if self.trigram:
            return []
        patterns: list[str] = []
        for run in self._runs(short_field):
            if len(run) == 1:
                # Every character starts a gram: `% 网%` finds 网 wherever it is.
                candidates = [f" {run}"]
            else:
                candidates = [f" {run[i : i + 2]} " for i in range(len(run) - 1)]
            patterns += [p for p in dict.fromkeys(candidates) if p not in patterns]
        return patterns

    def grams_decide(self, short_field: bool) -> bool:
        """The grams alone say whether a field contains the term: it is one or two gram
        characters and nothing else (`网络`, `OA`, `网`)."""
        if self.trigram:
            return False
        runs = self._runs(short_field)
        return len(runs) == 1 and len(runs[0]) <= 2 and runs[0] == self._upper()

    def _upper(self) -> str:
        # ASCII letters only: PostgreSQL's upper() may turn more characters into ASCII
        # (never fewer), so the database's runs are never shorter than these.
        return "".join(c.upper() if c.isascii() else c for c in self.text)

    def _runs(self, short_field: bool) -> list[str]:
        return (_GRAM_RUN if short_field else _CJK_RUN).findall(self._upper())


def parse(value: str) -> Term:
    return Term(value.strip()[:MAX_LENGTH])
