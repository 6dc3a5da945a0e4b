"""`{% asset_windows asset as windows %}`: a CI's upcoming planned windows (the CI page)."""

import datetime as dt

from django import template
from django.utils import timezone

from maintenance import permissions, queries

register = template.Library()

# How far ahead the CI page looks, and how many windows it lists.
UPCOMING_DAYS = 90
UPCOMING_MAX = 5


@register.simple_tag(takes_context=True)
def asset_windows(context, asset) -> list[queries.Window]:
    request = context.get("request")
    if request is None or not permissions.can_read_plans(request.user):
        return []
    now = timezone.now()
    today = timezone.localdate()
    found = queries.windows(today, today + dt.timedelta(days=UPCOMING_DAYS), asset=asset.pk)
    return [w for w in found if w.ends_at > now][:UPCOMING_MAX]
