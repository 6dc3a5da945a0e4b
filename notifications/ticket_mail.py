"""Every email about a ticket, queued when the ticket workflow publishes its events
(incidents.events; subscribed in `NotificationsConfig.ready()` in `Phase.NOTIFY`, after
the SLA timers, so a mail shows the due times the timers just set). Mails go through the
outbox, in the publisher's transaction, and are sent after commit. Templates:
incidents/templates/notifications/ticket_*.txt; dedupe keys keep one mail per occasion.
"""

from __future__ import annotations

from typing import Any

from incidents import events
from incidents.models import Ticket
from incidents.queries import staff_recipients
from notifications import services as outbox

Mail = tuple[Any, str, dict[str, Any], str]


def assignment_mails(ticket: Ticket) -> list[Mail]:
    """The outbox items telling the assignee (else the group's members) of an assignment."""
    template = "ticket_assigned_you" if ticket.assignee_id else "ticket_assigned_group"
    context = {"ticket": ticket}
    return [
        (user, template, context, f"assign:{ticket.pk}:v{ticket.version}:{user.pk}")
        for user in staff_recipients(ticket)
    ]


def _resolution_due_at(ticket: Ticket) -> Any:
    # The timers the SLA subscriber just started, kept on the ticket (no query).
    return next((t.due_at for t in ticket.sla_timers.all() if t.kind == "resolution"), None)


def on_opened(event: events.TicketOpened | events.TicketApproved) -> None:
    # The group hears of it, the requester gets its number and what happens next: one
    # INSERT for all of them (each context is rendered once per language).
    ticket = event.ticket
    group = ticket.assignment_group if ticket.assignment_group_id else None
    mails = assignment_mails(ticket) if group is not None else []
    opened = {
        "ticket": ticket,
        "group": group,
        "resolution_due_at": _resolution_due_at(ticket),
    }
    mails.append((ticket.requester, "ticket_opened", opened, f"opened:{ticket.pk}"))
    outbox.queue_many(mails, impersonal=True)


def on_assigned(event: events.TicketAssigned) -> None:
    # One INSERT for the whole group, not a savepoint and an INSERT per member; neither
    # message names its recipient, so each language is rendered once.
    outbox.queue_many(assignment_mails(event.ticket), impersonal=True)


def on_reopened(event: events.TicketReopened) -> None:
    # The assignee (else the group) hears of it, unless they reopened it themselves.
    ticket = event.ticket
    context = {"ticket": ticket, "actor": event.actor, "reason": event.reason}
    outbox.queue_many(
        [
            (user, "ticket_reopened", context, f"reopened:{ticket.pk}:v{ticket.version}:{user.pk}")
            for user in staff_recipients(ticket, exclude=event.actor)
        ],
        impersonal=True,
    )


def on_resolved(event: events.TicketResolved) -> None:
    ticket = event.ticket
    outbox.queue(
        ticket.requester,
        "ticket_resolved",
        {"ticket": ticket},
        f"resolved:{ticket.pk}:v{ticket.version}",
    )


def on_comment(event: events.CommentAdded) -> None:
    ticket, comment = event.ticket, event.comment
    if event.staff_reply:
        outbox.queue(
            ticket.requester,
            "ticket_reply",
            {"ticket": ticket, "comment": comment},
            f"reply:{comment.pk}",
        )
    elif event.customer_reply:
        for user in staff_recipients(ticket):
            outbox.queue(
                user,
                "ticket_customer_reply",
                {"ticket": ticket, "comment": comment, "resumed": event.resumed},
                f"customer-reply:{comment.pk}:{user.pk}",
            )


def on_promise_due(event: events.PromiseDue) -> None:
    ticket = event.ticket
    for user in staff_recipients(ticket):
        outbox.queue(user, "promise_due", {"ticket": ticket}, f"promise:{ticket.pk}:{user.pk}")


def subscribe() -> None:
    phase = events.Phase.NOTIFY
    events.subscribe(events.TicketOpened, on_opened, phase=phase)
    # An approved ticket is opened for the desk now: the same mails, the timers just set.
    events.subscribe(events.TicketApproved, on_opened, phase=phase)
    events.subscribe(events.TicketAssigned, on_assigned, phase=phase)
    events.subscribe(events.TicketReopened, on_reopened, phase=phase)
    events.subscribe(events.TicketResolved, on_resolved, phase=phase)
    events.subscribe(events.CommentAdded, on_comment, phase=phase)
    events.subscribe(events.PromiseDue, on_promise_due, phase=phase)
