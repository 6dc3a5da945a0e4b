"""A ticket leaving `awaiting_approval`: released (routed, timers start) or rejected
(cancelled with the rejection comment). The approvals app decides who may decide and calls
these with the ticket locked in its transaction; this module names no other app."""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import IllegalTransition
from incidents import events, workflow
from incidents.models import ApprovalState, EventKind, Ticket
from incidents.services.actions import apply
from incidents.services.common import record
from incidents.services.tickets import initial_status, routing_group


def _check_awaiting(ticket: Ticket) -> None:
    if ticket.status != workflow.AWAITING_APPROVAL:
        raise IllegalTransition(_("This ticket is no longer awaiting approval."))


def release_from_approval(actor: User | None, ticket: Ticket) -> Ticket:
    """Approved: route the ticket as if it were opened now (its SLA timers start now).
    `ticket` is locked by the caller's transaction."""
    _check_awaiting(ticket)
    group = routing_group(ticket.catalog_item if ticket.catalog_item_id else None)
    old = ticket.status
    ticket.status = initial_status(False, group)
    ticket.assignment_group = group
    ticket.approval_state = ApprovalState.APPROVED
    ticket.version = F("version") + 1
    ticket.save(
        update_fields=["status", "assignment_group", "approval_state", "version", "updated_at"]
    )
    ticket.refresh_from_db()
    record(ticket, actor, EventKind.TRANSITION, "status", old, ticket.status)
    if group is not None:
        record(ticket, None, EventKind.ASSIGNMENT, "assignment_group", "", group.name)
    events.publish(events.StatusChanged(ticket, actor, old, ticket.status))
    # SLA timers start, the group hears of it, the requester is told (subscribers).
    events.publish(events.TicketApproved(ticket, actor))
    return ticket


def reject_from_approval(actor: User, ticket: Ticket, reason: str) -> Ticket:
    """Rejected: cancelled, the rejection comment as the cancel reason. `ticket` is locked
    by the caller's transaction."""
    _check_awaiting(ticket)
    ticket.approval_state = ApprovalState.REJECTED
    ticket.save(update_fields=["approval_state"])
    return apply(actor, ticket, "cancel", {"reason": reason})
