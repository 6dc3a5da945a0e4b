"""Logging a phone or walk-in call from the desk."""

from accounts.models import User
from incidents.models import Ticket
from incidents.services.actions import resolve_on_first_contact
from incidents.services.tickets import NewTicket, create_ticket


def log_call(
    actor: User,
    new: NewTicket,
    *,
    solved: bool = False,
    resolution_code: str = "",
    resolution_notes: str = "",
) -> Ticket:
    """Open the caller's ticket; when the agent `solved` it on the line, resolve it in the
    same transaction with the given resolution (first-contact resolution)."""
    if solved:
        return resolve_on_first_contact(actor, new, resolution_code, resolution_notes)
    return create_ticket(actor, new)
