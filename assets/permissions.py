"""Who may do what in the CMDB (docs/api.md role table).

- configuration items and relations: agents and up read and write; requesters read the
  items they own (the queryset limits them), write nothing;
- locations (buildings, rooms): agents and managers read, admins write;
- device categories: agents read, managers and admins write.
"""

from typing import TYPE_CHECKING

from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts import roles
from accounts.permissions import role_permission
from accounts.roles import Role

if TYPE_CHECKING:
    from accounts.roles import RequestUser

LocationPermission = role_permission(Role.AGENT, Role.ADMIN)
CategoryPermission = role_permission(Role.AGENT, Role.MANAGER)
RelationPermission = role_permission(Role.AGENT, Role.AGENT)
# Which numbers a room has taken is staff information, not the requester's own items.
NextTagPermission = role_permission(Role.AGENT, Role.AGENT)


class AssetPermission(permissions.BasePermission):
    """Requesters may read (their own items, by queryset); agents and up may write."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return roles.has_role(request.user, Role.REQUESTER)
        return roles.is_agent(request.user)


def can_manage_locations(user: "RequestUser") -> bool:
    return roles.is_admin(user)


def can_manage_categories(user: "RequestUser") -> bool:
    return roles.is_manager(user)
