"""Business-time arithmetic on working calendars. Pure logic: no Django imports.

A calendar has a time zone, weekly working intervals per weekday (local wall times,
"24:00" allowed as an end), holidays (dates off) and make-up working days (调休: extra
working dates that use Monday's hours). Two operations:

- `add_business_seconds(cal, start, seconds)`: the instant when `seconds` of working time
  have passed after `start` (a due date);
- `business_time_between(cal, a, b)` (and `business_seconds_between`): the working time
  between two instants.

Both walk interval by interval, and skip whole weeks at once when a week holds no holiday,
no make-up day and no change of UTC offset, so a due date costs microseconds whatever the
target. Durations are real elapsed seconds: an interval that spans a DST change counts the
hour that the clocks skip or repeat as it really passed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(days=7)
# Give up after this long without finding working time (a calendar with none at all).
HORIZON_DAYS = 3 * 366
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$|^24:00$")


class CalendarError(ValueError):
    """The calendar description is invalid."""


class NoWorkingTime(ValueError):
    """The calendar has no working time within the horizon: no due date exists."""


def _minutes(text: str) -> int:
    if not isinstance(text, str) or not _TIME.match(text):
        raise CalendarError(f"{text!r} is not a time HH:MM (00:00-24:00)")
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def parse_hours(hours: Any) -> dict[str, tuple[tuple[int, int], ...]]:
    """Check and convert `{"mon": [["09:00", "12:00"], ...], ...}` to minute pairs.

    Every weekday key must be present; intervals end after they start, do not overlap,
    and lie within the day ("24:00" may end one).
    """
    if not isinstance(hours, dict):
        raise CalendarError("hours must map weekdays mon…sun to lists of intervals")
    unknown = set(hours) - set(WEEKDAYS)
    if unknown:
        raise CalendarError(f"unknown weekday keys: {', '.join(sorted(map(str, unknown)))}")
    parsed: dict[str, tuple[tuple[int, int], ...]] = {}
    for day in WEEKDAYS:
        intervals = hours.get(day, [])
        if not isinstance(intervals, list):
            raise CalendarError(f"{day}: a list of [start, end] intervals is required")
        pairs = []
        for interval in intervals:
            if not isinstance(interval, (list, tuple)) or len(interval) != 2:
                raise CalendarError(f'{day}: each interval is ["HH:MM", "HH:MM"]')
            start, end = _minutes(interval[0]), _minutes(interval[1])
            if interval[0] == "24:00":
                raise CalendarError(f"{day}: an interval cannot start at 24:00")
            if end <= start:
                raise CalendarError(f"{day}: {interval[0]}-{interval[1]} ends before it starts")
            pairs.append((start, end))
        pairs.sort()
        for (_s1, e1), (s2, _e2) in itertools.pairwise(pairs):
            if s2 < e1:
                raise CalendarError(f"{day}: intervals overlap")
        parsed[day] = tuple(pairs)
    return parsed


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise CalendarError(f"unknown time zone {name!r}") from exc


@dataclass(frozen=True)
class Calendar:
    timezone: str
    hours: dict[str, Any]
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    _weekly: dict[str, tuple[tuple[int, int], ...]] = field(init=False, repr=False, compare=False)
    _tz: ZoneInfo = field(init=False, repr=False, compare=False)
    _special: tuple[dt.date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        weekly = parse_hours(self.hours)
        object.__setattr__(self, "_weekly", weekly)
        object.__setattr__(self, "_tz", zone(self.timezone))
        object.__setattr__(self, "_special", tuple(sorted(self.holidays | self.workdays)))

    def intervals(self, day: dt.date) -> tuple[tuple[int, int], ...]:
        """Working intervals (minutes of the local day) on `day`."""
        if day in self.holidays:
            return ()
        if day in self.workdays:
            return self._weekly["mon"]
        return self._weekly[WEEKDAYS[day.weekday()]]

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self.intervals(day))

    @property
    def has_weekly_time(self) -> bool:
        return any(self._weekly.values()) or bool(self.workdays)


def _local_instant(cal: Calendar, day: dt.date, minute: int) -> dt.datetime:
    """The UTC instant of a local wall time (minute 1440 is the next day's midnight)."""
    if minute >= 1440:
        day, minute = day + DAY, minute - 1440
    wall = dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=cal._tz)
    return wall.astimezone(dt.UTC)


def _spans(cal: Calendar, day: dt.date) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """(start, end) UTC instants of the day's working intervals."""
    for start, end in cal.intervals(day):
        yield _local_instant(cal, day, start), _local_instant(cal, day, end)


def _plain_week(cal: Calendar, day: dt.date) -> bool:
    """True when [day, day+7) has no special date and one UTC offset throughout."""
    index = bisect_left(cal._special, day)
    if index < len(cal._special) and cal._special[index] < day + WEEK:
        return False
    first = _local_instant(cal, day, 0)
    last = _local_instant(cal, day + WEEK, 0)
    return (last - first) == WEEK


def _week_time(cal: Calendar) -> dt.timedelta:
    minutes = sum(end - start for day in WEEKDAYS for start, end in cal._weekly[day])
    return dt.timedelta(minutes=minutes)


def _as_utc(instant: dt.datetime) -> dt.datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("an aware datetime is required")
    return instant.astimezone(dt.UTC)


def add_business_seconds(cal: Calendar, start: dt.datetime, seconds: float) -> dt.datetime:
    """The instant at which `seconds` of working time have elapsed from `start` (UTC)."""
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    current = _as_utc(start)
    if seconds == 0:
        return current
    if not cal.has_weekly_time:
        raise NoWorkingTime("the calendar has no working time")
    # timedelta arithmetic is exact to the microsecond, so the laws hold exactly.
    remaining = dt.timedelta(seconds=seconds)
    day = current.astimezone(cal._tz).date()
    week_time = _week_time(cal)
    idle_days = 0
    while True:
        if (
            week_time
            and remaining > week_time
            and _local_instant(cal, day, 0) >= current
            and _plain_week(cal, day)
        ):
            remaining -= week_time
            day += WEEK
            idle_days = 0
            continue
        worked = False
        for span_start, span_end in _spans(cal, day):
            if span_end <= current:
                continue
            begin = max(span_start, current)
            available = span_end - begin
            worked = worked or available > dt.timedelta(0)
            if remaining <= available:
                return begin + remaining
            remaining -= available
            current = span_end
        idle_days = 0 if worked else idle_days + 1
        if idle_days > HORIZON_DAYS:
            raise NoWorkingTime("no working time within three years")
        day += DAY


def add_business_minutes(cal: Calendar, start: dt.datetime, minutes: float) -> dt.datetime:
    return add_business_seconds(cal, start, minutes * 60)


def business_time_between(cal: Calendar, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
    """Working time in [a, b), exact to the microsecond (zero when b is not after a)."""
    a, b = _as_utc(a), _as_utc(b)
    total = dt.timedelta(0)
    if b <= a:
        return total
    day = a.astimezone(cal._tz).date()
    last = b.astimezone(cal._tz).date()
    week_time = _week_time(cal)
    while day <= last:
        if (
            _local_instant(cal, day, 0) >= a
            and _local_instant(cal, day + WEEK, 0) <= b
            and _plain_week(cal, day)
        ):
            total += week_time
            day += WEEK
            continue
        for span_start, span_end in _spans(cal, day):
            begin, end = max(span_start, a), min(span_end, b)
            if end > begin:
                total += end - begin
        day += DAY
    return total


def business_seconds_between(cal: Calendar, a: dt.datetime, b: dt.datetime) -> int:
    """Whole working seconds in [a, b)."""
    return int(business_time_between(cal, a, b).total_seconds())


def validate_dates(values: Any, name: str) -> frozenset[dt.date]:
    """ISO date strings (or dates) → a set of dates; CalendarError names the bad one."""
    if not isinstance(values, (list, tuple, set, frozenset)):
        raise CalendarError(f"{name} must be a list of dates YYYY-MM-DD")
    dates = set()
    for value in values:
        if isinstance(value, dt.date):
            dates.add(value)
            continue
        try:
            dates.add(dt.date.fromisoformat(value))
        except (TypeError, ValueError):
            raise CalendarError(f"{name}: {value!r} is not a date YYYY-MM-DD") from None
    return frozenset(dates)


TWENTY_FOUR_SEVEN = {day: [["00:00", "24:00"]] for day in WEEKDAYS}


# --- timers: active segments -------------------------------------------------------------
# A timer runs in segments: closed ones [start, end) and, while it runs, an open one from
# `open_start`. Recomputing from the segments (not from a stored remainder) is what lets a
# changed target or calendar apply "from the start, keeping the time already used".

Segment = tuple[dt.datetime, dt.datetime]


def elapsed_in(cal: Calendar, segments: list[Segment]) -> dt.timedelta:
    """Working time inside the closed segments."""
    return sum((business_time_between(cal, a, b) for a, b in segments), dt.timedelta(0))


def instant_after(
    cal: Calendar,
    segments: list[Segment],
    open_start: dt.datetime | None,
    amount: dt.timedelta,
) -> dt.datetime | None:
    """When the timer's working time reaches `amount`: inside a closed segment (in the past),
    or after `open_start` while it runs; None when it is paused short of `amount`."""
    used = dt.timedelta(0)
    for a, b in segments:
        spent = business_time_between(cal, a, b)
        if used + spent >= amount:
            return add_business_seconds(cal, a, (amount - used).total_seconds())
        used += spent
    if open_start is None:
        return None
    return add_business_seconds(cal, open_start, (amount - used).total_seconds())


def after_working_days(cal: Calendar, instant: dt.datetime, days: int) -> dt.datetime:
    """Local midnight ending the `days`-th working day after the day of `instant`: a fix on
    Friday with days=3 gives the requester Monday, Tuesday and Wednesday to object."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = _as_utc(instant).astimezone(cal._tz).date()
    found, idle = 0, 0
    while found < days:
        day += DAY
        if cal.is_working_day(day):
            found, idle = found + 1, 0
        else:
            idle += 1
            if idle > HORIZON_DAYS:
                raise NoWorkingTime("no working day within three years")
    return _local_instant(cal, day + DAY, 0)
