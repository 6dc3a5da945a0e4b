"""The workflow actions of API.md's table: one function, one handler per action."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from incidents import permissions, workflow
from incidents.models import (
    Comment,
    EventKind,
    ResolutionCode,
    Ticket,
)
from incidents.queries import staff_recipients
from incidents.services.common import (
    REASON_MAX,
    TEXT_MAX,
    Invalid,
    check_version,
    clean_text,
    lock,
    notify_assignment,
    record,
)
from itsm.errors import IllegalTransition
from itsm.inputs import parse_id
from notifications import services as outbox
from satisfaction import services as surveys
from sla import timers as sla_timers

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
        ticket = lock(ticket)
        check_version(ticket, version)
        if not permissions.can_perform(actor, ticket, action):
            raise PermissionDenied
        return apply(actor, ticket, action, body)


def apply(actor, ticket: Ticket, action: str, body: dict) -> Ticket:
    """The action itself, on a ticket locked by the caller's transaction, once rights are
    checked: the state machine, the handler, the version, history, timers, notifications.
    `perform` calls it; so does a requester's reply that resumes a pending ticket."""
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
        record(ticket, actor, EventKind.TRANSITION, "status", old_status, target)
        sla_timers.sync_timers(ticket, actor)
    _after(action, ticket, actor, body)
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


def _lookup(errors, name, value, model, required=True):
    if value in (None, ""):
        if required:
            errors[name] = _("This field is required.")
        return None
    pk = parse_id(value)
    if pk is None:
        errors[name] = _("Give an id.")
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        errors[name] = _("Unknown id %(id)s.") % {"id": value}
    return obj


def _reason(body, required=True) -> str:
    errors = {}
    reason = clean_text(errors, "reason", body.get("reason"), required=required, limit=REASON_MAX)
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
        record(ticket, actor, EventKind.ASSIGNMENT, "assignee", "", actor)
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
    notes = clean_text(
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
    record(ticket, actor, EventKind.FIELD, "resolution_code", "", code)
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
        record(ticket, actor, EventKind.COMMENT, "reopen", "", reason)
    if actor.pk == ticket.requester_id:
        ticket.customer_updated_at = timezone.now()
    return ["reopen_count", "resolved_at", "customer_updated_at"]


def _close(actor, ticket, body) -> list[str]:
    ticket.closed_at = timezone.now()
    return ["closed_at"]


def _cancel(actor, ticket, body) -> list[str]:
    reason = _reason(body)
    record(ticket, actor, EventKind.FIELD, "cancel_reason", "", reason)
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


def _after(action: str, ticket: Ticket, actor, body: dict) -> None:
    """Notifications that follow an action (queued in the outbox, sent after commit)."""
    if action == "assign":
        notify_assignment(ticket)
    elif action == "reopen":
        # The assignee (else the group) hears of it, unless they reopened it themselves.
        context = {"ticket": ticket, "actor": actor, "reason": _reason(body, required=False)}
        outbox.queue_many(
            [
                (
                    user,
                    "ticket_reopened",
                    context,
                    f"reopened:{ticket.pk}:v{ticket.version}:{user.pk}",
                )
                for user in staff_recipients(ticket, exclude=actor)
            ],
            impersonal=True,
        )
    elif action == "resolve":
        outbox.queue(
            ticket.requester,
            "ticket_resolved",
            {"ticket": ticket},
            f"resolved:{ticket.pk}:v{ticket.version}",
        )
        surveys.schedule_survey(ticket)


# --- calls solved on the line --------------------------------------------------------------


def resolve_on_first_contact(actor, data, resolution_code, resolution_notes) -> Ticket:
    """Log a call the agent solved while the caller was still on the line: opened, taken
    and resolved in one transaction (a bad resolution leaves no ticket behind). Never
    reassigned nor reopened, it counts as first-contact resolution (reports.metrics)."""
    from incidents.services.tickets import create_ticket

    with transaction.atomic():
        ticket = create_ticket(actor, data)
        if "start" in workflow.actions_from(ticket.status):
            ticket = perform(actor, ticket, "start")
        return perform(
            actor,
            ticket,
            "resolve",
            {"resolution_code": resolution_code, "resolution_notes": resolution_notes},
        )
