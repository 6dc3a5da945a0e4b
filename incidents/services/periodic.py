"""Periodic work (Celery beat): auto-close in working days, promised-reply reminders,
forgetting old Idempotency-Keys."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.db.models import F, IntegerField, Subquery, Value
from django.utils import timezone

from common import idempotency
from incidents import events, workflow
from incidents.models import (
    CreationKey,
    EventKind,
    Status,
    Ticket,
)
from incidents.services.common import (
    display,
    record,
)

# --- working days --------------------------------------------------------------------------


class WorkingDays(Protocol):
    """Counts working days on a ticket's calendar, for one run (it may cache calendars).
    The app that keeps the calendars (`sla`) provides it at start-up (`use_working_days`),
    so this module names no other app."""

    def calendar_of_ticket(self) -> Subquery | Value:
        """An annotation on tickets: the id of the ticket's calendar (None: the default)."""
        ...

    def after(
        self, calendar_id: int | None, instant: datetime.datetime, days: int
    ) -> datetime.datetime:
        """`days` working days after `instant` on that calendar."""
        ...


class _CalendarDays:
    """Without a provider: plain calendar days."""

    def calendar_of_ticket(self) -> Subquery | Value:
        return Value(None, output_field=IntegerField())

    def after(
        self, calendar_id: int | None, instant: datetime.datetime, days: int
    ) -> datetime.datetime:
        return instant + datetime.timedelta(days=days)


_working_days: list[Callable[[], WorkingDays]] = []


def use_working_days(factory: Callable[[], WorkingDays]) -> None:
    """Count auto-close days with `factory()`, one per run (`sla`'s AppConfig.ready())."""
    _working_days[:] = [factory]


def _days() -> WorkingDays:
    return _working_days[0]() if _working_days else _CalendarDays()


# --- periodic work ----------------------------------------------------------------------------


def auto_close_resolved(now: datetime.datetime | None = None, limit: int = 5000) -> int:
    """Close resolved tickets nobody objected to within N working days (settings), counted
    on the ticket's SLA calendar: a Friday fix gives the requester Monday to Wednesday."""
    now = now or timezone.now()
    days: int = settings.TICKET_AUTO_CLOSE_DAYS
    working_days = _days()
    # N working days last at least N calendar days: an indexed pre-filter.
    candidates = (
        Ticket.objects.filter(
            status=Status.RESOLVED, resolved_at__lt=now - datetime.timedelta(days=days)
        )
        .annotate(calendar_id=working_days.calendar_of_ticket())
        .order_by("resolved_at")
        .values_list("pk", "resolved_at", "calendar_id")
    )
    closed = 0
    for pk, resolved_at, calendar_id in candidates.iterator(chunk_size=2000):
        if closed >= limit:
            break
        if resolved_at is None or working_days.after(calendar_id, resolved_at, days) > now:
            continue
        with transaction.atomic():
            # The condition repeats in the UPDATE: a ticket reopened meanwhile stays open.
            updated = Ticket.objects.filter(
                pk=pk, status=Status.RESOLVED, resolved_at=resolved_at
            ).update(status=Status.CLOSED, closed_at=now, version=F("version") + 1, updated_at=now)
            if updated:
                record(
                    Ticket(pk=pk),
                    None,
                    EventKind.TRANSITION,
                    "status",
                    Status.RESOLVED,
                    Status.CLOSED,
                )
                closed += 1
    return closed


def remind_promises(now: datetime.datetime | None = None) -> int:
    """Remind the assignee once before a promised reply falls due."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(minutes=settings.PROMISE_REMINDER_MINUTES)
    due = Ticket.objects.filter(
        status__in=workflow.OPEN_STATUSES,
        promised_reply_at__lte=horizon,
        promise_reminded_at__isnull=True,
        promise_kept__isnull=True,
    ).select_related("assignee", "assignment_group")[:500]
    sent = 0
    for ticket in due:
        with transaction.atomic():
            claimed = Ticket.objects.filter(pk=ticket.pk, promise_reminded_at__isnull=True).update(
                promise_reminded_at=now
            )
            if not claimed:
                continue
            record(
                ticket,
                None,
                EventKind.REMINDER,
                "promised_reply_at",
                "",
                display(ticket.promised_reply_at),
                internal=True,
            )
            # The assignee (else the group) is reminded (a subscriber of notifications).
            events.publish(events.PromiseDue(ticket, None))
            sent += 1
    return sent


def purge_creation_keys() -> int:
    """Forget Idempotency-Keys older than the window (beat, hourly)."""
    cutoff = timezone.now() - idempotency.WINDOW
    deleted, _rows = CreationKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
