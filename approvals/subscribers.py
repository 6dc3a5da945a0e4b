"""What approvals does when a ticket changes (incidents.events), subscribed in
`ApprovalsConfig.ready()`: the first step opens when a ticket is opened awaiting approval;
a ticket cancelled while waiting skips its pending requests."""

from __future__ import annotations

from approvals import services
from incidents import events, workflow


def on_approval_requested(event: events.ApprovalRequested) -> None:
    services.open_first_step(event.ticket, event.actor)


def on_status_changed(event: events.StatusChanged) -> None:
    if event.old == workflow.AWAITING_APPROVAL and event.new == workflow.CANCELLED:
        services.skip_pending(event.ticket)


def subscribe() -> None:
    events.subscribe(events.ApprovalRequested, on_approval_requested, phase=events.Phase.FOLLOW_UP)
    events.subscribe(events.StatusChanged, on_status_changed, phase=events.Phase.FOLLOW_UP)
