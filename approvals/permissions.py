"""Who may see and decide approval requests (docs/api.md, "Approvals")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts import roles

if TYPE_CHECKING:
    from accounts.models import User
    from accounts.roles import RequestUser
    from approvals.models import Approval


def sees_all(user: RequestUser) -> bool:
    """Agents, managers and admins see every approval request."""
    return roles.is_agent(user)


def is_approver(user: User, approval: Approval) -> bool:
    """Only the person asked decides (a delegate decides on the delegator's behalf)."""
    return bool(approval.approver_id == user.pk)


def may_edit_delegation(user: User) -> bool:
    """Besides each user for themselves, admins (who manage users) set delegations."""
    return roles.is_admin(user)
