"""A ticket's history rows as sentences in the reader's language, and which rows a
requester may read. One table for every event kind: the desk's and the portal's
timelines both use `timeline_lines`; the API keeps its raw `field, old, new`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents import permissions, rules
from incidents.models import (
    LEVEL_CHOICES,
    Channel,
    EventKind,
    ResolutionCode,
    Status,
    Ticket,
    TicketEvent,
)
from sla.templatetags.sla import format_target

# Field edits a requester reads on their own ticket; the rest (priority, impact, SLA scope,
# the callback number) is the desk's triage, not the requester's concern.
REQUESTER_FIELDS = frozenset(
    {
        "title",
        "description",
        "catalog_item",
        "promised_reply_at",
        "resolution_code",
        "cancel_reason",
        *rules.APPROVAL_FIELDS,
    }
)
# Satisfaction survey rows a requester reads (follow-ups are the manager's).
REQUESTER_SURVEY_FIELDS = frozenset({"sent", "rating"})

LEVEL_LABELS = {str(value): label for value, label in LEVEL_CHOICES}
OPENED = {
    Channel.PORTAL: gettext_lazy("Opened in the portal"),
    Channel.PHONE: gettext_lazy("Opened by phone"),
    Channel.EMAIL: gettext_lazy("Opened by email"),
    Channel.WALK_IN: gettext_lazy("Opened at the desk (walk-in)"),
    Channel.MONITORING: gettext_lazy("Opened by monitoring"),
    Channel.PLANNED: gettext_lazy("Opened by a maintenance plan"),
}
# The checklist's rows (incidents.services.checklist), internal: the team's own steps.
TASK_SENTENCES = {
    "task_done": gettext_lazy("Task done: {task}"),
    "task_reopened": gettext_lazy("Task reopened: {task}"),
}
SLA_STATES = {
    "paused": gettext_lazy("paused while the ticket is on hold"),
    "running": gettext_lazy("running again"),
    "warning": gettext_lazy("warning: most of the time is used"),
    "breached": gettext_lazy("breached"),
    "met": gettext_lazy("met"),
    "stopped": gettext_lazy("stopped"),
}
SLA_NAMES = {
    "response": gettext_lazy("Response SLA"),
    "resolution": gettext_lazy("Resolution SLA"),
}


def visible_to_requester(event: TicketEvent) -> bool:
    """Whether a requester reads this row on their own ticket: never internal rows, work
    notes, SLA internals, reminders to staff or triage fields."""
    if not permissions.is_public_row(event):
        return False
    kind = event.kind
    if kind in (EventKind.CREATED, EventKind.TRANSITION, EventKind.ASSIGNMENT):
        return True
    if kind == EventKind.ATTACHMENT:
        return True
    if kind == EventKind.FIELD:
        return event.field in REQUESTER_FIELDS
    if kind == EventKind.SURVEY:
        return event.field in REQUESTER_SURVEY_FIELDS
    if kind == EventKind.COMMENT:
        return event.field in ("public", "reopen")
    return False


def _status(value: str) -> str:
    return str(Status(value).label) if value in Status.values else _("(unknown status)")


def _field_label(name: str) -> str:
    try:
        label = str(Ticket._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        label = name.replace("_", " ")
    return label[:1].upper() + label[1:]


def _when(value: str) -> str:
    parsed = parse_datetime(value) if value else None
    if parsed is None:
        return value
    if timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return parsed.strftime("%Y-%m-%d %H:%M")


def _value(field: str, value: str) -> str:
    """A stored value as a reader reads it (labels, not codes)."""
    if value == "":
        return "—"
    if field in ("impact", "urgency"):
        return str(LEVEL_LABELS.get(value, value))
    if field == "priority":
        return f"P{value}"
    if field == "channel":
        return str(Channel(value).label) if value in Channel.values else value
    if field == "promised_reply_at":
        return _when(value)
    return value


@dataclass
class Describer:
    """Turns history rows into sentences; built once per page so resolution-code labels
    are read in one query."""

    codes: dict[str, str]

    @classmethod
    def for_events(cls, events: Iterable[TicketEvent]) -> "Describer":
        return cls(
            ResolutionCode.labels(e.new_value for e in events if e.field == "resolution_code")
        )

    def sentence(self, event: TicketEvent) -> SafeString:
        handler = _HANDLERS.get(event.kind, _field_change)
        return handler(self, event)


def _created(d: Describer, e: TicketEvent) -> SafeString:
    return format_html("{}", OPENED.get(e.new_value, _("Opened")))


def _transition(d: Describer, e: TicketEvent) -> SafeString:
    if e.old_value == Status.RESOLVED and e.new_value == Status.IN_PROGRESS:
        return format_html("{}", _("Reopened"))
    return format_html(
        _("Status changed from {old} to {new}"),
        old=_status(e.old_value),
        new=format_html("<strong>{}</strong>", _status(e.new_value)),
    )


def _strong(value: str) -> SafeString:
    return format_html("<strong>{}</strong>", value)


def _assignment(d: Describer, e: TicketEvent) -> SafeString:
    old, new = e.old_value, e.new_value
    if e.field == "assignment_group":
        if new and old:
            return format_html(_("Reassigned from {old} to {new}"), old=old, new=_strong(new))
        if new:
            return format_html(_("Assigned to {group}"), group=_strong(new))
        return format_html(_("Removed from {group}"), group=old)
    if new and old:
        return format_html(_("Handed over from {old} to {new}"), old=old, new=_strong(new))
    if new:
        return format_html(_("Now handled by {person}"), person=_strong(new))
    return format_html(_("No longer assigned to {person}"), person=old)


def _field_change(d: Describer, e: TicketEvent) -> SafeString:
    if e.field == "resolution_code":
        label = d.codes.get(e.new_value) or e.new_value.replace("_", " ")
        return format_html(_("Resolved: {code}"), code=_strong(label))
    if e.field == "cancel_reason":
        return format_html(_("Cancelled: {reason}"), reason=e.new_value)
    if e.field in TASK_SENTENCES:
        return format_html(str(TASK_SENTENCES[e.field]), task=_strong(e.new_value))
    if e.field == "tasks_forced":
        return format_html(
            _("Resolved with {count} open task(s): {reason}"),
            count=e.old_value,
            reason=e.new_value,
        )
    if e.field in rules.APPROVAL_FIELDS:
        return _approval(e)
    label = _field_label(e.field)
    old, new = _value(e.field, e.old_value), _value(e.field, e.new_value)
    if e.field == "description":
        return format_html(_("{field} edited"), field=label)
    if e.old_value == "":
        return format_html(_("{field} set to {new}"), field=label, new=_strong(new))
    if e.new_value == "":
        return format_html(_("{field} cleared (was {old})"), field=label, old=old)
    return format_html(
        _("{field} changed from {old} to {new}"), field=label, old=old, new=_strong(new)
    )


def _approval(e: TicketEvent) -> SafeString:
    if e.field == rules.APPROVAL_REQUESTED:
        if not e.new_value:
            return format_html(
                _("Approval step {step} passed: nobody else to ask"), step=e.old_value or "—"
            )
        return format_html(_("Approval requested from {people}"), people=_strong(e.new_value))
    approved = e.field == rules.APPROVAL_APPROVED
    verb = _("Approved") if approved else _("Rejected")
    if e.old_value:
        verb = (
            _("Approved on behalf of {person}") if approved else _("Rejected on behalf of {person}")
        ).format(person=e.old_value)
    if e.new_value:
        return format_html(_("{decision}: {comment}"), decision=verb, comment=e.new_value)
    return format_html("{}", verb)


def _comment(d: Describer, e: TicketEvent) -> SafeString:
    if e.field == "reopen":
        return format_html(_("Reopened: {reason}"), reason=e.new_value)
    if e.field == "internal":
        return format_html("{}", _("Added a work note"))
    return format_html("{}", _("Replied"))


def _attachment(d: Describer, e: TicketEvent) -> SafeString:
    return format_html(_("Attached {name}"), name=_strong(e.new_value))


def _reminder(d: Describer, e: TicketEvent) -> SafeString:
    return format_html(
        _("Reminder sent: the promised reply is due at {when}"), when=_when(e.new_value)
    )


def _business_target(minutes: str) -> str:
    """A target kept in the history as business minutes, as the SLA pages write it."""
    try:
        return format_target(int(minutes), None)
    except (TypeError, ValueError):
        return minutes


def _sla(d: Describer, e: TicketEvent) -> SafeString:
    field = e.field.removeprefix("sla_")
    target = field.endswith("_target")
    name = SLA_NAMES.get(field.removesuffix("_target"), _("Service level"))
    if target:
        return format_html(
            _("{sla}: target changed from {old} to {new} of business time (time used is kept)"),
            sla=name,
            old=_business_target(e.old_value),
            new=_strong(_business_target(e.new_value)),
        )
    if e.new_value == "running" and e.old_value == "paused":
        state = _("resumed")
    else:
        state = str(SLA_STATES.get(e.new_value, e.new_value))
    if e.new_value == "breached":
        return format_html('{}: <strong class="text-danger">{}</strong>', name, state)
    return format_html("{}: {}", name, state)


def _survey(d: Describer, e: TicketEvent) -> SafeString:
    if e.field == "sent":
        return format_html("{}", _("Satisfaction survey sent to the requester"))
    if e.field == "rating":
        return format_html(_("Satisfaction rating: {rating} of 5"), rating=_strong(e.new_value))
    if e.field == "follow_up" and e.new_value == "open":
        return _strong(_("Low rating: follow-up opened for the manager"))
    return format_html(_("Follow-up done: {text}"), text=e.new_value)


_HANDLERS: dict[str, Callable[[Describer, TicketEvent], SafeString]] = {
    EventKind.CREATED: _created,
    EventKind.TRANSITION: _transition,
    EventKind.ASSIGNMENT: _assignment,
    EventKind.FIELD: _field_change,
    EventKind.COMMENT: _comment,
    EventKind.ATTACHMENT: _attachment,
    EventKind.REMINDER: _reminder,
    EventKind.SLA: _sla,
    EventKind.SURVEY: _survey,
}
ICONS = {
    EventKind.CREATED: "bi-plus-circle",
    EventKind.TRANSITION: "bi-arrow-right-circle",
    EventKind.ASSIGNMENT: "bi-people",
    EventKind.ATTACHMENT: "bi-paperclip",
    EventKind.REMINDER: "bi-bell",
    EventKind.SLA: "bi-stopwatch",
    EventKind.SURVEY: "bi-emoji-smile",
}
FIELD_ICONS = {"task_done": "bi-check2-square", "task_reopened": "bi-square"}


def describe(event: TicketEvent) -> SafeString:
    """One row as a sentence (reads resolution-code labels itself: for a single row)."""
    return Describer.for_events([event]).sentence(event)


def timeline_lines(events: list[TicketEvent], *, requester_view: bool) -> list[dict]:
    """`{"at", "actor", "text", "icon", "internal"}` per row the reader may see."""
    if requester_view:
        events = [e for e in events if visible_to_requester(e)]
    describer = Describer.for_events(events)
    return [
        {
            "at": e.at,
            "actor": e.actor,
            "text": describer.sentence(e),
            "icon": FIELD_ICONS.get(e.field) or ICONS.get(e.kind, "bi-pencil"),
            "internal": e.internal,
        }
        for e in events
    ]
