"""DRF permission classes for the role table of docs/api.md, built on `accounts.roles`."""

from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts import roles
from accounts.roles import Role


class RolePermission(permissions.BasePermission):
    """Read from `read_role` up, write from `write_role` up.

    Subclass (or use `role_permission`) to state a row of the role table.
    """

    read_role: str = Role.AGENT
    write_role: str = Role.ADMIN

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return roles.has_role(request.user, self.read_role)
        return roles.has_role(request.user, self.write_role)


def role_permission(read: str, write: str) -> type[RolePermission]:
    """A permission class for one row of the role table: `role_permission(AGENT, ADMIN)`."""
    return type(
        f"Read{read.title()}Write{write.title()}",
        (RolePermission,),
        {"read_role": read, "write_role": write},
    )


ReadAgentWriteAdmin = role_permission(Role.AGENT, Role.ADMIN)
ReadAgentWriteManager = role_permission(Role.AGENT, Role.MANAGER)
