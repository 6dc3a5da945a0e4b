"""What `satisfaction` does when a ticket changes: a survey on each resolution
(incidents.events; subscribed in `SatisfactionConfig.ready()`)."""

from __future__ import annotations

from incidents import events
from satisfaction import services


def on_resolved(event: events.TicketResolved) -> None:
    services.schedule_survey(event.ticket)


def subscribe() -> None:
    events.subscribe(events.TicketResolved, on_resolved, phase=events.Phase.FOLLOW_UP)
