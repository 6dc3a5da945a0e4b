"""Opening and editing tickets."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import CustomerUnit, SupportGroup, User
from accounts.phone import normalize_phone
from assets.models import Asset
from catalog.formschema import FormDataInvalid, validate_form_data
from catalog.models import CatalogItem, ServiceStatus
from common import idempotency
from common.errors import IllegalTransition, Unprocessable
from incidents import events, permissions, priority, rules
from incidents.models import (
    ApprovalState,
    Channel,
    CreationKey,
    EventKind,
    Kind,
    Status,
    Ticket,
    TicketEvent,
)
from incidents.queries import intake_group
from incidents.services.checklist import add_tasks
from incidents.services.common import (
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
    # Staff only: route to this group rather than the catalog item's (a mailbox's or a
    # maintenance plan's group).
    assignment_group: SupportGroup | None = None
    # The checklist; None: the catalog item's task template.
    tasks: list[str] | None = None


def routing_group(item: CatalogItem | None) -> SupportGroup | None:
    """Where a ticket goes when it is opened (or approved): its item's group, else the
    intake group."""
    if item is not None and item.assignment_group_id:
        return item.assignment_group
    return intake_group()


def initial_status(awaiting: bool, group: SupportGroup | None) -> str:
    if awaiting:
        return Status.AWAITING_APPROVAL
    return Status.ASSIGNED if group is not None else Status.NEW


def ticket_number(kind: str, pk: int) -> str:
    """INC0000042, REQ0000043: the kind's prefix and the id."""
    return f"{'INC' if kind == Kind.INCIDENT else 'REQ'}{pk:07d}"


def _reserve_id() -> int | None:
    """The new ticket's id, taken from its sequence first on PostgreSQL, so that the row is
    inserted with its number: numbering it after the INSERT wrote a second version of the
    row, and of its ~30 index entries (the search's trigram indexes too). None elsewhere
    (SQLite): the ticket is inserted, then numbered."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [Ticket._meta.db_table])
        row = cursor.fetchone()
    return int(row[0])


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
        errors,
        "title",
        data.title or (item.name if item else ""),
        required=True,
        limit=rules.TITLE_MAX,
        single_line=True,
    )
    description = clean_text(
        errors, "description", data.description, required=False, limit=rules.TEXT_MAX
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
    default_impact = item.default_impact if item else 3
    impact = clean_level(errors, "impact", data.impact, default_impact)
    urgency = clean_level(errors, "urgency", data.urgency, item.default_urgency if item else 3)
    channel = data.channel or Channel.PORTAL
    if not is_staff:
        # A requester says how urgent it is for them; how widely it hurts (impact), the
        # channel and the customer unit are the desk's to judge (else anyone could make
        # their own ticket P1). A value equal to what would be used anyway is accepted.
        if data.impact is not None and impact != default_impact:
            errors["impact"] = _(
                "The impact comes from the catalog item; say how urgent it is instead."
            )
        impact = default_impact
        if data.channel and data.channel != Channel.PORTAL:
            errors["channel"] = _("Only the service desk records another channel.")
        channel = Channel.PORTAL
        unit = data.customer_unit
        if unit is not None and unit.pk != requester.customer_unit_id:
            errors["customer_unit"] = _("Choose your own customer unit.")
    if data.asset is not None and not is_staff and data.asset.owner_id != requester.pk:
        errors["asset"] = _("Choose one of your own devices.")
    callback = ""
    if data.callback_phone:
        callback = normalize_phone(data.callback_phone) or ""
        if not callback:
            errors["callback_phone"] = _(
                "Enter a Chinese mobile (13812345678) or landline (021-12345678) number."
            )
    if data.assignment_group is not None and not is_staff:
        errors["assignment_group"] = _("Only the service desk routes a ticket to a group.")
    if data.tasks is not None and not is_staff:
        errors["tasks"] = _("Only the service desk gives a ticket its checklist.")
    if data.promised_reply_at is not None and not is_staff:
        errors["promised_reply_at"] = _("Only the service desk sets a promised reply time.")
    if errors:
        raise Invalid(errors)

    # An item with approval steps: the ticket waits, unrouted and with no SLA timer, until
    # the approvers have decided (the `approvals` app hears `ApprovalRequested`).
    awaiting = item is not None and bool(item.approval_steps)
    # Otherwise, routed as the caller says, else by its catalog item, else to the intake
    # group, the ticket is inserted already assigned: one row written, the same history
    # (created, then the assignment) as when it was assigned afterwards. It always reaches
    # someone while the intake group exists.
    group = None if awaiting else (data.assignment_group or routing_group(item))
    with transaction.atomic():
        reserved = _reserve_id()
        ticket = Ticket.objects.create(
            id=reserved,
            number=None if reserved is None else ticket_number(kind, reserved),
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
            status=initial_status(awaiting, group),
            approval_state=ApprovalState.PENDING if awaiting else ApprovalState.NOT_REQUIRED,
        )
        if reserved is None:
            ticket.number = ticket_number(kind, ticket.pk)
            ticket.save(update_fields=["number"])
        history = [event(ticket, actor, EventKind.CREATED, "channel", "", channel)]
        if group is not None:
            history.append(
                event(ticket, None, EventKind.ASSIGNMENT, "assignment_group", "", group.name)
            )
        TicketEvent.objects.bulk_create(history)
        steps = data.tasks if data.tasks is not None else (item.task_template if item else [])
        if steps:
            add_tasks(ticket, steps)
        if awaiting:
            # The first step's approvers are asked (the `approvals` app's subscriber).
            events.publish(events.ApprovalRequested(ticket, actor))
        else:
            # SLA timers start, then the group hears of it and the requester gets its
            # number and what happens next (subscribers of sla and notifications).
            events.publish(events.TicketOpened(ticket, actor))
    return ticket


def create_ticket_once(
    actor: User, data: NewTicket, *, key: str, fingerprint: str
) -> tuple[Ticket, bool]:
    """`create_ticket` under an Idempotency-Key → (ticket, created). The same key from the
    same user within the window gives the ticket made the first time (created False); with
    another body it is refused (422). The key's row is inserted before the ticket: a
    concurrent duplicate waits on the unique constraint, fails, and replays the ticket."""
    with transaction.atomic():
        CreationKey.objects.filter(
            user=actor, key=key, created_at__lt=timezone.now() - idempotency.WINDOW
        ).delete()
        try:
            with transaction.atomic():
                claim = CreationKey.objects.create(user=actor, key=key, fingerprint=fingerprint)
        except IntegrityError:
            previous = CreationKey.objects.select_related("ticket").get(user=actor, key=key)
            if previous.fingerprint != fingerprint:
                raise Unprocessable(
                    _(
                        "This Idempotency-Key was used with a different request body. "
                        "Send a new key for a new ticket."
                    )
                ) from None
            # Set in the transaction that inserted the key: a committed key has its ticket.
            return cast(Ticket, previous.ticket), False
        ticket = create_ticket(actor, data)
        claim.ticket = ticket
        claim.save(update_fields=["ticket"])
    return ticket, True


# A change of these re-selects the SLA policy (targets recount from the ticket's start):
# the `sla` app's subscriber to `TicketUpdated` reads it.
SLA_SCOPE = frozenset({"priority", "customer_unit", "catalog_item"})


def update_ticket(
    actor: User, ticket: Ticket, changes: dict[str, Any], version: object = None
) -> Ticket:
    """Edit fields (agents on tickets they may work); a stale `version` changes nothing."""
    if not permissions.can_work(actor, ticket):
        raise PermissionDenied
    unknown = set(changes) - rules.EDITABLE_FIELDS
    if unknown:
        raise Invalid({name: _("This field cannot be changed here.") for name in unknown})
    with transaction.atomic():
        ticket = lock(ticket)
        check_version(ticket, version)
        if not rules.accepts_edits(ticket.status):
            raise IllegalTransition(_("A closed or cancelled ticket cannot be edited."))
        errors: Errors = {}
        new: dict[str, Any] = {}
        if "title" in changes:
            new["title"] = clean_text(
                errors,
                "title",
                changes["title"],
                required=True,
                limit=rules.TITLE_MAX,
                single_line=True,
            )
        if "description" in changes:
            new["description"] = clean_text(
                errors, "description", changes["description"], required=False, limit=rules.TEXT_MAX
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
                new["priority_override_reason"] = reason.strip()[: rules.REASON_MAX]
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


def count_alert_occurrence(ticket: Ticket) -> Ticket:
    """The monitoring alert behind an open ticket fired again: one more occurrence, counted
    atomically in the database (`F`), so parallel alerts each count exactly once. No version
    bump: nobody's edit of the ticket goes stale because an alert repeated."""
    Ticket.objects.filter(pk=ticket.pk).update(
        alert_count=F("alert_count") + 1, updated_at=timezone.now()
    )
    ticket.refresh_from_db(fields=["alert_count", "updated_at"])
    return ticket
