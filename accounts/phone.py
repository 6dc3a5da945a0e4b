"""Chinese telephone numbers: the one rule for every phone field (users, guided forms).

Pure logic, no Django imports. Accepted after NFKC folding (full-width digits) and
removing spaces, hyphens, dots and brackets:
- mobile: 11 digits starting 13-19, optionally prefixed +86 / 0086 / 86;
- landline: an area code (010, 02X, or 0 and three digits from 3xx up), then a 7-8 digit
  number, an optional extension (`转123`, `ext 123`, `x123`, `#123`); with +86 the
  leading 0 may be dropped;
- service numbers: 400 / 800 followed by 7 digits; short desk extensions are not phones.
"""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-.()（）]")
_EXTENSION = re.compile(r"(?:转|ext\.?|x|#)(\d{1,6})$", re.IGNORECASE)
_MOBILE = re.compile(r"^(?:\+?86|0086)?(1[3-9]\d{9})$")
_LANDLINE = re.compile(r"^(?:(?:\+?86|0086)0?|0)(10|2\d|[3-9]\d{2})([2-9]\d{6,7})$")
_SERVICE = re.compile(r"^([48]00\d{7})$")

MAX_LENGTH = 32


def normalize_phone(value: str) -> str | None:
    """Return the number in a canonical form, or None when it is not a Chinese phone."""
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    if not text or len(text) > MAX_LENGTH * 2:
        return None
    extension = ""
    match = _EXTENSION.search(text.replace(" ", ""))
    compact = _SEPARATORS.sub("", text)
    if match:
        extension = match.group(1)
        compact = _EXTENSION.sub("", compact)
    if (m := _MOBILE.match(compact)) and not extension:
        return m.group(1)
    if m := _LANDLINE.match(compact):
        number = f"0{m.group(1)}-{m.group(2)}"
        return f"{number} ext {extension}" if extension else number
    if (m := _SERVICE.match(compact)) and not extension:
        return m.group(1)
    return None


def is_phone(value: str) -> bool:
    return normalize_phone(value) is not None
