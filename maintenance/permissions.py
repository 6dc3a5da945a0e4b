"""Who may see and change maintenance plans (docs/api.md role table): agents and up read
plans, windows and previews; managers and admins write plans; requesters see none."""

from typing import TYPE_CHECKING

from accounts import roles

if TYPE_CHECKING:
    from accounts.roles import RequestUser


def can_read_plans(user: "RequestUser") -> bool:
    return roles.is_agent(user)


def can_write_plans(user: "RequestUser") -> bool:
    return roles.is_manager(user)
