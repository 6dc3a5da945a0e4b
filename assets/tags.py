"""The asset tag rule (标签命名规则): `DZZXXXX-YYY`. Pure logic, no Django imports.

`D`, two digits for the building (楼栋), four digits for floor and room (楼层房间), a
hyphen, three digits for the machine in that room, 001-999 (numbered from the door,
right to left in a U). Example: `D010210-009` = building 01, room 0210, machine 009.
Input is normalised first: surrounding spaces trimmed, full-width characters folded
(NFKC: Chinese input methods type full-width digits and hyphens), letters upper-cased.
"""

import re
import unicodedata
from dataclasses import dataclass

EXAMPLE = "D010210-009"
MAX_INPUT_LENGTH = 64
# The same expression is the database CHECK constraint (see Asset.Meta.constraints).
TAG_REGEX = r"^D[0-9]{6}-(00[1-9]|0[1-9][0-9]|[1-9][0-9]{2})$"
_TAG = re.compile(TAG_REGEX)
# Dash-like characters that NFKC does not fold to "-" but people type for it.
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−－﹣"), "-")


@dataclass(frozen=True)
class Tag:
    building: str  # "01"
    room: str  # "0210"
    machine: int  # 9

    @property
    def floor(self) -> str:
        return self.room[:2]

    @property
    def room_key(self) -> str:
        """Building and room together, as rooms are keyed: "010210"."""
        return f"{self.building}{self.room}"

    def __str__(self) -> str:
        return format_tag(self.building, self.room, self.machine)


class InvalidTag(ValueError):
    """The text is not a tag of the form DZZXXXX-YYY."""


def normalize(value: str) -> str:
    """Trim, fold full-width characters and dashes, upper-case."""
    if not isinstance(value, str):
        raise InvalidTag("not text")
    return unicodedata.normalize("NFKC", value).translate(_DASHES).strip().upper()


def parse(value: str) -> Tag:
    """Normalise and check `value`; return its parts or raise InvalidTag."""
    if not isinstance(value, str) or len(value) > MAX_INPUT_LENGTH:
        raise InvalidTag("too long or not text")
    text = normalize(value)
    if not _TAG.match(text):
        raise InvalidTag(text)
    return Tag(building=text[1:3], room=text[3:7], machine=int(text[8:11]))


def is_valid(value: str) -> bool:
    try:
        parse(value)
    except InvalidTag:
        return False
    return True


def format_tag(building: str, room: str, machine: int) -> str:
    if not 1 <= machine <= 999:
        raise InvalidTag(f"machine number {machine} is outside 001-999")
    return f"D{building}{room}-{machine:03d}"


def lowest_free_machine(used: set[int]) -> int | None:
    """The lowest machine number 1-999 not in `used`, or None when the room is full."""
    for number in range(1, 1000):
        if number not in used:
            return number
    return None
