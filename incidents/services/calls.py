"""Logging a phone or walk-in call from the desk."""

from django.db import transaction

from accounts.models import User
from incidents import workflow
from incidents.models import Ticket
from incidents.services.actions import perform
from incidents.services.tickets import NewTicket, create_ticket


def log_call(
    actor: User,
    new: NewTicket,
    *,
    solved: bool = False,
    resolution_code: str = "",
    resolution_notes: str = "",
) -> Ticket:
    """Open the caller's ticket. When the agent `solved` it on the line, it is opened, taken
    and resolved in one transaction (a bad resolution leaves no ticket behind); never
    reassigned nor reopened, it counts as first-contact resolution (reports.metrics)."""
    if not solved:
        return create_ticket(actor, new)
    with transaction.atomic():
        ticket = create_ticket(actor, new)
        if "start" in workflow.actions_from(ticket.status):
            ticket = perform(actor, ticket, "start")
        return perform(
            actor,
            ticket,
            "resolve",
            {"resolution_code": resolution_code, "resolution_notes": resolution_notes},
        )
