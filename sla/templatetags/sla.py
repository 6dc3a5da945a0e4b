"""`{% sla_badge ticket %}` and the `business_duration` filter for queues and ticket pages."""

import datetime as dt

from django import template
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


@register.inclusion_tag("sla/_badge.html")
def sla_badge(ticket, detailed=False):
    return {"badge": queries.badge(ticket), "detailed": detailed}


@register.filter
def timer_used(timer) -> dt.timedelta:
    return timers.live_elapsed(timer)


@register.filter
def timer_left(timer) -> dt.timedelta:
    return timers.remaining(timer)
