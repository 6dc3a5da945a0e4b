"""Periodic work (Celery beat): auto-close in working days, promised-reply reminders,
forgetting old Idempotency-Keys."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from incidents import workflow
from incidents.models import (
    CreationKey,
    EventKind,
    Status,
    Ticket,
)
from incidents.queries import staff_recipients
from incidents.services.common import (
    display,
    record,
)
from itsm import idempotency
from notifications import services as outbox
from sla import timers as sla_timers

# --- periodic work ----------------------------------------------------------------------------


def auto_close_resolved(now: datetime.datetime | None = None, limit: int = 5000) -> int:
    """Close resolved tickets nobody objected to within N working days (settings), counted
    on the ticket's SLA calendar: a Friday fix gives the requester Monday to Wednesday."""
    now = now or timezone.now()
    days = settings.TICKET_AUTO_CLOSE_DAYS
    # N working days last at least N calendar days: an indexed pre-filter.
    candidates = (
        Ticket.objects.filter(
            status=Status.RESOLVED, resolved_at__lt=now - datetime.timedelta(days=days)
        )
        .annotate(calendar_id=sla_timers.calendar_of_ticket())
        .order_by("resolved_at")
        .values_list("pk", "resolved_at", "calendar_id")
    )
    calendars = sla_timers.CalendarLookup()
    closed = 0
    for pk, resolved_at, calendar_id in candidates.iterator(chunk_size=2000):
        if closed >= limit:
            break
        calendar = calendars.get(calendar_id)
        if sla_timers.after_working_days(calendar, resolved_at, days) > now:
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
            for user in staff_recipients(ticket):
                outbox.queue(
                    user, "promise_due", {"ticket": ticket}, f"promise:{ticket.pk}:{user.pk}"
                )
            sent += 1
    return sent


def purge_creation_keys() -> int:
    """Forget Idempotency-Keys older than the window (beat, hourly)."""
    cutoff = timezone.now() - idempotency.WINDOW
    deleted, _rows = CreationKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
