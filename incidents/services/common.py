"""What the ticket service functions share: input checks, locking, versions, history."""

from __future__ import annotations

import datetime
from typing import TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import DomainError, StaleVersion
from common.inputs import validate_single_line
from incidents import priority
from incidents.models import (
    Ticket,
    TicketEvent,
)

# Re-exported for the modules that read the limits from here (incidents.rules is their home).
from incidents.rules import REASON_MAX as REASON_MAX
from incidents.rules import TEXT_MAX as TEXT_MAX

# Field name → message(s): what `Invalid` reports (HTTP 400).
Errors = dict[str, object]


class ActionBody(TypedDict, total=False):
    """The body of a workflow action (incidents.workflow.ACTIONS names which fields each
    takes). Raw as sent: ids may come as numbers (API) or digit strings (pages)."""

    assignment_group: int | str | None
    assignee: int | str | None
    reason: str | None
    resolution_code: str | None
    resolution_notes: str | None
    force: bool | str | None


class Invalid(DomainError):
    """Input that breaks a rule; `detail` maps fields to messages (HTTP 400)."""

    def __init__(self, errors: Errors):
        super().__init__({k: v if isinstance(v, (list, dict)) else [v] for k, v in errors.items()})


def matrix() -> priority.Matrix:
    return priority.parse_matrix(getattr(settings, "TICKET_PRIORITY_MATRIX", None))


def event(
    ticket: Ticket,
    actor: User | None,
    kind: str,
    field: str = "",
    old: object = "",
    new: object = "",
    internal: bool = False,
) -> TicketEvent:
    """A history row, not yet saved (for `bulk_create`); `record` saves one."""
    return TicketEvent(
        ticket=ticket,
        actor=actor,
        kind=kind,
        field=field,
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
        internal=internal,
    )


def record(
    ticket: Ticket,
    actor: User | None,
    kind: str,
    field: str = "",
    old: object = "",
    new: object = "",
    internal: bool = False,
) -> TicketEvent:
    row = event(ticket, actor, kind, field, old, new, internal)
    row.save()
    return row


def lock(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def check_version(ticket: Ticket, version: object) -> None:
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


def clean_text(
    errors: Errors,
    name: str,
    value: object,
    *,
    required: bool,
    limit: int,
    single_line: bool = False,
) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else value
    if not isinstance(value, str):
        errors[name] = _("Enter text.")
        return ""
    if required and not value:
        errors[name] = _("This field is required.")
    elif len(value) > limit:
        errors[name] = _("At most %(max)d characters.") % {"max": limit}
    elif single_line:
        try:
            validate_single_line(value)
        except ValidationError as exc:
            errors[name] = exc.messages[0]
    return value


def clean_level(errors: Errors, name: str, value: object, default: int) -> int:
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or value not in priority.LEVELS:
        errors[name] = _("Choose 1 (high), 2 (medium) or 3 (low).")
        return default
    return value


def display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    return str(value)
