"""`{% asset_alerts asset as rows %}`: a CI's alert history for its page, so the assets
views need no change (used by inbound/_asset_alerts.html). None for who may not see it."""

from django import template

from inbound import permissions, queries

register = template.Library()


@register.simple_tag(takes_context=True)
def asset_alerts(context, asset) -> list | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not permissions.sees_alert_history(user):
        return None
    return list(queries.alerts_of_asset(asset))
