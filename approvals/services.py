"""The only writers of approvals: open a step, decide, skip what a cancellation ends, remind.

Locking order everywhere: the ticket row first (`select_for_update`), then its approval
rows. Two approvers deciding at once therefore queue on the ticket: the second sees the
first's outcome (its row skipped, or the ticket no longer awaiting) and gets a 409.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, validate_delegation
from approvals import permissions, routing
from approvals.models import Approval, Mode, State
from catalog.approvalsteps import Step, validate_steps
from catalog.models import CatalogItem
from common import cache
from common.errors import Conflict, DomainError
from incidents import rules, workflow
from incidents.models import EventKind, Ticket
from incidents.services.approval import reject_from_approval, release_from_approval
from incidents.services.common import lock, record
from notifications import services as outbox
from sla import businesstime
from sla.services import match_policy


class Invalid(DomainError):
    """A decision's body is wrong (400)."""


@dataclass(frozen=True)
class Decision:
    approval: Approval
    ticket: Ticket


def pending_count_key(user_id: int) -> str:
    return f"approvals:pending:{user_id}"


def _forget_counts(user_ids: set[int]) -> None:
    def forget() -> None:
        for user_id in user_ids:
            cache.delete(pending_count_key(user_id))

    transaction.on_commit(forget)


# --- due times ----------------------------------------------------------------------------


def due_at(ticket: Ticket, start: dt.datetime) -> dt.datetime:
    """APPROVAL_DUE_HOURS business hours after `start` on the calendar of the SLA policy the
    ticket's item would get (plain hours when no policy or no working time)."""
    hours = float(settings.APPROVAL_DUE_HOURS)
    item = ticket.catalog_item
    policy = match_policy(
        item.service_id if item is not None else None, ticket.customer_unit_id, ticket.priority
    )
    if policy is not None:
        try:
            return businesstime.add_business_minutes(policy.calendar.calendar, start, hours * 60)
        except businesstime.NoWorkingTime:
            pass
    return start + dt.timedelta(hours=hours)


# --- opening a step -----------------------------------------------------------------------


def _steps(ticket: Ticket) -> list[Step]:
    item = ticket.catalog_item
    return validate_steps(item.approval_steps) if item is not None else []


def open_first_step(ticket: Ticket, actor: User | None) -> None:
    """A ticket was opened awaiting approval: ask the first step's approvers (the ticket is
    the one the creating transaction just wrote)."""
    _open_step(ticket, 1, actor)


def _open_step(ticket: Ticket, number: int, actor: User | None) -> None:
    """Write the step's requests and mail the approvers; a step nobody has to decide
    (only the requester named) passes to the next; after the last, the ticket is
    released to the desk."""
    steps = _steps(ticket)
    item = ticket.catalog_item
    while number <= len(steps) and item is not None:
        step = steps[number - 1]
        requester = ticket.requester
        unit = ticket.customer_unit if ticket.customer_unit_id else requester.customer_unit
        found = routing.candidates(step, requester, unit, item)
        now = timezone.now()
        due = due_at(ticket, now)
        mode = Mode.ALL if step.get("mode") == Mode.ALL else Mode.ANY
        rows = [
            Approval(
                ticket=ticket,
                step=number,
                mode=mode,
                approver=c.approver,
                on_behalf_of=c.on_behalf_of,
                state=State.SKIPPED if c.skipped else State.PENDING,
                due_at=None if c.skipped else due,
            )
            for c in found
        ]
        Approval.objects.bulk_create(rows)
        asked = [row for row in rows if row.state == State.PENDING]
        if asked:
            names = ", ".join(_named(row) for row in asked)
            record(ticket, actor, EventKind.FIELD, rules.APPROVAL_REQUESTED, number, names)
            _mail_approvers(ticket, asked)
            _forget_counts({row.approver_id for row in asked})
            return
        # Nobody to ask (the requester was the only approver, or nobody was found): the
        # history says the step passed (an empty "asked").
        record(ticket, None, EventKind.FIELD, rules.APPROVAL_REQUESTED, number, "")
        number += 1
    release_from_approval(None, ticket)


def _named(row: Approval) -> str:
    if row.on_behalf_of_id:
        return _("%(delegate)s for %(person)s") % {
            "delegate": row.approver,
            "person": row.on_behalf_of,
        }
    return str(row.approver)


def _mail_approvers(ticket: Ticket, rows: list[Approval]) -> None:
    outbox.queue_many(
        [
            (
                row.approver,
                "approval_requested",
                {"ticket": ticket, "approval": row},
                f"approval:{row.ticket_id}:{row.step}:{row.approver_id}",
            )
            for row in rows
        ]
    )


# --- deciding -----------------------------------------------------------------------------


def approve(actor: User, approval: Approval, comment: str = "") -> Decision:
    return _decide(actor, approval, State.APPROVED, comment)


def reject(actor: User, approval: Approval, comment: str) -> Decision:
    return _decide(actor, approval, State.REJECTED, comment)


def _clean_comment(state: str, comment: object) -> str:
    text = comment.strip() if isinstance(comment, str) else ""
    if comment is not None and not isinstance(comment, str):
        raise Invalid({"comment": [_("Enter text.")]})
    if state == State.REJECTED and not text:
        raise Invalid({"comment": [_("Say why you reject it: the requester reads this.")]})
    if len(text) > rules.REASON_MAX:
        raise Invalid(
            {
                "comment": [
                    _("At most %(max)d characters.") % {"max": rules.REASON_MAX},
                ]
            }
        )
    return text


def _decide(actor: User, approval: Approval, state: str, comment: object) -> Decision:
    """One decision: 403 for anyone but the approver, 409 on a settled request or a ticket
    no longer awaiting, 400 for a rejection without a comment. Atomic."""
    if not permissions.is_approver(actor, approval):
        raise PermissionDenied
    text = _clean_comment(state, comment)
    with transaction.atomic():
        ticket = lock(approval.ticket)
        row = Approval.objects.select_for_update().get(pk=approval.pk)
        if row.state != State.PENDING:
            raise Conflict(
                _("This approval request was already settled (%(state)s).")
                % {"state": row.get_state_display()}
            )
        if ticket.status != workflow.AWAITING_APPROVAL:
            raise Conflict(_("This ticket is no longer awaiting approval."))
        now = timezone.now()
        row.state, row.comment, row.decided_at = state, text, now
        row.save(update_fields=["state", "comment", "decided_at", "updated_at"])
        behalf = str(row.on_behalf_of) if row.on_behalf_of_id else ""
        field = rules.APPROVAL_APPROVED if state == State.APPROVED else rules.APPROVAL_REJECTED
        record(ticket, actor, EventKind.FIELD, field, behalf, text)
        siblings = list(
            Approval.objects.select_for_update()
            .filter(ticket=ticket, step=row.step)
            .exclude(pk=row.pk)
        )
        touched = {row.approver_id}
        settled = state == State.REJECTED or row.mode == Mode.ANY
        if not settled:
            settled = all(s.state in (State.APPROVED, State.SKIPPED) for s in siblings)
        if settled:
            still = [s.pk for s in siblings if s.state == State.PENDING]
            Approval.objects.filter(pk__in=still).update(state=State.SKIPPED, updated_at=now)
            touched |= {s.approver_id for s in siblings if s.pk in still}
        _forget_counts(touched)
        if state == State.REJECTED:
            ticket = reject_from_approval(actor, ticket, text)
            _mail_requester(ticket, "approval_rejected", row)
        elif settled:
            steps = _steps(ticket)
            if row.step < len(steps):
                _open_step(ticket, row.step + 1, actor)
            else:
                ticket = release_from_approval(actor, ticket)
            ticket.refresh_from_db()
        row.refresh_from_db()
    return Decision(row, ticket)


def _mail_requester(ticket: Ticket, template: str, row: Approval) -> None:
    outbox.queue(
        ticket.requester,
        template,
        {"ticket": ticket, "approval": row},
        f"{template}:{ticket.pk}",
    )


# --- a ticket cancelled while waiting -------------------------------------------------------


def skip_pending(ticket: Ticket) -> int:
    """The ticket left `awaiting_approval` otherwise than by its approvers (cancelled): its
    pending requests become skipped. Runs in the cancelling transaction (ticket locked)."""
    pending = Approval.objects.filter(ticket=ticket, state=State.PENDING)
    users = set(pending.values_list("approver_id", flat=True))
    count = pending.update(state=State.SKIPPED, updated_at=timezone.now())
    _forget_counts(users)
    return count


# --- reminders ----------------------------------------------------------------------------


def remind_overdue(now: dt.datetime | None = None) -> int:
    """Remind each approver once when their request's due time passed: the conditional
    UPDATE claims the rows, so a second run (or a second beat) claims nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        due = Approval.objects.filter(
            state=State.PENDING,
            reminded_at__isnull=True,
            due_at__lte=now,
            ticket__status=workflow.AWAITING_APPROVAL,
        )
        claimed = list(
            Approval.objects.filter(
                pk__in=list(due.values_list("pk", flat=True)[:500]), reminded_at__isnull=True
            )
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        updated = Approval.objects.filter(pk__in=claimed, reminded_at__isnull=True).update(
            reminded_at=now
        )
        rows = list(
            Approval.objects.filter(pk__in=claimed, reminded_at=now).select_related(
                "ticket", "approver"
            )
        )
        outbox.queue_many(
            [
                (
                    row.approver,
                    "approval_reminder",
                    {"ticket": row.ticket, "approval": row},
                    f"approval-reminder:{row.pk}",
                )
                for row in rows
            ]
        )
    return updated


# --- delegation ---------------------------------------------------------------------------


def set_delegation(actor: User, user: User, delegate: User | None, until: dt.date | None) -> User:
    """A user names (or clears) their stand-in for approvals: themselves only (admins
    for anyone). The rule is accounts.models.validate_delegation."""
    if actor.pk != user.pk and not permissions.may_edit_delegation(actor):
        raise PermissionDenied
    try:
        validate_delegation(user, delegate, until)
    except ValidationError as exc:
        raise Invalid({k: list(v) for k, v in exc.message_dict.items()}) from exc
    with transaction.atomic():
        locked: User = User.objects.select_for_update().get(pk=user.pk)
        locked.delegate, locked.delegate_until = delegate, until
        # User.save() is untyped (it keeps admin rights in step with the role); saving
        # through it keeps the user's audited history.
        locked.save(update_fields=["delegate", "delegate_until", "updated_at"])  # type: ignore[no-untyped-call]
    return locked


def preview(
    steps: object, requester: User, item: CatalogItem | None = None
) -> list[list[routing.Candidate]]:
    """Who would approve each step for `requester` (the catalog editor's preview)."""
    clean = validate_steps(steps)
    item = item or CatalogItem()
    unit = requester.customer_unit if requester.customer_unit_id else None
    return [routing.candidates(step, requester, unit, item) for step in clean]
