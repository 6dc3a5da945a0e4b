"""Business-time arithmetic: hand-worked cases and the laws, checked with hypothesis."""

import datetime as dt
from zoneinfo import ZoneInfo

import holidays as holiday_data
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sla.businesstime import (
    TWENTY_FOUR_SEVEN,
    Calendar,
    CalendarError,
    NoWorkingTime,
    add_business_minutes,
    after_working_days,
    business_seconds_between,
    business_time_between,
    elapsed_in,
    instant_after,
    parse_hours,
)

SH = ZoneInfo("Asia/Shanghai")
OFFICE = {d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")} | {
    "sat": [],
    "sun": [],
}
LUNCH = {
    d: [["09:00", "12:00"], ["13:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")
} | {"sat": [], "sun": []}
cn = holiday_data.China(years=2026)
CN_2026 = Calendar(
    "Asia/Shanghai",
    LUNCH,
    frozenset(cn),
    frozenset(d for d in cn.weekend_workdays if d.year == 2026),
)


def at(*args, tz=SH):
    return dt.datetime(*args, tzinfo=tz)


@pytest.mark.parametrize(
    ("calendar", "start", "minutes", "due"),
    [
        # Friday 17:30 + 60 business minutes on 09-18 → Monday 09:30.
        (Calendar("Asia/Shanghai", OFFICE), at(2026, 11, 20, 17, 30), 60, at(2026, 11, 23, 9, 30)),
        # Lunch break: 11:30 + 60 → 13:30.
        (Calendar("Asia/Shanghai", LUNCH), at(2026, 11, 24, 11, 30), 60, at(2026, 11, 24, 13, 30)),
        # Opened at night: the clock starts at 09:00 the next morning, not at once.
        (Calendar("Asia/Shanghai", LUNCH), at(2026, 11, 24, 23, 0), 30, at(2026, 11, 25, 9, 30)),
        # Opened on a Saturday.
        (Calendar("Asia/Shanghai", OFFICE), at(2026, 11, 21, 10, 0), 60, at(2026, 11, 23, 10, 0)),
        # Zero minutes: due at once.
        (Calendar("Asia/Shanghai", OFFICE), at(2026, 11, 21, 10, 0), 0, at(2026, 11, 21, 10, 0)),
        # National Day 2026: Oct 1-7 off (with the observed and substituted days), Sat Oct 10
        # is a make-up working day. Sep 30 17:00 + 120 → Oct 8 10:00 (1 h on Sep 30).
        (CN_2026, at(2026, 9, 30, 17, 0), 120, at(2026, 10, 8, 10, 0)),
        # Friday Oct 9 17:00 + 120 → the make-up Saturday Oct 10 at 10:00.
        (CN_2026, at(2026, 10, 9, 17, 0), 120, at(2026, 10, 10, 10, 0)),
        # Make-up Sunday Sep 20 is a working day; the holiday Oct 1 at 23:00 is not.
        (CN_2026, at(2026, 9, 20, 9, 0), 60, at(2026, 9, 20, 10, 0)),
        (CN_2026, at(2026, 10, 1, 23, 0), 60, at(2026, 10, 8, 10, 0)),
        # 24x7 crosses midnight and weekends untouched.
        (
            Calendar("Asia/Shanghai", TWENTY_FOUR_SEVEN),
            at(2026, 11, 21, 23, 30),
            60,
            at(2026, 11, 22, 0, 30),
        ),
        # A long target: 50 working days of 8 h from a Monday morning end on the tenth
        # Friday evening (whole weeks are skipped at once).
        (
            Calendar("Asia/Shanghai", LUNCH),
            at(2026, 11, 23, 9, 0),
            50 * 8 * 60,
            at(2027, 1, 29, 18, 0),
        ),
    ],
)
def test_hand_worked_due_dates(calendar, start, minutes, due):
    assert add_business_minutes(calendar, start, minutes) == due.astimezone(dt.UTC)
    assert business_seconds_between(calendar, start, due) == minutes * 60


def test_dst_zone_counts_real_elapsed_time():
    # New York springs forward on 2026-03-08 at 02:00: that day has 23 hours.
    ny = ZoneInfo("America/New_York")
    cal = Calendar("America/New_York", TWENTY_FOUR_SEVEN)
    start = at(2026, 3, 8, 0, 0, tz=ny)
    assert add_business_minutes(cal, start, 24 * 60) == at(2026, 3, 9, 1, 0, tz=ny).astimezone(
        dt.UTC
    )
    office = Calendar("America/New_York", OFFICE)
    assert add_business_minutes(office, at(2026, 3, 6, 17, 0, tz=ny), 120) == at(
        2026, 3, 9, 10, 0, tz=ny
    ).astimezone(dt.UTC)


def test_a_calendar_without_working_time_is_an_error_not_a_loop():
    empty = Calendar(
        "Asia/Shanghai", {d: [] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    )
    with pytest.raises(NoWorkingTime):
        add_business_minutes(empty, at(2026, 1, 1, 9), 60)
    all_holidays = Calendar(
        "Asia/Shanghai",
        OFFICE,
        frozenset(dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(2000)),
    )
    with pytest.raises(NoWorkingTime):
        add_business_minutes(all_holidays, at(2026, 1, 1, 9), 60)


@pytest.mark.parametrize(
    "hours",
    [
        "9 to 5",
        {"mon": [["18:00", "09:00"]]},
        {"mon": [["09:00", "12:00"], ["11:00", "13:00"]]},
        {"mon": [["9:00", "12:00"]]},
        {"mon": [["24:00", "24:00"]]},
        {"mon": [["09:00", "25:00"]]},
        {"funday": []},
        {"mon": ["09:00-18:00"]},
    ],
)
def test_bad_hours_are_refused(hours):
    with pytest.raises(CalendarError):
        parse_hours(hours)


def test_unknown_time_zone_is_refused():
    with pytest.raises(CalendarError):
        Calendar("Mars/Olympus", OFFICE)


def test_negative_minutes_are_refused():
    with pytest.raises(ValueError):
        add_business_minutes(Calendar("Asia/Shanghai", OFFICE), at(2026, 1, 5, 9), -1)


# --- laws ---------------------------------------------------------------------------------

CALENDARS = st.sampled_from(
    [
        CN_2026,
        Calendar("Asia/Shanghai", OFFICE),
        Calendar("Europe/Berlin", LUNCH),
        Calendar("America/New_York", TWENTY_FOUR_SEVEN),
    ]
)
# Instants with microseconds on purpose: rounding must never break a law.
INSTANTS = st.datetimes(
    min_value=dt.datetime(2026, 1, 1),
    max_value=dt.datetime(2026, 12, 31),
    timezones=st.just(dt.UTC),
)
MINUTES = st.integers(min_value=0, max_value=30_000)


@settings(max_examples=150, deadline=None)
@given(cal=CALENDARS, start=INSTANTS, x=MINUTES, y=MINUTES)
def test_adding_x_then_y_is_adding_x_plus_y(cal, start, x, y):
    assert add_business_minutes(
        cal, add_business_minutes(cal, start, x), y
    ) == add_business_minutes(cal, start, x + y)


@settings(max_examples=150, deadline=None)
@given(cal=CALENDARS, start=INSTANTS, x=MINUTES)
def test_time_between_start_and_due_is_the_target(cal, start, x):
    assert business_seconds_between(cal, start, add_business_minutes(cal, start, x)) == x * 60


@settings(max_examples=150, deadline=None)
@given(cal=CALENDARS, start=INSTANTS, x=st.integers(min_value=1, max_value=30_000))
def test_due_dates_never_fall_inside_a_holiday_or_off_hours(cal, start, x):
    due = add_business_minutes(cal, start, x)
    just_before = (due - dt.timedelta(microseconds=1)).astimezone(cal._tz)
    minute = just_before.hour * 60 + just_before.minute
    assert any(s <= minute < e for s, e in cal.intervals(just_before.date()))


@settings(max_examples=100, deadline=None)
@given(cal=CALENDARS, a=INSTANTS, b=INSTANTS, c=INSTANTS)
def test_between_is_additive(cal, a, b, c):
    a, b, c = sorted((a, b, c))
    assert business_time_between(cal, a, c) == (
        business_time_between(cal, a, b) + business_time_between(cal, b, c)
    )


# --- timers: segments and working days ---------------------------------------------------

OFFICE_CAL = Calendar("Asia/Shanghai", OFFICE)


def test_elapsed_in_segments_counts_only_working_time():
    segments = [
        (at(2026, 12, 4, 16, 0), at(2026, 12, 7, 10, 0)),  # Friday 16:00 → Monday 10:00
        (at(2026, 12, 7, 12, 0), at(2026, 12, 7, 12, 30)),
    ]
    assert elapsed_in(OFFICE_CAL, segments) == dt.timedelta(hours=3, minutes=30)


def test_instant_after_finds_a_past_crossing_inside_a_closed_segment():
    segments = [(at(2026, 12, 7, 9, 0), at(2026, 12, 7, 15, 0))]
    crossing = instant_after(OFFICE_CAL, segments, None, dt.timedelta(hours=2))
    assert crossing == at(2026, 12, 7, 11, 0)


def test_instant_after_is_none_while_paused_short_of_the_target():
    segments = [(at(2026, 12, 7, 9, 0), at(2026, 12, 7, 10, 0))]
    assert instant_after(OFFICE_CAL, segments, None, dt.timedelta(hours=2)) is None
    resumed = instant_after(OFFICE_CAL, segments, at(2026, 12, 8, 9, 0), dt.timedelta(hours=2))
    assert resumed == at(2026, 12, 8, 10, 0)


@given(
    cal=CALENDARS,
    start=INSTANTS,
    x=MINUTES,
    gap=MINUTES,
    y=st.integers(min_value=1, max_value=20_000),
)
def test_a_pause_moves_the_due_time_by_exactly_the_working_time_paused(cal, start, x, gap, y):
    """Run x minutes, pause for `gap` minutes of wall time, resume: the due time for x + y
    is the plain one pushed by exactly the working time inside the pause."""
    pause_start = add_business_minutes(cal, start, x)
    resume = pause_start + dt.timedelta(minutes=gap)
    due = instant_after(cal, [(start, pause_start)], resume, dt.timedelta(minutes=x + y))
    paused = business_time_between(cal, pause_start, resume)
    plain = add_business_minutes(cal, start, x + y)
    assert due == add_business_minutes(cal, plain, paused.total_seconds() / 60)
    assert due == add_business_minutes(cal, resume, y)


@pytest.mark.parametrize(
    ("resolved", "days", "closes"),
    [
        (at(2026, 12, 4, 15, 0), 3, at(2026, 12, 10, 0, 0)),  # Friday → after Wednesday
        (at(2026, 12, 7, 9, 0), 1, at(2026, 12, 9, 0, 0)),  # Monday → after Tuesday
        (at(2026, 12, 5, 11, 0), 1, at(2026, 12, 8, 0, 0)),  # Saturday → after Monday
        (at(2026, 12, 7, 9, 0), 0, at(2026, 12, 8, 0, 0)),  # the same day
    ],
)
def test_after_working_days(resolved, days, closes):
    assert after_working_days(OFFICE_CAL, resolved, days) == closes


def test_after_working_days_skips_national_day_and_counts_the_make_up_saturday():
    # 2026: 1-7 October off; Saturday 10 October is a make-up working day.
    assert after_working_days(CN_2026, at(2026, 9, 30, 15, 0), 2) == at(2026, 10, 10, 0, 0)
    assert after_working_days(CN_2026, at(2026, 9, 30, 15, 0), 3) == at(2026, 10, 11, 0, 0)
