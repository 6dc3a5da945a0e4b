"""Micro-benchmark of the due-date computation: `python -m bench.businesstime`.

Prints the mean cost of one `add_business_minutes` call over 10,000 random cases on the
Chinese 2026 office calendar (lunch break, holidays, make-up days) and on 24x7.
"""

import datetime as dt
import random
import time

import holidays

from sla.businesstime import TWENTY_FOUR_SEVEN, Calendar, add_business_minutes

CASES = 10_000


def main() -> None:
    cn = holidays.China(years=2026)
    office = {
        d: [["09:00", "12:00"], ["13:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")
    }
    calendars = {
        "office, CN holidays": Calendar(
            "Asia/Shanghai",
            {**office, "sat": [], "sun": []},
            frozenset(cn),
            frozenset(d for d in cn.weekend_workdays if d.year == 2026),
        ),
        "24x7": Calendar("Asia/Shanghai", TWENTY_FOUR_SEVEN),
    }
    rng = random.Random(1)
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    starts = [base + dt.timedelta(minutes=rng.randrange(0, 360 * 24 * 60)) for _ in range(CASES)]
    targets = [rng.choice([15, 30, 60, 240, 480, 1440, 2880, 5760]) for _ in range(CASES)]
    for name, calendar in calendars.items():
        began = time.perf_counter()
        for start, minutes in zip(starts, targets, strict=True):
            add_business_minutes(calendar, start, minutes)
        per_call = (time.perf_counter() - began) / CASES * 1e6
        print(f"due date on {name:<22} {per_call:8.1f} µs per call ({CASES} calls)")


if __name__ == "__main__":
    main()
