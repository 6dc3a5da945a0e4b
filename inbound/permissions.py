"""Who may manage the inbound channels (docs/api.md: mailboxes and integrations are for
admins), in terms of accounts.roles."""

from typing import TYPE_CHECKING

from accounts import roles

if TYPE_CHECKING:
    from accounts.roles import RequestUser


def can_manage_channels(user: "RequestUser") -> bool:
    """Mailboxes and monitoring integrations: admins only (they hold passwords and tokens)."""
    return roles.is_admin(user)


def sees_alert_history(user: "RequestUser") -> bool:
    """A CI's alert history on its page: the staff who read the CMDB."""
    return roles.is_agent(user)
