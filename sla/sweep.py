"""The SLA sweep (Celery beat, every minute): raise each warning and each breach once.

Phase one marks, in set-based SQL: one `UPDATE … WHERE <not yet flagged> AND <crossed>
RETURNING` per kind, over the partial indexes on `warn_at` and `due_at`, and writes the
history rows in the same transaction. The `IS NULL` in the WHERE is the guard: a second
sweep running at the same time blocks on the same rows and, once the first commits, finds
them flagged and skips them (PostgreSQL re-checks the WHERE after the lock); a worker that
dies mid-pass rolls back and the next pass does the work.

Phase two fans out notifications for flagged timers not yet notified, in small
transactions that claim the timer (`… SET warn_notified = true WHERE warn_notified =
false`) and queue the mails in the outbox with one dedupe key per timer, event and person,
so a retried or duplicated task never sends twice.
"""

import datetime as dt
import time
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from incidents import workflow
from incidents.models import EventKind, TicketEvent
from incidents.queries import assignee_else_members
from notifications import services as outbox
from sla.models import SLATimer

if TYPE_CHECKING:
    from accounts.models import User

WARN_SQL = """
UPDATE sla_slatimer SET warned_at = %(now)s
WHERE state = 'running' AND warned_at IS NULL AND warn_at <= %(now)s AND due_at >= %(now)s
RETURNING id, ticket_id, kind
"""
BREACH_SQL = """
UPDATE sla_slatimer SET breached_at = due_at
WHERE state = 'running' AND breached_at IS NULL AND due_at < %(now)s
RETURNING id, ticket_id, kind
"""


def _mark(sql: str, now: dt.datetime, label: str) -> list[tuple[int, int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, {"now": connection.ops.adapt_datetimefield_value(now)})
        rows: list[tuple[int, int, str]] = cursor.fetchall()
    TicketEvent.objects.bulk_create(
        [
            TicketEvent(
                ticket_id=ticket_id,
                kind=EventKind.SLA,
                field=f"sla_{kind}",
                old_value="running",
                new_value=label,
                internal=True,
            )
            for _id, ticket_id, kind in rows
        ],
        batch_size=1000,
    )
    return rows


def mark_crossings(now: dt.datetime | None = None) -> dict[str, int]:
    """Phase one: flag the timers that crossed their warning or due time. Set-based."""
    now = now or timezone.now()
    with transaction.atomic():
        warned = _mark(WARN_SQL, now, "warning")
        breached = _mark(BREACH_SQL, now, "breached")
    return {"warnings": len(warned), "breaches": len(breached)}


def _recipients(timer: SLATimer, breach: bool) -> list["User"]:
    """Warnings reach the assignee (or the group) and the group's manager; breaches also
    reach the policy's escalation group and its manager."""
    ticket = timer.ticket
    group = ticket.assignment_group
    people = assignee_else_members(ticket, group)
    if group is not None and group.manager is not None:
        people.append(group.manager)
    escalation = timer.policy.escalation_group if timer.policy is not None else None
    if breach and escalation is not None:
        people += list(escalation.members.all())[:50]
        if escalation.manager is not None:
            people.append(escalation.manager)
    unique: dict[int, User] = {}
    for person in people:
        if person.is_active:
            unique.setdefault(person.pk, person)
    return list(unique.values())


def _notify_batch(ids: list[int], breach: bool) -> int:
    """Claim a batch of flagged timers and queue their mails, in one transaction."""
    flag = "breach_notified" if breach else "warn_notified"
    template = "sla_breach" if breach else "sla_warning"
    with transaction.atomic():
        claimed = list(
            SLATimer.objects.filter(pk__in=ids, **{flag: False})
            .select_for_update(skip_locked=connection.features.has_select_for_update_skip_locked)
            .values_list("pk", flat=True)
        )
        if not claimed:
            return 0
        SLATimer.objects.filter(pk__in=claimed).update(**{flag: True})
        timers = (
            SLATimer.objects.filter(pk__in=claimed, ticket__status__in=workflow.OPEN_STATUSES)
            .select_related(
                "policy__escalation_group__manager",
                "ticket__assignee",
                "ticket__assignment_group__manager",
            )
            .prefetch_related(
                Prefetch("ticket__assignment_group__members", queryset=_active_users()),
                Prefetch("policy__escalation_group__members", queryset=_active_users()),
            )
        )
        outbox.queue_many(
            [
                (
                    person,
                    template,
                    {"ticket": timer.ticket, "timer": timer},
                    f"{template}:{timer.pk}:{person.pk}",
                )
                for timer in timers
                for person in _recipients(timer, breach)
            ]
        )
    return len(claimed)


def _active_users() -> "QuerySet[User]":
    from accounts.models import User

    return User.objects.filter(is_active=True).order_by("pk")


def notify_crossings(budget_seconds: float = 40.0, batch: int = 200) -> int:
    """Phase two: queue the mails of flagged, not yet notified timers (bounded in time; the
    next pass continues)."""
    deadline = time.monotonic() + budget_seconds
    done = 0
    for breach, flagged, notified in (
        (True, "breached_at__isnull", "breach_notified"),
        (False, "warned_at__isnull", "warn_notified"),
    ):
        while time.monotonic() < deadline:
            ids = list(
                SLATimer.objects.filter(**{flagged: False, notified: False})
                .order_by("id")
                .values_list("id", flat=True)[:batch]
            )
            if not ids:
                break
            claimed = _notify_batch(ids, breach)
            if not claimed:  # another worker holds them: it will finish them
                break
            done += claimed
    return done


def sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """One beat pass: mark, then notify."""
    counts = mark_crossings(now)
    counts["notified"] = notify_crossings()
    return counts
