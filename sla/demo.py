"""Demo service levels: the shipped office calendar (sla/defaults.py) with this and next
year's official holidays, a 24x7 calendar, one policy per priority and a default
(idempotent). The shipped policies are reused: their scopes get the demo's targets."""

from django.utils import timezone

from sla import defaults, sweep
from sla.businesstime import TWENTY_FOUR_SEVEN
from sla.models import BusinessCalendar, SLAPolicy, SLATimer
from sla.services import load_official_holidays

OFFICE_HOURS = defaults.OFFICE_HOURS
# name, calendar, priority, response, resolution
POLICIES = [
    ("P1 critical · 24×7 / 紧急", "24x7", 1, 15, 240),
    ("P2 high / 高", "office", 2, 30, 480),
    ("P3 medium / 中", "office", 3, 60, 1440),
    ("P4 low / 低", "office", 4, 240, 2880),
    ("P5 planning / 计划", "office", 5, 480, 5760),
    ("Default / 默认", "office", None, 120, 2400),
]


def seed(stdout=None) -> None:
    office, _ = BusinessCalendar.objects.get_or_create(
        name=defaults.CALENDAR_NAME,
        defaults={"timezone": defaults.CALENDAR_TIMEZONE, "hours": defaults.OFFICE_HOURS},
    )
    year = timezone.localdate().year
    for y in (year, year + 1):
        load_official_holidays(office, y)
    always, _ = BusinessCalendar.objects.get_or_create(
        name="7×24", defaults={"timezone": "Asia/Shanghai", "hours": TWENTY_FOUR_SEVEN}
    )
    calendars = {"office": office, "24x7": always}
    for name, calendar, priority, response, resolution in POLICIES:
        SLAPolicy.objects.update_or_create(
            service=None,
            customer_unit=None,
            priority=priority,
            is_active=True,
            defaults={
                "name": name,
                "calendar": calendars[calendar],
                "response_minutes": response,
                "resolution_minutes": resolution,
                "warn_at_percent": 80,
            },
        )
    if stdout:
        stdout.write(f"sla: 2 calendars, {len(POLICIES)} policies")


def flag_crossings() -> None:
    """Flag demo warnings and breaches without mailing anybody about old news."""
    sweep.mark_crossings()
    SLATimer.objects.filter(warned_at__isnull=False).update(warn_notified=True)
    SLATimer.objects.filter(breached_at__isnull=False).update(breach_notified=True)
