"""SLA targets as people write and read them: business minutes, hours or days.

Pure logic, no Django. Targets are stored in business minutes; a business day is one
working day of the policy's calendar (`working_day_minutes`: 8 h on 09:00-12:00,
13:00-18:00; 24 h on a 7×24 calendar). Text such as "4 h", "2 d", "1 h 30 min", "90" (bare
minutes), "1.5 h", "3 business days", "2 天", "4 小时" or "30 分钟" is read by `parse`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sla.businesstime import parse_hours

DAY, HOUR, MINUTE = "d", "h", "min"
UNIT_ALIASES = {
    DAY: ("d", "day", "days", "bd", "天", "日", "工作日", "个工作日"),
    HOUR: ("h", "hr", "hrs", "hour", "hours", "小时", "个小时", "工作小时", "时"),
    MINUTE: ("m", "min", "mins", "minute", "minutes", "分", "分钟"),
}
_UNIT = {alias: unit for unit, aliases in UNIT_ALIASES.items() for alias in aliases}
_PART = re.compile(r"\s*(\d+(?:[.,]\d+)?)\s*([^\d\s.,]*)\s*")
# "3 business days", as the pages show targets, reads back as "3 days".
_QUALIFIER = re.compile(r"\b(?:business|working)\s+")


class TargetError(ValueError):
    """The text is not a duration (`code` says why: "syntax", "days", "fraction")."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Written:
    """A duration as written: whole days (of the calendar) plus minutes."""

    days: Decimal
    minutes: Decimal

    def to_minutes(self, day_minutes: int | None) -> int:
        """Business minutes; `day_minutes` is the calendar's working day (None: it has
        none, so days cannot be used)."""
        if self.days and not day_minutes:
            raise TargetError("days")
        total = self.days * (day_minutes or 0) + self.minutes
        if total != total.to_integral_value():
            raise TargetError("fraction")
        return int(total)


def parse(text: str) -> Written:
    """Read "2 d", "4 h", "1 h 30 min", "90", "1.5 h", "2 天 4 小时"… (units as in
    UNIT_ALIASES; a lone number is minutes)."""
    text = _QUALIFIER.sub("", (text or "").strip().lower())
    parts, position = [], 0
    while position < len(text):
        match = _PART.match(text, position)
        if not match or match.end() == position:
            raise TargetError("syntax")
        parts.append(match.groups())
        position = match.end()
    if not parts:
        raise TargetError("syntax")
    days, minutes = Decimal(0), Decimal(0)
    for number, alias in parts:
        if not alias and len(parts) == 1:
            alias = MINUTE
        unit = _UNIT.get(alias)
        if unit is None:
            raise TargetError("syntax")
        try:
            value = Decimal(number.replace(",", "."))
        except InvalidOperation:
            raise TargetError("syntax") from None
        if unit == DAY:
            days += value
        else:
            minutes += value * (60 if unit == HOUR else 1)
    return Written(days, minutes)


def working_day_minutes(hours: dict) -> int | None:
    """The length of the calendar's usual working day in minutes: the most common length
    among its working weekdays (the longer on a tie); None when it has no working time."""
    try:
        week = parse_hours(hours)
    except ValueError:
        return None
    lengths = Counter(sum(end - start for start, end in day) for day in week.values())
    lengths.pop(0, None)
    if not lengths:
        return None
    return max(lengths, key=lambda length: (lengths[length], length))


def split(minutes: int, day_minutes: int | None) -> tuple[int, int, int]:
    """(days, hours, minutes) to show: whole days when the target is a whole number of
    the calendar's working days, else hours and minutes."""
    if day_minutes and minutes >= day_minutes and minutes % day_minutes == 0:
        return minutes // day_minutes, 0, 0
    hours, rest = divmod(minutes, 60)
    return 0, hours, rest
