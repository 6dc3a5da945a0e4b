"""`{% sla_badge ticket %}`, the `business_duration` and `moment` filters for queues,
ticket pages and the live view."""

import datetime as dt

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from sla import queries, timers

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
    return {"badge": queries.badge(ticket), "detailed": detailed, "by_due": by_due}


@register.filter
def timer_used(timer) -> dt.timedelta:
    return timers.live_elapsed(timer)


@register.filter
def timer_left(timer) -> dt.timedelta:
    return timers.remaining(timer)
