"""The workflow actions of the state machine's table (incidents.workflow.ACTIONS): one
entry point, and the handler each row names."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import SupportGroup, User
from common.errors import DomainError, IllegalTransition
from common.inputs import parse_id
from incidents import events, permissions, workflow
from incidents.models import (
    Comment,
    EventKind,
    ResolutionCode,
    Ticket,
)
from incidents.services.common import (
    REASON_MAX,
    TEXT_MAX,
    ActionBody,
    Errors,
    Invalid,
    check_version,
    clean_text,
    lock,
    record,
)

Handler = Callable[[User, Ticket, ActionBody], list[str]]
M = TypeVar("M", bound=models.Model)

# --- workflow actions ----------------------------------------------------------------------


def perform(
    actor: User,
    ticket: Ticket,
    action: str,
    body: ActionBody | None = None,
    version: object = None,
) -> Ticket:
    """Apply one workflow action (the table of docs/api.md): 403 without the right, 409 from
    the wrong status or with a stale version, 400 for a missing or bad field; otherwise
    atomic."""
    body = body or {}
    spec = workflow.ACTIONS.get(action)
    if spec is None:
        raise IllegalTransition(_("Unknown action."))
    if not permissions.can_perform(actor, ticket, action):
        raise PermissionDenied
    with transaction.atomic():
        ticket = lock(ticket)
        check_version(ticket, version)
        if not permissions.can_perform(actor, ticket, action):
            raise PermissionDenied
        return apply(actor, ticket, action, body)


# The most tickets one bulk assignment takes (the desk's page holds at most 100).
BULK_ASSIGN_MAX = 200


@dataclass
class BulkOutcome:
    """What a bulk action did: how many tickets it changed, and why each other one was
    refused (its number and the refusal, to be shown as a message)."""

    done: int = 0
    refused: list[tuple[str, DomainError | PermissionDenied]] = field(default_factory=list)


def bulk_assign(
    actor: User, ticket_ids: Iterable[int], assignment_group: int | str | None
) -> BulkOutcome:
    """The `assign` action on each of the tickets (the first `BULK_ASSIGN_MAX` ids), each in
    its own transaction: one refusal (a right, a status, a bad group) leaves the others."""
    ids = list(ticket_ids)[:BULK_ASSIGN_MAX]
    outcome = BulkOutcome()
    for ticket in Ticket.objects.filter(pk__in=ids):
        try:
            perform(actor, ticket, "assign", {"assignment_group": assignment_group})
        except (DomainError, PermissionDenied) as exc:
            outcome.refused.append((str(ticket.number), exc))
        else:
            outcome.done += 1
    return outcome


def handler_of(spec: workflow.Action) -> Handler:
    """The service function a row names."""
    found: Handler = import_string(spec.handler)
    return found


def apply(actor: User, ticket: Ticket, action: str, body: ActionBody) -> Ticket:
    """The action itself, on a ticket locked by the caller's transaction, once rights are
    checked: the state machine, the row's required fields, its handler, the version, history,
    then the events (`StatusChanged` when the status moved, and the row's own). `perform`
    calls it; so does a requester's reply that resumes a pending ticket."""
    spec = workflow.ACTIONS[action]
    try:
        target = workflow.next_status(action, ticket.status)
    except workflow.NotAllowed:
        raise IllegalTransition(
            _("A ticket that is %(status)s cannot be “%(action)s”.")
            % {"status": ticket.get_status_display(), "action": action}
        ) from None
    given: Mapping[str, object] = body
    missing: Errors = {
        name: _("This field is required.") for name in spec.requires if _blank(given.get(name))
    }
    if missing:
        raise Invalid(missing)
    old_status = ticket.status
    fields = handler_of(spec)(actor, ticket, body)
    ticket.status = target
    ticket.version = F("version") + 1
    ticket.save(update_fields=[*fields, "status", "version", "updated_at"])
    ticket.refresh_from_db()
    if old_status != target:
        record(ticket, actor, EventKind.TRANSITION, "status", old_status, target)
        events.publish(events.StatusChanged(ticket, actor, old_status, target))
    if spec.publishes is not None:
        reason = body.get("reason")
        events.publish(
            spec.publishes(ticket, actor, reason.strip() if isinstance(reason, str) else "")
        )
    return ticket


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def assign(actor: User, ticket: Ticket, body: ActionBody) -> list[str]:
    errors: Errors = {}
    group = _lookup(errors, "assignment_group", body.get("assignment_group"), SupportGroup)
    assignee = _lookup(errors, "assignee", body.get("assignee"), User, required=False)
    if group and assignee and not group.members.filter(pk=assignee.pk).exists():
        errors["assignee"] = _("%(user)s is not a member of %(group)s.") % {
            "user": assignee,
            "group": group,
        }
    if errors or group is None:
        raise Invalid(errors)
    if ticket.assignment_group_id and ticket.assignment_group_id != group.pk:
        ticket.reassignment_count += 1
    if ticket.assignment_group_id != group.pk:
        record(
            ticket,
            actor,
            EventKind.ASSIGNMENT,
            "assignment_group",
            ticket.assignment_group.name if ticket.assignment_group else "",
            group.name,
        )
    if ticket.assignee_id != (assignee.pk if assignee else None):
        record(
            ticket, actor, EventKind.ASSIGNMENT, "assignee", ticket.assignee or "", assignee or ""
        )
    ticket.assignment_group, ticket.assignee = group, assignee
    return ["assignment_group", "assignee", "reassignment_count"]


def _lookup(
    errors: Errors, name: str, value: object, model: type[M], required: bool = True
) -> M | None:
    if value in (None, ""):
        if required:
            errors[name] = _("This field is required.")
        return None
    pk = parse_id(value)
    if pk is None:
        errors[name] = _("Give an id.")
        return None
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        errors[name] = _("Unknown id %(id)s.") % {"id": value}
    return obj


def _reason(body: ActionBody, required: bool = True) -> str:
    errors: Errors = {}
    reason = clean_text(errors, "reason", body.get("reason"), required=required, limit=REASON_MAX)
    if errors:
        raise Invalid(errors)
    return reason


def pend(actor: User, ticket: Ticket, body: ActionBody) -> list[str]:
    ticket.pending_reason = _reason(body)
    return ["pending_reason"]


def resume(actor: User, ticket: Ticket, body: ActionBody) -> list[str]:
    ticket.pending_reason = ""
    return ["pending_reason"]


def start(actor: User, ticket: Ticket, body: ActionBody) -> list[str]:
    if (
        ticket.assignee_id is None
        and roles.is_agent(actor)
        and (
            ticket.assignment_group is None
            or ticket.assignment_group.members.filter(pk=actor.pk).exists()
        )
    ):
        record(ticket, actor, EventKind.ASSIGNMENT, "assignee", "", actor)
        ticket.assignee = actor
    return ["assignee"]


def resolve(actor: User, ticket: Ticket, body: ActionBody) -> list[str]:
    errors: Errors = {}
    code = body.get("resolution_code")
    if (
        not isinstance(code, str)
        or not ResolutionCode.objects.filter(code=code, is_active=True).exists()
    ):
        codes = ", ".join(
            ResolutionCode.objects.filter(is_active=True).values_list("code", flat=True)
        )
        errors["resolution_code"] = _("Choose one of: %(codes)s.") % {"codes": codes}
    notes = clean_text(
        errors, "resolution_notes", body.get("resolution_notes"), required=True, limit=TEXT_MAX
    )
    if errors or not isinstance(code, str):
        raise Invalid(errors)
    ticket.resolution_code, ticket.resolution_notes = code, notes
    resolved_at = timezone.now()
    ticket.resolved_at = resolved_at
    ticket.pending_reason = ""
    # The resolution answers the requester: without an earlier reply, it is the response.
    if ticket.first_response_at is None:
        ticket.first_response_at = resolved_at
    record(ticket, actor, EventKind.FIELD, "resolution_code", "", code)
    return [
        "resolution_code",
        "resolution_notes",
        "resolved_at",
        "pending_reason",
        "first_response_at",
    ]


def reopen(actor: User, ticket: Ticket, body: ActionBody) -> list[str]:
    reason = _reason(body, required=False)
    ticket.reopen_count += 1
    ticket.resolved_at = None
    if reason:
        Comment.objects.create(ticket=ticket, author=actor, body=reason, internal=False)
        record(ticket, actor, EventKind.COMMENT, "reopen", "", reason)
    if actor.pk == ticket.requester_id:
        ticket.customer_updated_at = timezone.now()
    return ["reopen_count", "resolved_at", "customer_updated_at"]


def close(actor: User, ticket: Ticket, body: ActionBody) -> list[str]:
    ticket.closed_at = timezone.now()
    return ["closed_at"]


def cancel(actor: User, ticket: Ticket, body: ActionBody) -> list[str]:
    reason = _reason(body)
    record(ticket, actor, EventKind.FIELD, "cancel_reason", "", reason)
    ticket.closed_at = timezone.now()
    return ["closed_at"]
