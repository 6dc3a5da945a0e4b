"""The only place tickets change: create, edit, the workflow actions, comments, attachments.

Every function runs in one transaction, locks the ticket it changes, checks the actor's
rights (incidents.permissions) and the state machine (incidents.workflow), writes history,
and queues notifications in the outbox (sent after commit).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.phone import normalize_phone
from catalog.formschema import FormDataInvalid, validate_form_data
from catalog.models import ServiceStatus
from incidents import permissions, priority, uploads, workflow
from incidents.models import (
    Attachment,
    Channel,
    Comment,
    EventKind,
    Kind,
    ResolutionCode,
    Status,
    Ticket,
    TicketEvent,
)
from incidents.queries import staff_recipients
from itsm.errors import DomainError, IllegalTransition, PayloadTooLarge, StaleVersion
from notifications import services as outbox
from satisfaction import services as surveys
from sla import timers as sla_timers

TITLE_MAX = 200
TEXT_MAX = 20000
REASON_MAX = 500


class Invalid(DomainError):
    """Input that breaks a rule; `detail` maps fields to messages (HTTP 400)."""

    def __init__(self, errors: dict):
        super().__init__({k: v if isinstance(v, (list, dict)) else [v] for k, v in errors.items()})


def _matrix():
    return priority.parse_matrix(getattr(settings, "TICKET_PRIORITY_MATRIX", None))


def _record(ticket, actor, kind, field="", old="", new="", internal=False) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        actor=actor,
        kind=kind,
        field=field,
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
        internal=internal,
    )


def _lock(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def _check_version(ticket: Ticket, version) -> None:
    if version is None:
        return
    if not isinstance(version, int) or isinstance(version, bool):
        raise Invalid({"version": _("A whole number is required.")})
    if version != ticket.version:
        raise StaleVersion(
            _(
                "The ticket changed since you opened it (version %(yours)d, now %(now)d). "
                "Reload it and try again."
            )
            % {"yours": version, "now": ticket.version}
        )


def _text(errors: dict, name: str, value, *, required: bool, limit: int) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else value
    if not isinstance(value, str):
        errors[name] = _("Enter text.")
        return ""
    if required and not value:
        errors[name] = _("This field is required.")
    elif len(value) > limit:
        errors[name] = _("At most %(max)d characters.") % {"max": limit}
    return value


def _level(errors: dict, name: str, value, default: int) -> int:
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or value not in priority.LEVELS:
        errors[name] = _("Choose 1 (high), 2 (medium) or 3 (low).")
        return default
    return value


def _notify_assignment(ticket: Ticket) -> None:
    template = "ticket_assigned_you" if ticket.assignee_id else "ticket_assigned_group"
    for user in staff_recipients(ticket):
        outbox.queue(
            user, template, {"ticket": ticket}, f"assign:{ticket.pk}:v{ticket.version}:{user.pk}"
        )


# --- create and edit -----------------------------------------------------------------------


@dataclass
class NewTicket:
    title: str = ""
    description: str = ""
    kind: str | None = None
    catalog_item: object = None
    form_data: dict | None = None
    requester: object = None
    channel: str | None = None
    impact: int | None = None
    urgency: int | None = None
    asset: object = None
    customer_unit: object = None
    promised_reply_at: datetime.datetime | None = None
    callback_phone: str = ""


def create_ticket(actor, data: NewTicket) -> Ticket:
    """Open a ticket. Requesters open their own from the portal; agents log for anyone."""
    is_staff = roles.is_agent(actor)
    requester = data.requester or actor
    if requester.pk != actor.pk and not is_staff:
        raise PermissionDenied
    errors: dict = {}
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
    title = _text(
        errors, "title", data.title or (item.name if item else ""), required=True, limit=TITLE_MAX
    )
    description = _text(errors, "description", data.description, required=False, limit=TEXT_MAX)
    form_data = {}
    # Agents logging a call may skip the guided questions; answers given are still checked.
    if item is not None and not (is_staff and data.form_data is None):
        try:
            form_data = validate_form_data(item.form_schema, data.form_data, requester)
        except FormDataInvalid as exc:
            errors["form_data"] = exc.errors
    elif data.form_data:
        errors["form_data"] = _("Answers need a catalog item.")
    impact = _level(errors, "impact", data.impact, item.default_impact if item else 3)
    urgency = _level(errors, "urgency", data.urgency, item.default_urgency if item else 3)
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

    with transaction.atomic():
        ticket = Ticket.objects.create(
            kind=kind,
            title=title,
            description=description,
            catalog_item=item,
            form_data=form_data,
            requester=requester,
            opened_by=actor,
            customer_unit=data.customer_unit or requester.customer_unit,
            channel=channel,
            impact=impact,
            urgency=urgency,
            priority=priority.priority_for(impact, urgency, _matrix()),
            asset=data.asset,
            promised_reply_at=data.promised_reply_at,
            callback_phone=callback,
        )
        ticket.number = f"{'INC' if kind == Kind.INCIDENT else 'REQ'}{ticket.pk:07d}"
        ticket.save(update_fields=["number"])
        _record(ticket, actor, EventKind.CREATED, "channel", "", channel)
        if item is not None and item.assignment_group_id:
            ticket.assignment_group = item.assignment_group
            ticket.status = Status.ASSIGNED
            ticket.save(update_fields=["assignment_group", "status"])
            _record(
                ticket,
                None,
                EventKind.ASSIGNMENT,
                "assignment_group",
                "",
                item.assignment_group.name,
            )
            _notify_assignment(ticket)
        sla_timers.start_timers(ticket)
    return ticket


# A change of these re-selects the SLA policy (targets recount from the ticket's start).
SLA_SCOPE = {"priority", "customer_unit", "catalog_item"}

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


def update_ticket(actor, ticket: Ticket, changes: dict, version=None) -> Ticket:
    """Edit fields (agents on tickets they may work); a stale `version` changes nothing."""
    if not permissions.can_work(actor, ticket):
        raise PermissionDenied
    unknown = set(changes) - EDITABLE
    if unknown:
        raise Invalid({name: _("This field cannot be changed here.") for name in unknown})
    with transaction.atomic():
        ticket = _lock(ticket)
        _check_version(ticket, version)
        if ticket.status in workflow.FINAL_STATUSES:
            raise IllegalTransition(_("A closed or cancelled ticket cannot be edited."))
        errors: dict = {}
        new = {}
        if "title" in changes:
            new["title"] = _text(errors, "title", changes["title"], required=True, limit=TITLE_MAX)
        if "description" in changes:
            new["description"] = _text(
                errors, "description", changes["description"], required=False, limit=TEXT_MAX
            )
        for name in ("impact", "urgency"):
            if name in changes:
                new[name] = _level(errors, name, changes[name], getattr(ticket, name))
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
                new.get("impact", ticket.impact), new.get("urgency", ticket.urgency), _matrix()
            )
        changed = []
        for name, value in new.items():
            old = getattr(ticket, name)
            if old != value:
                _record(ticket, actor, EventKind.FIELD, name, _display(old), _display(value))
                setattr(ticket, name, value)
                changed.append(name)
        if changed:
            ticket.version = F("version") + 1
            ticket.save(update_fields=[*changed, "version", "updated_at"])
            ticket.refresh_from_db()
            if SLA_SCOPE & set(changed):
                sla_timers.retarget(ticket, actor)
    return ticket


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    return str(value)


# --- workflow actions ----------------------------------------------------------------------


def perform(actor, ticket: Ticket, action: str, body: dict | None = None, version=None) -> Ticket:
    """Apply one workflow action (API.md table): 403 without the right, 409 from the wrong
    status or with a stale version, 400 for a missing or bad field; otherwise atomic."""
    body = body or {}
    spec = workflow.ACTIONS.get(action)
    if spec is None:
        raise IllegalTransition(_("Unknown action."))
    if not permissions.can_perform(actor, ticket, action):
        raise PermissionDenied
    with transaction.atomic():
        ticket = _lock(ticket)
        _check_version(ticket, version)
        if not permissions.can_perform(actor, ticket, action):
            raise PermissionDenied
        try:
            target = workflow.next_status(action, ticket.status)
        except workflow.NotAllowed:
            raise IllegalTransition(
                _("A ticket that is %(status)s cannot be “%(action)s”.")
                % {"status": ticket.get_status_display(), "action": action}
            ) from None
        old_status = ticket.status
        fields = _ACTION_HANDLERS[action](actor, ticket, body)
        ticket.status = target
        ticket.version = F("version") + 1
        ticket.save(update_fields=[*fields, "status", "version", "updated_at"])
        ticket.refresh_from_db()
        if old_status != target:
            _record(ticket, actor, EventKind.TRANSITION, "status", old_status, target)
            sla_timers.sync_timers(ticket, actor)
        _after(action, ticket, actor)
    return ticket


def _assign(actor, ticket, body) -> list[str]:
    from accounts.models import SupportGroup, User

    errors = {}
    group = _lookup(errors, "assignment_group", body.get("assignment_group"), SupportGroup)
    assignee = _lookup(errors, "assignee", body.get("assignee"), User, required=False)
    if group and assignee and not group.members.filter(pk=assignee.pk).exists():
        errors["assignee"] = _("%(user)s is not a member of %(group)s.") % {
            "user": assignee,
            "group": group,
        }
    if errors:
        raise Invalid(errors)
    if ticket.assignment_group_id and ticket.assignment_group_id != group.pk:
        ticket.reassignment_count += 1
    if ticket.assignment_group_id != group.pk:
        _record(
            ticket,
            actor,
            EventKind.ASSIGNMENT,
            "assignment_group",
            ticket.assignment_group.name if ticket.assignment_group else "",
            group.name,
        )
    if ticket.assignee_id != (assignee.pk if assignee else None):
        _record(
            ticket, actor, EventKind.ASSIGNMENT, "assignee", ticket.assignee or "", assignee or ""
        )
    ticket.assignment_group, ticket.assignee = group, assignee
    return ["assignment_group", "assignee", "reassignment_count"]


def _lookup(errors, name, value, model, required=True):
    if value in (None, ""):
        if required:
            errors[name] = _("This field is required.")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
        errors[name] = _("Give an id.")
        return None
    obj = model.objects.filter(pk=int(value)).first()
    if obj is None:
        errors[name] = _("Unknown id %(id)s.") % {"id": value}
    return obj


def _reason(body, required=True) -> str:
    errors = {}
    reason = _text(errors, "reason", body.get("reason"), required=required, limit=REASON_MAX)
    if errors:
        raise Invalid(errors)
    return reason


def _pend(actor, ticket, body) -> list[str]:
    ticket.pending_reason = _reason(body)
    return ["pending_reason"]


def _resume(actor, ticket, body) -> list[str]:
    ticket.pending_reason = ""
    return ["pending_reason"]


def _start(actor, ticket, body) -> list[str]:
    if (
        ticket.assignee_id is None
        and roles.is_agent(actor)
        and (
            ticket.assignment_group_id is None
            or ticket.assignment_group.members.filter(pk=actor.pk).exists()
        )
    ):
        _record(ticket, actor, EventKind.ASSIGNMENT, "assignee", "", actor)
        ticket.assignee = actor
    return ["assignee"]


def _resolve(actor, ticket, body) -> list[str]:
    errors = {}
    code = body.get("resolution_code")
    if (
        not isinstance(code, str)
        or not ResolutionCode.objects.filter(code=code, is_active=True).exists()
    ):
        codes = ", ".join(
            ResolutionCode.objects.filter(is_active=True).values_list("code", flat=True)
        )
        errors["resolution_code"] = _("Choose one of: %(codes)s.") % {"codes": codes}
    notes = _text(
        errors, "resolution_notes", body.get("resolution_notes"), required=True, limit=TEXT_MAX
    )
    if errors:
        raise Invalid(errors)
    ticket.resolution_code, ticket.resolution_notes = code, notes
    ticket.resolved_at = timezone.now()
    ticket.pending_reason = ""
    # The resolution answers the requester: without an earlier reply, it is the response.
    if ticket.first_response_at is None:
        ticket.first_response_at = ticket.resolved_at
    _record(ticket, actor, EventKind.FIELD, "resolution_code", "", code)
    return [
        "resolution_code",
        "resolution_notes",
        "resolved_at",
        "pending_reason",
        "first_response_at",
    ]


def _reopen(actor, ticket, body) -> list[str]:
    reason = _reason(body, required=False)
    ticket.reopen_count += 1
    ticket.resolved_at = None
    if reason:
        Comment.objects.create(ticket=ticket, author=actor, body=reason, internal=False)
        _record(ticket, actor, EventKind.COMMENT, "reopen", "", reason)
    return ["reopen_count", "resolved_at"]


def _close(actor, ticket, body) -> list[str]:
    ticket.closed_at = timezone.now()
    return ["closed_at"]


def _cancel(actor, ticket, body) -> list[str]:
    reason = _reason(body)
    _record(ticket, actor, EventKind.FIELD, "cancel_reason", "", reason)
    ticket.closed_at = timezone.now()
    return ["closed_at"]


_ACTION_HANDLERS = {
    "assign": _assign,
    "start": _start,
    "pend": _pend,
    "resume": _resume,
    "resolve": _resolve,
    "reopen": _reopen,
    "close": _close,
    "cancel": _cancel,
}


def _after(action: str, ticket: Ticket, actor) -> None:
    """Notifications that follow an action (queued in the outbox, sent after commit)."""
    if action == "assign":
        _notify_assignment(ticket)
    elif action == "resolve":
        outbox.queue(
            ticket.requester,
            "ticket_resolved",
            {"ticket": ticket},
            f"resolved:{ticket.pk}:v{ticket.version}",
        )
        surveys.schedule_survey(ticket)


# --- comments and attachments ---------------------------------------------------------------


def add_comment(actor, ticket: Ticket, body: str, internal: bool = False) -> Comment:
    if not isinstance(internal, bool):
        raise Invalid({"internal": _("Must be true or false.")})
    if not permissions.can_comment(actor, ticket, internal):
        raise PermissionDenied
    errors = {}
    text = _text(errors, "body", body, required=True, limit=TEXT_MAX)
    if errors:
        raise Invalid(errors)
    if ticket.status in workflow.FINAL_STATUSES and not internal:
        raise IllegalTransition(_("This ticket is closed: open a new one instead."))
    with transaction.atomic():
        ticket = _lock(ticket)
        comment = Comment.objects.create(ticket=ticket, author=actor, body=text, internal=internal)
        _record(
            ticket,
            actor,
            EventKind.COMMENT,
            "internal" if internal else "public",
            "",
            text[:200],
            internal=internal,
        )
        staff_reply = not internal and roles.is_agent(actor) and actor.pk != ticket.requester_id
        update = ["updated_at"]
        if staff_reply and ticket.first_response_at is None:
            ticket.first_response_at = comment.created_at
            update.append("first_response_at")
        if staff_reply and ticket.promised_reply_at and ticket.promise_kept is None:
            ticket.promise_kept = comment.created_at <= ticket.promised_reply_at
            update.append("promise_kept")
        ticket.save(update_fields=update)
        if "first_response_at" in update:
            sla_timers.sync_timers(ticket, actor)
        if staff_reply:
            outbox.queue(
                ticket.requester,
                "ticket_reply",
                {"ticket": ticket, "comment": comment},
                f"reply:{comment.pk}",
            )
        elif not internal and actor.pk == ticket.requester_id:
            for user in staff_recipients(ticket):
                outbox.queue(
                    user,
                    "ticket_customer_reply",
                    {"ticket": ticket, "comment": comment},
                    f"customer-reply:{comment.pk}:{user.pk}",
                )
    return comment


def add_attachment(actor, ticket: Ticket, upload, internal: bool = False) -> Attachment:
    if not permissions.can_contribute(actor, ticket):
        raise PermissionDenied
    if internal and not roles.is_agent(actor):
        raise PermissionDenied
    if upload is None:
        raise Invalid({"file": _("Attach a file.")})
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise PayloadTooLarge(
            _("The file is larger than %(mb)s MB.") % {"mb": round(limit / 2**20, 1)}
        )
    head = upload.read(2048)
    upload.seek(0)
    content_type = uploads.sniff(head)
    if content_type is None:
        raise Invalid(
            {
                "file": _(
                    "This kind of file is not accepted: send images, PDF, Office documents or text."
                )
            }
        )
    name = (upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:200]
    with transaction.atomic():
        attachment = Attachment(
            ticket=ticket,
            uploaded_by=actor,
            original_name=name,
            content_type=content_type,
            size=upload.size,
            internal=internal,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        _record(ticket, actor, EventKind.ATTACHMENT, "file", "", name, internal=internal)
        Ticket.objects.filter(pk=ticket.pk).update(updated_at=timezone.now())
    return attachment


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
                _record(
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
            _record(
                ticket,
                None,
                EventKind.REMINDER,
                "promised_reply_at",
                "",
                _display(ticket.promised_reply_at),
                internal=True,
            )
            for user in staff_recipients(ticket):
                outbox.queue(
                    user, "promise_due", {"ticket": ticket}, f"promise:{ticket.pk}:{user.pk}"
                )
            sent += 1
    return sent
