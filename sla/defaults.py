"""The service levels a new desk starts with (shipped by `sla`'s initial migration).

A fresh install has SLAs from its first ticket: a "Standard office hours" calendar with this
and next year's official Chinese holidays and make-up days, and one policy per priority with
ITIL-style targets in business minutes. Managers edit them like any other calendar or
policy. The names are stored in English; `display_name` shows them in the reader's language
until a manager renames them.
"""

from django.utils.translation import gettext, gettext_noop

CALENDAR_NAME = gettext_noop("Standard office hours")
CALENDAR_TIMEZONE = "Asia/Shanghai"
# Monday to Friday, 09:00–12:00 and 13:00–18:00: eight business hours a day.
OFFICE_HOURS = {
    **{d: [["09:00", "12:00"], ["13:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
    "sat": [],
    "sun": [],
}

# name, priority, response minutes, resolution minutes (business time on the calendar above)
POLICIES = [
    (gettext_noop("P1 Critical"), 1, 15, 4 * 60),  # respond in 15 min, resolve in 4 h
    (gettext_noop("P2 High"), 2, 30, 8 * 60),  # 30 min, one business day
    (gettext_noop("P3 Medium"), 3, 2 * 60, 3 * 8 * 60),  # 2 h, three business days
    (gettext_noop("P4 Low"), 4, 4 * 60, 5 * 8 * 60),  # 4 h, a business week
    (gettext_noop("P5 Planning"), 5, 8 * 60, 10 * 8 * 60),  # one day, two business weeks
]
WARN_AT_PERCENT = 80

SHIPPED_NAMES = frozenset([CALENDAR_NAME, *(name for name, *_ in POLICIES)])


def display_name(name: str) -> str:
    """A shipped calendar's or policy's name in the active language; any other name as is."""
    return gettext(name) if name in SHIPPED_NAMES else name


def create(calendar_model, policy_model, year: int) -> None:
    """Create the shipped calendar (with `year` and `year + 1`'s official holidays) and the
    policies of the priorities that have no active default policy yet.

    Takes the models as arguments so that the data migration runs it on its historical
    models; an existing desk keeps the policies it has (no second policy for a scope)."""
    from sla.services import merge_official_days

    holidays: list[str] = []
    workdays: list[str] = []
    for y in (year, year + 1):
        holidays, workdays, _ = merge_official_days(holidays, workdays, y)
    calendar, _ = calendar_model.objects.get_or_create(
        name=CALENDAR_NAME,
        defaults={
            "timezone": CALENDAR_TIMEZONE,
            "hours": OFFICE_HOURS,
            "holidays": holidays,
            "workdays": workdays,
        },
    )
    for name, priority, response, resolution in POLICIES:
        taken = policy_model.objects.filter(
            is_active=True, service=None, customer_unit=None, priority=priority
        ).exists()
        if not taken:
            policy_model.objects.create(
                name=name,
                calendar=calendar,
                priority=priority,
                response_minutes=response,
                resolution_minutes=resolution,
                warn_at_percent=WARN_AT_PERCENT,
            )
