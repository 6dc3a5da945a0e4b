"""`{% sla_badge ticket %}`, the `business_duration` and `moment` filters for queues,
ticket pages and the live view."""

import datetime as dt

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sla import queries, targets, timers

register = template.Library()


@register.filter
def business_duration(value: dt.timedelta | None) -> str:
    """Business time as "2 h 05 min" (or "15 min"); the sign is dropped."""
    if value is None:
        return ""
    minutes = int(abs(value).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return _("%(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    return _("%(m)d min") % {"m": minutes}


def format_target(minutes: int, day_minutes: int | None) -> str:
    """A target in business time: "2 business days" (whole working days of the calendar),
    else "4 h", "1 h 30 min", "45 min"."""
    days, hours, rest = targets.split(minutes, day_minutes)
    if days:
        return ngettext("%(n)d business day", "%(n)d business days", days) % {"n": days}
    parts = [_("%(n)s h") % {"n": hours}] if hours else []
    if rest or not hours:
        parts.append(_("%(m)d min") % {"m": rest})
    return " ".join(parts)


@register.filter
def business_target(minutes, calendar=None) -> str:
    """`{{ policy.response_minutes|business_target:policy.calendar }}`; without a calendar,
    hours and minutes only."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return "" if minutes is None else str(minutes)
    day = calendar.working_day_minutes if calendar is not None else None
    return format_target(minutes, day)


@register.filter
def moment(value: dt.datetime | None) -> str:
    """An instant in the reader's zone: the time alone today ("14:30"), else with its date
    ("3 December 14:30"), and with its year when not this year."""
    if value is None:
        return ""
    local, today = timezone.localtime(value), timezone.localdate()
    time = formats.time_format(local, "H:i")
    if local.date() == today:
        return time
    if local.year == today.year:
        return f"{formats.date_format(local, 'MONTH_DAY_FORMAT')} {time}"
    return f"{formats.date_format(local, 'Y-m-d')} {time}"


@register.inclusion_tag("sla/_badge.html")
def sla_badge(ticket, detailed=False, by_due=False):
    """The ticket's SLA badge: business time left (or overdue); `by_due` for lists ordered
    by due time, where it says the due instant instead ("due 14:30", "overdue since
    3 December 09:00") so that the words follow the order."""
    badge = queries.badge(ticket)
    due_words = by_due and badge is not None and badge.due_at is not None
    return {
        "badge": badge,
        "detailed": detailed,
        "by_due": by_due,
        # Formatted here, once, and only what the badge will show (a list has 25 of them).
        "d": business_duration(badge.remaining) if badge is not None else "",
        "when": moment(badge.due_at) if due_words else "",
    }


@register.filter
def timer_used(timer) -> dt.timedelta:
    return timers.live_elapsed(timer)


@register.filter
def timer_left(timer) -> dt.timedelta:
    return timers.remaining(timer)
