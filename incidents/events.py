"""What happened to a ticket, told to whoever listens: typed events and a tiny publisher.

The write side of `incidents` (its services and the workflow table) publishes these events
and names no other app. `sla` (timers), `satisfaction` (surveys) and `notifications`
(emails) subscribe in their `AppConfig.ready()` (docs/architecture.md, "Events").

- Handlers run synchronously, inside the publisher's transaction: a handler that fails
  rolls the whole change back, as when the service called it directly.
- Order is explicit: by `Phase` first (SLA timers are state that later handlers read, so
  they run in `STATE`; emails run last, in `NOTIFY`, and show the ticket as it ends), then
  in subscription order within a phase.
- No Django signals: an event is published by name, with its fields typed, by one line of
  a service; `subscribers()` lists who hears it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from accounts.models import User
    from incidents.models import Comment, Ticket


class Phase(enum.IntEnum):
    """When a subscriber runs, relative to the others."""

    STATE = 0  # derived state other subscribers read (SLA timers)
    FOLLOW_UP = 1  # further work of another app (a satisfaction survey)
    NOTIFY = 2  # emails: last, so they show the final state (due times, status)


@dataclass(frozen=True)
class DomainEvent:
    ticket: Ticket
    actor: User | None


@dataclass(frozen=True)
class TicketOpened(DomainEvent):
    """A ticket was inserted (already routed to a group when one was found)."""


@dataclass(frozen=True)
class ApprovalRequested(DomainEvent):
    """A ticket was inserted awaiting approval (its catalog item has approval steps): not
    routed, no SLA timer; published instead of `TicketOpened`."""


@dataclass(frozen=True)
class TicketApproved(DomainEvent):
    """The last approval step approved the ticket: it left `awaiting_approval`, was routed
    (its `StatusChanged` was published before), and its SLA timers start now."""


@dataclass(frozen=True)
class TicketUpdated(DomainEvent):
    """Fields were edited; `changed` names them."""

    changed: frozenset[str]


@dataclass(frozen=True)
class StatusChanged(DomainEvent):
    """A workflow action moved the ticket from `old` to `new` (never published for an
    action that keeps the status, such as assigning a ticket in progress)."""

    old: str
    new: str


@dataclass(frozen=True)
class ActionDone(DomainEvent):
    """Base of the events a workflow row publishes after its action (`Action.publishes`);
    `reason` is the body's reason, when the action takes one."""

    reason: str = ""


@dataclass(frozen=True)
class TicketAssigned(ActionDone):
    pass


@dataclass(frozen=True)
class TicketResolved(ActionDone):
    pass


@dataclass(frozen=True)
class TicketReopened(ActionDone):
    pass


@dataclass(frozen=True)
class CommentAdded(DomainEvent):
    """A public reply or an internal note. `first_response`: this staff reply is the
    ticket's first response; `resumed`: this customer reply took the ticket out of pending
    (its `StatusChanged` was published before this event)."""

    comment: Comment
    staff_reply: bool
    customer_reply: bool
    first_response: bool
    resumed: bool


@dataclass(frozen=True)
class PromiseDue(DomainEvent):
    """A promised reply falls due soon (published once per ticket by the beat job)."""


E = TypeVar("E", bound=DomainEvent)
Handler = Callable[[Any], None]

_subscribers: dict[type[DomainEvent], list[tuple[Phase, Handler]]] = {}


def subscribe(
    event_type: type[E], handler: Callable[[E], None], *, phase: Phase = Phase.FOLLOW_UP
) -> None:
    """Call `handler(event)` for each published event of exactly `event_type`. Subscribing
    the same handler again does nothing (an app's `ready()` may run twice in tests)."""
    rows = _subscribers.setdefault(event_type, [])
    if any(known is handler for _, known in rows):
        return
    rows.append((phase, handler))
    rows.sort(key=lambda row: row[0])  # stable: subscription order stays within a phase


def publish(event: DomainEvent) -> None:
    """Run the subscribers of the event's type, in order, in the caller's transaction."""
    for _, handler in list(_subscribers.get(type(event), ())):
        handler(event)


def subscribers(event_type: type[DomainEvent]) -> list[Handler]:
    """The handlers of an event type, in the order they run."""
    return [handler for _, handler in _subscribers.get(event_type, ())]
