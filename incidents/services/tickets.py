"""Opening and editing tickets."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import CustomerUnit, User
from accounts.phone import normalize_phone
from assets.models import Asset
from catalog.formschema import FormDataInvalid, validate_form_data
from catalog.models import CatalogItem, ServiceStatus
from incidents import events, permissions, priority, workflow
from incidents.models import (
    Channel,
    EventKind,
    Kind,
    Status,
    Ticket,
    TicketEvent,
)
from incidents.queries import intake_group
from incidents.services.common import (
    REASON_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Errors,
    Invalid,
    check_version,
    clean_level,
    clean_text,
    display,
    event,
    lock,
    matrix,
    record,
)
from itsm.errors import IllegalTransition

# --- create and edit -----------------------------------------------------------------------


@dataclass
class NewTicket:
    title: str = ""
    description: str = ""
    kind: str | None = None
    catalog_item: CatalogItem | None = None
    form_data: dict[str, Any] | None = None
    requester: User | None = None
    channel: str | None = None
    impact: int | None = None
    urgency: int | None = None
    asset: Asset | None = None
    customer_unit: CustomerUnit | None = None
    promised_reply_at: datetime.datetime | None = None
    callback_phone: str = ""


def create_ticket(actor: User, data: NewTicket) -> Ticket:
    """Open a ticket. Requesters open their own from the portal; agents log for anyone."""
    is_staff = roles.is_agent(actor)
    requester = data.requester or actor
    if requester.pk != actor.pk and not is_staff:
        raise PermissionDenied
    errors: Errors = {}
    item = data.catalog_item
    if (
        item is not None
        and not is_staff
        and (not item.is_active or item.service.status != ServiceStatus.PUBLISHED)
    ):
        errors["catalog_item"] = _("This catalog item is not available.")
    kind = item.kind if item is not None else (data.kind or Kind.INCIDENT)
    if data.kind and item is not None and data.kind != item.kind:
        errors["kind"] = _("The catalog item decides the kind: %(kind)s.") % {"kind": item.kind}
    title = clean_text(
        errors, "title", data.title or (item.name if item else ""), required=True, limit=TITLE_MAX
    )
    description = clean_text(
        errors, "description", data.description, required=False, limit=TEXT_MAX
    )
    form_data: dict[str, Any] = {}
    # Agents logging a call may skip the guided questions; answers given are still checked.
    if item is not None and not (is_staff and data.form_data is None):
        try:
            form_data = validate_form_data(item.form_schema, data.form_data, requester)
        except FormDataInvalid as exc:
            errors["form_data"] = exc.errors
    elif data.form_data:
        errors["form_data"] = _("Answers need a catalog item.")
    impact = clean_level(errors, "impact", data.impact, item.default_impact if item else 3)
    urgency = clean_level(errors, "urgency", data.urgency, item.default_urgency if item else 3)
    channel = data.channel or Channel.PORTAL
    if not is_staff:
        channel = Channel.PORTAL
    if data.asset is not None and not is_staff and data.asset.owner_id != requester.pk:
        errors["asset"] = _("Choose one of your own devices.")
    callback = ""
    if data.callback_phone:
        callback = normalize_phone(data.callback_phone) or ""
        if not callback:
            errors["callback_phone"] = _(
                "Enter a Chinese mobile (13812345678) or landline (021-12345678) number."
            )
    if data.promised_reply_at is not None and not is_staff:
        errors["promised_reply_at"] = _("Only the service desk sets a promised reply time.")
    if errors:
        raise Invalid(errors)

    # Routed by its catalog item, else to the intake group, the ticket is inserted already
    # assigned: one row written, the same history (created, then the assignment) as when it
    # was assigned afterwards. It always reaches someone while the intake group exists.
    group = item.assignment_group if item is not None and item.assignment_group_id else None
    if group is None:
        group = intake_group()
    with transaction.atomic():
        ticket = Ticket.objects.create(
            kind=kind,
            title=title,
            description=description,
            catalog_item=item,
            form_data=form_data,
            requester=requester,
            opened_by=actor,
            customer_unit_id=(
                data.customer_unit.pk if data.customer_unit else requester.customer_unit_id
            ),
            channel=channel,
            impact=impact,
            urgency=urgency,
            priority=priority.priority_for(impact, urgency, matrix()),
            asset=data.asset,
            promised_reply_at=data.promised_reply_at,
            callback_phone=callback,
            assignment_group=group,
            status=Status.ASSIGNED if group is not None else Status.NEW,
        )
        ticket.number = f"{'INC' if kind == Kind.INCIDENT else 'REQ'}{ticket.pk:07d}"
        ticket.save(update_fields=["number"])
        history = [event(ticket, actor, EventKind.CREATED, "channel", "", channel)]
        if group is not None:
            history.append(
                event(ticket, None, EventKind.ASSIGNMENT, "assignment_group", "", group.name)
            )
        TicketEvent.objects.bulk_create(history)
        # SLA timers start, then the group hears of it and the requester gets its number
        # and what happens next (subscribers of sla and notifications).
        events.publish(events.TicketOpened(ticket, actor))
    return ticket


# A change of these re-selects the SLA policy (targets recount from the ticket's start):
# the `sla` app's subscriber to `TicketUpdated` reads it.
SLA_SCOPE = frozenset({"priority", "customer_unit", "catalog_item"})

EDITABLE = {
    "title",
    "catalog_item",
    "description",
    "impact",
    "urgency",
    "priority",
    "priority_override_reason",
    "asset",
    "customer_unit",
    "promised_reply_at",
    "callback_phone",
    "channel",
}


def update_ticket(
    actor: User, ticket: Ticket, changes: dict[str, Any], version: object = None
) -> Ticket:
    """Edit fields (agents on tickets they may work); a stale `version` changes nothing."""
    if not permissions.can_work(actor, ticket):
        raise PermissionDenied
    unknown = set(changes) - EDITABLE
    if unknown:
        raise Invalid({name: _("This field cannot be changed here.") for name in unknown})
    with transaction.atomic():
        ticket = lock(ticket)
        check_version(ticket, version)
        if ticket.status in workflow.FINAL_STATUSES:
            raise IllegalTransition(_("A closed or cancelled ticket cannot be edited."))
        errors: Errors = {}
        new: dict[str, Any] = {}
        if "title" in changes:
            new["title"] = clean_text(
                errors, "title", changes["title"], required=True, limit=TITLE_MAX
            )
        if "description" in changes:
            new["description"] = clean_text(
                errors, "description", changes["description"], required=False, limit=TEXT_MAX
            )
        for name in ("impact", "urgency"):
            if name in changes:
                new[name] = clean_level(errors, name, changes[name], getattr(ticket, name))
        for name in ("asset", "customer_unit", "promised_reply_at", "channel"):
            if name in changes:
                new[name] = changes[name]
        if "catalog_item" in changes:
            item = changes["catalog_item"]
            if item is not None and item.kind != ticket.kind:
                errors["catalog_item"] = _(
                    "Choose an item of the same kind (%(kind)s): open a new ticket otherwise."
                ) % {"kind": ticket.get_kind_display()}
            new["catalog_item"] = item
        if "callback_phone" in changes:
            raw = changes["callback_phone"] or ""
            new["callback_phone"] = normalize_phone(raw) or "" if raw else ""
            if raw and not new["callback_phone"]:
                errors["callback_phone"] = _(
                    "Enter a Chinese mobile (13812345678) or landline (021-12345678) number."
                )
        reason = changes.get("priority_override_reason", "")
        if "priority" in changes:
            value = changes["priority"]
            if value is None:
                new["priority_override_reason"] = ""
            elif not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
                errors["priority"] = _("Choose a priority from 1 (highest) to 5.")
            elif not (isinstance(reason, str) and reason.strip()):
                errors["priority_override_reason"] = _(
                    "Say why the priority differs from the matrix."
                )
            else:
                new["priority"] = value
                new["priority_override_reason"] = reason.strip()[:REASON_MAX]
        if errors:
            raise Invalid(errors)
        overridden = new.get("priority_override_reason", ticket.priority_override_reason)
        if not overridden:
            new["priority"] = priority.priority_for(
                new.get("impact", ticket.impact), new.get("urgency", ticket.urgency), matrix()
            )
        changed = []
        for name, value in new.items():
            old = getattr(ticket, name)
            if old != value:
                record(ticket, actor, EventKind.FIELD, name, display(old), display(value))
                setattr(ticket, name, value)
                changed.append(name)
        if changed:
            ticket.version = F("version") + 1
            ticket.save(update_fields=[*changed, "version", "updated_at"])
            ticket.refresh_from_db()
            events.publish(events.TicketUpdated(ticket, actor, frozenset(changed)))
    return ticket
