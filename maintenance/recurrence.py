"""When a maintenance plan's work falls: an RFC 5545 recurrence rule (python-dateutil's
`rrulestr`) on a working calendar (`sla.businesstime.Calendar`: weekly hours, holidays,
调休 make-up days). Pure: no Django, tested directly.

A date the rule gives on a non-working day is moved to the next working day, skipped or
kept, as the plan says. A make-up day (调休) is a working day, a holiday is not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

# python-dateutil ships no type hints (types-python-dateutil is not a dependency).
from dateutil.rrule import (  # type: ignore[import-untyped]
    DAILY,
    MONTHLY,
    WEEKLY,
    YEARLY,
    rrule,
    rrulestr,
)

from sla.businesstime import Calendar, zone

NEXT_WORKING_DAY: Final = "next_working_day"
SKIP: Final = "skip"
KEEP: Final = "keep"
POLICIES: Final = (NEXT_WORKING_DAY, SKIP, KEEP)
# A rule's text, at most (one RRULE line).
RULE_MAX: Final = 500
# Maintenance is planned in days: finer rules (hourly, by the minute) are refused.
FREQUENCIES: Final = frozenset({DAILY, WEEKLY, MONTHLY, YEARLY})
# A plan's rule is read for at most this many years after its start (a rule that never
# gives a date would otherwise be searched up to the year 9999).
HORIZON_YEARS: Final = 50
# How far a date may move to reach a working day (the longest Chinese holiday is 8 days);
# a date with no working day this close is left out.
MOVE_MAX_DAYS: Final = 31


class RecurrenceError(ValueError):
    """The rule is not an RFC 5545 RRULE this desk can plan with."""


@dataclass(frozen=True)
class Occurrence:
    """One date of a plan: `date` after the calendar, `original_date` as the rule gave it."""

    date: dt.date
    original_date: dt.date

    @property
    def moved(self) -> bool:
        return self.date != self.original_date


def parse_rule(text: str, start: dt.date) -> rrule:
    """The rule as dateutil reads it, from `start`; RecurrenceError says what is wrong."""
    if not isinstance(text, str) or not text.strip():
        raise RecurrenceError("enter a recurrence rule, e.g. FREQ=MONTHLY;BYDAY=1MO")
    body = text.strip()
    if len(body) > RULE_MAX:
        raise RecurrenceError(f"at most {RULE_MAX} characters")
    if any(c in body for c in "\r\n"):
        raise RecurrenceError("one RRULE line only")
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    if "DTSTART" in body.upper():
        raise RecurrenceError("the start date is its own field, not part of the rule")
    try:
        rule = rrulestr(body, dtstart=dt.datetime.combine(start, dt.time()))
    except (ValueError, TypeError, OverflowError, IndexError, KeyError) as exc:
        raise RecurrenceError(str(exc) or "not an RRULE") from None
    if not isinstance(rule, rrule):
        raise RecurrenceError("one RRULE only")
    if rule._freq not in FREQUENCIES:
        raise RecurrenceError("plan by day, week, month or year (FREQ=DAILY … YEARLY)")
    limit = dt.datetime.combine(start + dt.timedelta(days=365 * HORIZON_YEARS + 12), dt.time.max)
    try:
        bounded = rule.replace(count=None, until=limit)
        if rule._until is None and rule._count is None:
            rule = bounded
        if bounded.after(rule._dtstart, inc=True) is None:
            raise RecurrenceError("the rule gives no date")
    except (ValueError, OverflowError) as exc:
        raise RecurrenceError(str(exc) or "not an RRULE") from None
    return rule


def _rule_dates(rule: rrule, first: dt.date, last: dt.date) -> list[dt.date]:
    after = dt.datetime.combine(first, dt.time())
    before = dt.datetime.combine(last, dt.time.max)
    return sorted({d.date() for d in rule.between(after, before, inc=True)})


def next_working_day(calendar: Calendar, day: dt.date) -> dt.date | None:
    """`day` itself when it is a working day, else the first working day after it."""
    for shift in range(MOVE_MAX_DAYS + 1):
        candidate = day + dt.timedelta(days=shift)
        if calendar.is_working_day(candidate):
            return candidate
    return None


def apply_calendar(calendar: Calendar, day: dt.date, policy: str) -> dt.date | None:
    """Where a rule's date falls on the calendar: itself, moved, or None (skipped)."""
    if policy == KEEP or calendar.is_working_day(day):
        return day
    if policy == SKIP:
        return None
    return next_working_day(calendar, day)


def occurrences(
    rule: rrule, calendar: Calendar, policy: str, first: dt.date, last: dt.date
) -> list[Occurrence]:
    """The plan's dates from `first` to `last` (inclusive, after the calendar), in order; a
    rule's date moved into the range counts, a skipped one is left out."""
    lookback = dt.timedelta(days=MOVE_MAX_DAYS if policy == NEXT_WORKING_DAY else 0)
    found = []
    for original in _rule_dates(rule, first - lookback, last):
        day = apply_calendar(calendar, original, policy)
        if day is not None and first <= day <= last:
            found.append(Occurrence(day, original))
    return sorted(found, key=lambda o: (o.date, o.original_date))


def working_days_before(calendar: Calendar, day: dt.date, count: int) -> dt.date:
    """The date `count` working days before `day` (0: `day` itself). Without any working
    day in reach (a calendar with no hours), plain days."""
    current, left, steps = day, count, 0
    while left > 0:
        current -= dt.timedelta(days=1)
        steps += 1
        if calendar.is_working_day(current):
            left -= 1
        if steps > count * 7 + 60:
            return day - dt.timedelta(days=count)
    return current


def window(
    calendar: Calendar, day: dt.date, start: dt.time, minutes: int
) -> tuple[dt.datetime, dt.datetime]:
    """The maintenance window of a date, in the calendar's zone (aware datetimes)."""
    begins = dt.datetime.combine(day, start, tzinfo=zone(calendar.timezone))
    return begins, begins + dt.timedelta(minutes=minutes)
