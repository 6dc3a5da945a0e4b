"""Read-side helpers for the CMDB: who sees which configuration items."""

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from accounts import roles
from assets.models import Asset

if TYPE_CHECKING:
    from accounts.models import User


def assets_with_related() -> QuerySet[Asset]:
    return Asset.objects.select_related(
        "category", "customer_unit", "owner", "room", "room__building"
    )


def assets_visible_to(user: "User") -> QuerySet[Asset]:
    """Agents and up see the whole CMDB; requesters only the items they own."""
    qs = assets_with_related()
    if roles.is_agent(user):
        return qs
    if roles.has_role(user, roles.Role.REQUESTER):
        return qs.filter(owner=user)
    return qs.none()


def assets_owned_by(user: "User") -> QuerySet[Asset]:
    return assets_with_related().filter(owner=user).exclude(status="retired")
