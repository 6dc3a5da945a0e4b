"""The only writers of planned maintenance: plans (managers), the beat job that opens each
occurrence's ticket exactly once, and the flag on incidents opened inside a window."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from assets.models import Asset
from common.errors import DomainError
from incidents import events
from incidents import services as tickets
from incidents.models import Channel, Kind, Ticket
from maintenance import permissions, queries, recurrence
from maintenance.models import MaintenancePlan, Occurrence

log = logging.getLogger(__name__)

# The fields a plan's form or body may set (the owner is who made it).
PLAN_FIELDS = (
    "name",
    "description",
    "catalog_item",
    "assignment_group",
    "recurrence",
    "start_date",
    "calendar",
    "on_non_working_day",
    "lead_working_days",
    "window_start",
    "window_minutes",
    "checklist",
    "active",
)


def save_plan(
    actor: User,
    plan: MaintenancePlan | None,
    values: dict[str, Any],
    assets: Iterable[Asset] | None = None,
) -> MaintenancePlan:
    """Create (`plan` None) or edit a plan: managers and admins. The model's rules decide
    (400 naming the field). Editing never reopens what was opened: occurrences are keyed
    by the rule's date."""
    if not permissions.can_write_plans(actor):
        raise PermissionDenied
    unknown = set(values) - set(PLAN_FIELDS)
    if unknown:
        raise DomainError({name: [_("This field cannot be changed here.")] for name in unknown})
    with transaction.atomic():
        if plan is None:
            plan = MaintenancePlan(owner=actor)
        else:
            plan = MaintenancePlan.objects.select_for_update().get(pk=plan.pk)
        for name, value in values.items():
            setattr(plan, name, value)
        try:
            plan.full_clean()
        except ValidationError as exc:
            raise DomainError(exc.message_dict) from exc
        plan.save()
        if assets is not None:
            plan.assets.set(list(assets))
    return plan


def delete_plan(actor: User, plan: MaintenancePlan) -> None:
    """Remove a plan; the tickets it opened stay (their occurrence rows go with it)."""
    if not permissions.can_write_plans(actor):
        raise PermissionDenied
    with transaction.atomic():
        MaintenancePlan.objects.select_for_update().filter(pk=plan.pk).delete()


def _description(plan: MaintenancePlan, window: tuple[dt.datetime, dt.datetime]) -> str:
    starts, ends = (timezone.localtime(t) for t in window)
    lines = [
        _("Planned maintenance: %(plan)s") % {"plan": plan.name},
        _("Window: %(start)s – %(end)s")
        % {"start": starts.strftime("%Y-%m-%d %H:%M"), "end": ends.strftime("%Y-%m-%d %H:%M")},
    ]
    cis = [f"{a.tag} {a.name}" for a in plan.assets.all()]
    if cis:
        lines.append(_("Configuration items: %(cis)s") % {"cis": ", ".join(cis)})
    if plan.description:
        lines += ["", plan.description]
    return "\n".join(lines)


def open_occurrence(
    plan: MaintenancePlan, date: dt.date, original_date: dt.date
) -> Occurrence | None:
    """Open the request ticket of one occurrence, once: the (plan, original date) row is
    inserted first; when it exists already (another beat, a retry) nothing is opened."""
    cal = plan.calendar.calendar
    starts, ends = recurrence.window(cal, date, plan.window_start, plan.window_minutes)
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = Occurrence.objects.create(
                    plan=plan,
                    original_date=original_date,
                    date=date,
                    window_start_at=starts,
                    window_end_at=ends,
                )
        except IntegrityError:
            return None
        assets = list(plan.assets.all())
        ticket = tickets.create_ticket(
            plan.owner,
            tickets.NewTicket(
                title=f"{plan.name} · {date.isoformat()}"[:200],
                description=_description(plan, (starts, ends)),
                kind=Kind.REQUEST,
                catalog_item=plan.catalog_item,
                requester=plan.owner,
                channel=Channel.PLANNED,
                asset=assets[0] if assets else None,
                assignment_group=plan.assignment_group,
                tasks=list(plan.checklist),
            ),
        )
        row.ticket = ticket
        row.save(update_fields=["ticket"])
    return row


def due_dates(plan: MaintenancePlan, today: dt.date) -> list[queries.PreviewDate]:
    """The plan's dates whose ticket should be open by `today`: from today on, opening
    `lead_working_days` working days before the date."""
    cal = plan.calendar.calendar
    horizon = today + dt.timedelta(days=plan.lead_working_days * 3 + 40)
    return [
        d
        for d in queries.preview(plan, max(today, plan.start_date), horizon)
        if recurrence.working_days_before(cal, d.date, plan.lead_working_days) <= today
    ]


def open_due_occurrences(today: dt.date | None = None) -> int:
    """Beat: open every due occurrence's ticket of the active plans; returns how many were
    opened. Safe to run twice at once (the unique row decides)."""
    today = today or timezone.localdate()
    opened = 0
    for plan in queries.plans().filter(active=True):
        if not roles.is_agent(plan.owner) or not plan.owner.is_active:
            log.warning("maintenance plan %s: its owner cannot open tickets", plan.pk)
            continue
        try:
            dates = due_dates(plan, today)
        except recurrence.RecurrenceError:
            continue
        known = set(
            plan.occurrences.filter(original_date__in=[d.original_date for d in dates]).values_list(
                "original_date", flat=True
            )
        )
        for d in dates:
            if d.original_date in known:
                continue
            try:
                if open_occurrence(plan, d.date, d.original_date) is not None:
                    opened += 1
            except (DomainError, PermissionDenied) as exc:
                log.warning("maintenance plan %s on %s not opened: %s", plan.pk, d.date, exc)
    return opened


def flag_during_maintenance(event: events.TicketOpened) -> None:
    """Subscriber (Phase.STATE): an incident opened on a CI inside one of its planned
    windows says so (`during_maintenance`), so agents know the outage was planned."""
    ticket = event.ticket
    if ticket.kind != Kind.INCIDENT or ticket.asset_id is None:
        return
    if queries.asset_in_window(ticket.asset_id, ticket.created_at or timezone.now()):
        Ticket.objects.filter(pk=ticket.pk).update(during_maintenance=True)
        ticket.during_maintenance = True
