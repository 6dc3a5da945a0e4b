"""What `sla` does when a ticket changes: the timers follow (incidents.events).

Subscribed in `SlaConfig.ready()` in `Phase.STATE`: the timers are state that later
subscribers read (the opened email shows the resolution due time).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Subquery, Value
from django.utils import timezone

from incidents import events, workflow
from incidents.services import SLA_SCOPE
from incidents.services.periodic import use_working_days
from sla import businesstime, timers


def on_opened(event: events.TicketOpened) -> None:
    timers.start_timers(event.ticket)


def on_approved(event: events.TicketApproved) -> None:
    # The clock starts when the approvers let the work begin, not when it was asked for.
    timers.start_timers(event.ticket, since=timezone.now())


def on_status_changed(event: events.StatusChanged) -> None:
    timers.sync_timers(event.ticket, event.actor)


def on_comment(event: events.CommentAdded) -> None:
    if event.first_response:
        timers.sync_timers(event.ticket, event.actor)


def on_updated(event: events.TicketUpdated) -> None:
    # A ticket awaiting approval has no timer yet: its approval starts them.
    if SLA_SCOPE & event.changed and event.ticket.status != workflow.AWAITING_APPROVAL:
        timers.retarget(event.ticket, event.actor)


class TicketCalendars:
    """Auto-close counts working days on the calendar of the ticket's resolution timer
    (else the default policy's); calendars are loaded once per run."""

    def __init__(self) -> None:
        self._calendars = timers.CalendarLookup()

    def calendar_of_ticket(self) -> Subquery | Value:
        return timers.calendar_of_ticket()

    def after(self, calendar_id: int | None, instant: dt.datetime, days: int) -> dt.datetime:
        calendar: businesstime.Calendar | None = self._calendars.get(calendar_id)
        return timers.after_working_days(calendar, instant, days)


def subscribe() -> None:
    phase = events.Phase.STATE
    events.subscribe(events.TicketOpened, on_opened, phase=phase)
    events.subscribe(events.TicketApproved, on_approved, phase=phase)
    events.subscribe(events.StatusChanged, on_status_changed, phase=phase)
    events.subscribe(events.CommentAdded, on_comment, phase=phase)
    events.subscribe(events.TicketUpdated, on_updated, phase=phase)
    use_working_days(TicketCalendars)
