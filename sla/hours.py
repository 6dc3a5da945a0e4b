"""Working hours said in words ("Mon–Fri 09:00–12:00, 13:00–18:00"), from a calendar.

The portal's item page tells requesters when the desk works: the text comes from the
calendar of the SLA policy that would apply, so it can never disagree with the timers.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sla import businesstime
from sla.services import match_policy

WEEKDAY_NAMES = {
    "mon": gettext_lazy("Mon"),
    "tue": gettext_lazy("Tue"),
    "wed": gettext_lazy("Wed"),
    "thu": gettext_lazy("Thu"),
    "fri": gettext_lazy("Fri"),
    "sat": gettext_lazy("Sat"),
    "sun": gettext_lazy("Sun"),
}


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def describe_hours(hours: object, *, has_holidays: bool = False) -> str:
    """Consecutive weekdays with the same intervals in one group, in the active language."""
    try:
        weekly = businesstime.parse_hours(hours)
    except businesstime.CalendarError:
        return ""
    groups: list[tuple[list[str], tuple[tuple[int, int], ...]]] = []
    for day in businesstime.WEEKDAYS:
        spans = weekly[day]
        if not spans:
            continue
        previous = groups[-1] if groups else None
        follows = previous is not None and businesstime.WEEKDAYS.index(
            previous[0][-1]
        ) + 1 == businesstime.WEEKDAYS.index(day)
        if previous is not None and follows and previous[1] == spans:
            previous[0].append(day)
        else:
            groups.append(([day], spans))
    if not groups:
        return _("No working hours set")
    parts = []
    for days, spans in groups:
        if len(days) == 7:
            name = _("Every day")
        elif len(days) == 1:
            name = str(WEEKDAY_NAMES[days[0]])
        else:
            name = _("%(first)s–%(last)s") % {
                "first": WEEKDAY_NAMES[days[0]],
                "last": WEEKDAY_NAMES[days[-1]],
            }
        times = ", ".join(f"{_clock(a)}–{_clock(b)}" for a, b in spans)
        parts.append(f"{name} {times}")
    text = "; ".join(parts)
    if has_holidays:
        text = _("%(hours)s, except public holidays") % {"hours": text}
    return text


def support_hours(
    service_id: int | None, customer_unit_id: int | None, priority: int | None
) -> str | None:
    """The working hours of the policy that would apply, or None when no policy does."""
    policy = match_policy(service_id, customer_unit_id, priority)
    if policy is None:
        return None
    calendar = policy.calendar
    return describe_hours(calendar.hours, has_holidays=bool(calendar.holidays)) or None
