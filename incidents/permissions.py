"""Who may see and act on a ticket (docs/api.md role table), in terms of accounts.roles.

- requesters see the tickets they requested; on them they may `close` (confirm) or
  `reopen` a resolved ticket, `cancel` an open one, and write public comments;
- agents see every ticket and act on those of their groups, or unassigned ones;
- managers act on tickets of the groups they manage (or are members of), or unassigned;
- admins act on everything. Internal work notes are for agents and up only;
- the agent who logged a ticket (`opened_by`) may keep working it wherever it was routed:
  whoever takes the call sees it through ("no passing the buck").
"""

from functools import cached_property
from typing import TYPE_CHECKING, Protocol, TypeVar

from django.db.models import Model, Q, QuerySet

from accounts import roles
from accounts.models import User
from incidents import workflow
from incidents.models import Ticket

if TYPE_CHECKING:
    from accounts.models import User
    from incidents.models import Ticket


Row = TypeVar("Row", bound=Model)


class _Flagged(Protocol):
    internal: bool


def can_view(user: "User", ticket: "Ticket") -> bool:
    if roles.is_agent(user):
        return True
    return roles.has_role(user, roles.Role.REQUESTER) and ticket.requester_id == user.pk


class Rights:
    """What the ticket checks need to know of a user, read once: a list of 200 tickets asks
    the same questions of every row (`Rights(user).allowed_actions(ticket)` per row)."""

    def __init__(self, user: "User") -> None:
        self.user = user
        self.user_id = user.pk

    @cached_property
    def agent(self) -> bool:
        return roles.is_agent(self.user)

    @cached_property
    def groups(self) -> frozenset[int] | None:
        """The groups whose tickets the user acts on; None: every group (admins)."""
        return roles.actionable_group_ids(self.user)

    def can_work(self, ticket: "Ticket") -> bool:
        """Staff rights on this ticket: assign, transition, edit, work notes."""
        groups = self.groups
        if groups is None:
            return True
        if not self.agent:
            return False
        if ticket.opened_by_id is not None and ticket.opened_by_id == self.user_id:
            return True
        return ticket.assignment_group_id is None or ticket.assignment_group_id in groups

    def can_perform(self, ticket: "Ticket", action: str) -> bool:
        spec = workflow.ACTIONS.get(action)
        if spec is None:
            return False
        if self.can_work(ticket):
            return True
        return spec.requester_may and ticket.requester_id == self.user_id

    def allowed_actions(self, ticket: "Ticket") -> list[str]:
        """Actions this user may take now, given the ticket's status."""
        actions = workflow.actions_from(ticket.status)
        if not actions or self.can_work(ticket):
            return actions
        return [a for a in actions if self.can_perform(ticket, a)]


def can_work(user: "User", ticket: "Ticket") -> bool:
    """Staff rights on this ticket: assign, transition, edit, work notes."""
    return Rights(user).can_work(ticket)


def is_own_request(user: "User", ticket: "Ticket") -> bool:
    return bool(ticket.requester_id == user.pk)


def can_perform(user: "User", ticket: "Ticket", action: str) -> bool:
    return Rights(user).can_perform(ticket, action)


def allowed_actions(user: "User", ticket: "Ticket") -> list[str]:
    """Actions this user may take now, given the ticket's status."""
    return Rights(user).allowed_actions(ticket)


def can_contribute(user: "User", ticket: "Ticket") -> bool:
    """Public replies and files: the requester on their own ticket, and any agent."""
    return is_own_request(user, ticket) or roles.is_agent(user)


def can_comment(user: "User", ticket: "Ticket", internal: bool) -> bool:
    return can_write_internal(user) if internal else can_contribute(user, ticket)


def can_read_tasks(user: "User") -> bool:
    """A ticket's checklist is the team's own handling steps: agents and up read it,
    requesters do not (the API answers them 403, the portal does not show it)."""
    return roles.is_agent(user)


def can_work_tasks(user: "User", ticket: "Ticket") -> bool:
    """Who ticks a ticket's tasks: whoever may work the ticket."""
    return can_work(user, ticket)


# --- internal rows: work notes, internal files, internal history --------------------------


def sees_internal(user: "User | None") -> bool:
    """Internal work notes, files and history rows are for agents and up (docs/api.md role
    table); requesters, and anyone not signed in, never see them."""
    return user is not None and roles.is_agent(user)


def can_write_internal(user: "User") -> bool:
    """Who may write an internal work note or attach an internal file: who may read them."""
    return sees_internal(user)


# A ticket's comments, attachments and history rows that every reader of it may see.
PUBLIC_ROWS = Q(internal=False)


def readable_rows(user: "User | None", rows: QuerySet[Row]) -> QuerySet[Row]:
    """The comments, attachments or history rows of `rows` that `user` may read: all of
    them for agents, only PUBLIC_ROWS for everyone else."""
    return rows if sees_internal(user) else rows.filter(PUBLIC_ROWS)


def is_public_row(row: _Flagged) -> bool:
    """PUBLIC_ROWS for one row already read (the requester's view of the history)."""
    return not row.internal
