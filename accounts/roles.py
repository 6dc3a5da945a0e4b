"""Roles and who belongs where: the one module every app asks.

`requester` (end user) < `agent` (works tickets) < `manager` (runs groups, sees
dashboards) < `admin` (everything). Checks are by rank: a manager may do what an agent
may. Group membership is cached on the user object for the length of a request.
"""

from typing import TYPE_CHECKING, TypeAlias

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # accounts.models imports Role from here
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    # Whoever a request is for: a signed-in user or the anonymous one (`request.user`).
    RequestUser: TypeAlias = User | AnonymousUser
    # What the role checks accept: a request's user, or nobody (tasks, the system).
    Person: TypeAlias = RequestUser | None


class Role(models.TextChoices):
    REQUESTER = "requester", _("Requester")
    AGENT = "agent", _("Agent")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Administrator")


RANK: dict[str, int] = {Role.REQUESTER: 0, Role.AGENT: 1, Role.MANAGER: 2, Role.ADMIN: 3}


def role_of(user: "Person") -> str | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def has_role(user: "Person", minimum: str) -> bool:
    """True when the user's role ranks at or above `minimum`."""
    role = role_of(user)
    return role is not None and RANK[role] >= RANK[minimum]


def is_requester_only(user: "Person") -> bool:
    return role_of(user) == Role.REQUESTER


def is_agent(user: "Person") -> bool:
    """Staff side of the desk: agents, managers and admins."""
    return has_role(user, Role.AGENT)


def is_manager(user: "Person") -> bool:
    return has_role(user, Role.MANAGER)


def is_admin(user: "Person") -> bool:
    return has_role(user, Role.ADMIN)


def _cached_ids(user: "Person", relation: str) -> frozenset[int]:
    """Ids reached through `user.<relation>`, fetched once per user object (request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cache: dict[str, frozenset[int]] = user.__dict__.setdefault("_itsm_role_cache", {})
    if relation not in cache:
        cache[relation] = frozenset(getattr(user, relation).values_list("id", flat=True))
    return cache[relation]


def group_ids(user: "Person") -> frozenset[int]:
    """Ids of the support groups the user is a member of."""
    return _cached_ids(user, "support_groups")


def managed_group_ids(user: "Person") -> frozenset[int]:
    """Ids of the support groups the user manages."""
    return _cached_ids(user, "managed_groups")


def actionable_group_ids(user: "Person") -> frozenset[int] | None:
    """Groups whose work the user may act on; None means every group (admin).

    Per docs/api.md: agents act on tickets of their groups, managers on groups they manage
    (and, being agents too, on the groups they are members of).
    """
    if is_admin(user):
        return None
    if is_manager(user):
        return managed_group_ids(user) | group_ids(user)
    if is_agent(user):
        return group_ids(user)
    return frozenset()


def reportable_group_ids(user: "Person") -> frozenset[int] | None:
    """Groups whose reports the user may see; None means all (managers and admins)."""
    if is_manager(user):
        return None
    if is_agent(user):
        return group_ids(user)
    return frozenset()


def report_group_scope(user: "Person", group_id: int | None = None) -> frozenset[int] | None:
    """The groups a report or CSAT figure for `user` covers (None: all), narrowed to
    `group_id` if given. PermissionDenied (403) for a group that is not the user's, or for
    someone with no group to report on: reports and CSAT answer alike."""
    allowed = reportable_group_ids(user)
    if allowed is not None and (not allowed or (group_id is not None and group_id not in allowed)):
        raise PermissionDenied
    return frozenset({group_id}) if group_id is not None else allowed
