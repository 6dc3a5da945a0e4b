"""The recurrence rule on a working calendar (pure): real 2027 Chinese holidays from the
`holidays` package, a 调休 make-up day counted as working, skip and keep."""

import datetime as dt

import pytest
from holidays import country_holidays

from maintenance import recurrence
from maintenance.recurrence import RecurrenceError, occurrences, parse_rule
from sla.businesstime import Calendar

OFFICE = {
    **{d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
    "sat": [],
    "sun": [],
}
HOLIDAYS_2027 = frozenset(d for d in country_holidays("CN", years=2027) if d.year == 2027)
# A Saturday made a working day (调休), as the State Council announces them.
MAKE_UP = dt.date(2027, 5, 8)
CALENDAR = Calendar("Asia/Shanghai", OFFICE, holidays=HOLIDAYS_2027, workdays=frozenset({MAKE_UP}))
FIRST_MONDAY = "FREQ=MONTHLY;BYDAY=1MO"
D = dt.date


JANUARY = D(2027, 1, 1)


def _dates(rule: str, policy: str, first: dt.date, last: dt.date, start=JANUARY):
    found = occurrences(parse_rule(rule, start), CALENDAR, policy, first, last)
    return [(o.date, o.original_date, o.moved) for o in found]


def test_the_holidays_are_the_official_ones():
    # Qingming (5 April) and Labour Day (1–4 May) 2027 fall on first Mondays.
    assert {D(2027, 4, 5), D(2027, 5, 3), D(2027, 5, 4)} <= HOLIDAYS_2027
    assert D(2027, 5, 5) not in HOLIDAYS_2027


def test_first_monday_moves_off_a_holiday_to_the_next_working_day():
    assert _dates(FIRST_MONDAY, "next_working_day", D(2027, 4, 1), D(2027, 6, 30)) == [
        (D(2027, 4, 6), D(2027, 4, 5), True),  # Qingming → Tuesday
        (D(2027, 5, 5), D(2027, 5, 3), True),  # Labour Day, 3 and 4 May off → Wednesday
        (D(2027, 6, 7), D(2027, 6, 7), False),
    ]


def test_skip_leaves_the_holiday_out_and_keep_keeps_it():
    assert _dates(FIRST_MONDAY, "skip", D(2027, 4, 1), D(2027, 6, 30)) == [
        (D(2027, 6, 7), D(2027, 6, 7), False)
    ]
    assert [d for d, _o, _m in _dates(FIRST_MONDAY, "keep", D(2027, 4, 1), D(2027, 6, 30))] == [
        D(2027, 4, 5),
        D(2027, 5, 3),
        D(2027, 6, 7),
    ]


def test_a_make_up_saturday_counts_as_a_working_day():
    saturdays = _dates("FREQ=WEEKLY;BYDAY=SA", "next_working_day", D(2027, 5, 7), D(2027, 5, 17))
    assert saturdays == [
        (D(2027, 5, 8), D(2027, 5, 8), False),  # 调休: worked, not moved
        (D(2027, 5, 17), D(2027, 5, 15), True),  # an ordinary Saturday → Monday
    ]
    # Counting working days back from Monday 10 May: Saturday 8 May is one of them.
    assert recurrence.working_days_before(CALENDAR, D(2027, 5, 10), 1) == D(2027, 5, 8)
    # And over the Labour Day holidays: two working days before 5 May is 29 April.
    assert recurrence.working_days_before(CALENDAR, D(2027, 5, 5), 2) == D(2027, 4, 29)


def test_a_date_moved_into_the_range_counts_and_one_moved_out_does_not():
    assert _dates(FIRST_MONDAY, "next_working_day", D(2027, 5, 4), D(2027, 5, 5)) == [
        (D(2027, 5, 5), D(2027, 5, 3), True)
    ]
    assert _dates(FIRST_MONDAY, "next_working_day", D(2027, 5, 1), D(2027, 5, 4)) == []


def test_the_start_date_bounds_the_rule():
    assert _dates(FIRST_MONDAY, "keep", D(2027, 1, 1), D(2027, 3, 31), start=D(2027, 2, 2)) == [
        (D(2027, 3, 1), D(2027, 3, 1), False)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "FREQ=SOMETIMES",
        "BYDAY=1MO",
        "FREQ=MONTHLY;BYDAY=XX",
        "FREQ=HOURLY",
        "FREQ=MINUTELY;INTERVAL=1",
        "DTSTART:20270101T000000\nRRULE:FREQ=DAILY",
        "FREQ=DAILY;DTSTART=20270101",
        "FREQ=DAILY;" + "X" * 600,
        "FREQ=MONTHLY;BYMONTHDAY=40",
    ],
)
def test_what_is_not_a_plannable_rule_is_refused(text):
    with pytest.raises(RecurrenceError):
        parse_rule(text, D(2027, 1, 1))


def test_an_rrule_prefix_is_accepted():
    rule = parse_rule("RRULE:FREQ=WEEKLY;BYDAY=FR", D(2027, 1, 1))
    assert rule.after(rule._dtstart).date() == D(2027, 1, 8)


def test_the_window_is_in_the_calendars_zone():
    start, end = recurrence.window(CALENDAR, D(2027, 5, 5), dt.time(20, 0), 90)
    assert start.isoformat() == "2027-05-05T20:00:00+08:00"
    assert end - start == dt.timedelta(minutes=90)
