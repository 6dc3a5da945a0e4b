"""Monitoring integrations and their alerts.

Firing opens an incident, or — while the ticket an earlier alert of the same source + key
opened is still open — counts one more occurrence on it. The open `AlertThread` row is the
lock: it is read `FOR UPDATE`, and a missing one is inserted under a partial unique
constraint, so of two parallel first alerts exactly one opens the ticket and the other
counts on it."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assets import tags
from assets.models import Asset, tag_error_message
from common.errors import DomainError
from inbound import permissions, queries
from inbound.models import AlertThread, Integration
from inbound.services.gateway import gateway_user
from incidents import rules, workflow
from incidents import services as tickets
from incidents.models import Channel, Kind, Ticket

# Severity → (impact, urgency): the one table (docs/api.md, "Clarifications": Alerts).
SEVERITY_LEVELS: dict[str, tuple[int, int]] = {
    "critical": (1, 1),
    "major": (1, 2),
    "minor": (2, 2),
    "warning": (2, 3),
    "info": (3, 3),
}
# An Alertmanager alert without a severity label (or with an unknown one) counts as this.
DEFAULT_SEVERITY = "warning"
FIRING, RESOLVED = "firing", "resolved"
TOKEN_BYTES = 32
KEY_MAX = 200
INTEGRATION_FIELDS = ("name", "kind", "catalog_item", "assignment_group", "active")


@dataclass(frozen=True)
class Alert:
    """One alert, whichever format brought it."""

    source: str
    key: str
    status: str
    title: str
    severity: str
    description: str = ""
    asset_tag: str = ""


@dataclass(frozen=True)
class AlertOutcome:
    ticket: Ticket | None
    created: bool


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def save_integration(
    actor: User, integration: Integration, values: dict[str, Any]
) -> tuple[Integration, str | None]:
    """Create or edit an integration (admins) → (integration, the new token or None).
    The token is returned once, at creation; only its hash is stored."""
    if not permissions.can_manage_channels(actor):
        raise PermissionDenied
    for name, value in values.items():
        if name in INTEGRATION_FIELDS:
            setattr(integration, name, value)
    token = None
    if not integration.pk:
        token = new_token()
        integration.token_hash, integration.token_prefix = hash_token(token), token[:6]
    with transaction.atomic():
        try:
            integration.full_clean()
        except DjangoValidationError as exc:
            raise DomainError(exc.message_dict) from exc
        integration.save()
    return integration, token


def rotate_token(actor: User, integration: Integration) -> str:
    """A new token for the integration; the old one stops working at once."""
    if not permissions.can_manage_channels(actor):
        raise PermissionDenied
    token = new_token()
    with transaction.atomic():
        locked = Integration.objects.select_for_update().get(pk=integration.pk)
        locked.token_hash, locked.token_prefix = hash_token(token), token[:6]
        locked.save(update_fields=["token_hash", "token_prefix", "updated_at"])  # audited
    return token


def delete_integration(actor: User, integration: Integration) -> None:
    if not permissions.can_manage_channels(actor):
        raise PermissionDenied
    integration.delete()


def authenticate(token: str) -> Integration | None:
    return queries.integration_by_token_hash(hash_token(token)) if token else None


def receive(integration: Integration, alert: Alert) -> AlertOutcome:
    """One alert: fire (open or count) or resolve. Retried once when a parallel first
    alert inserted the thread between our read and our insert."""
    Integration.objects.filter(pk=integration.pk).update(last_alert_at=timezone.now())
    for _attempt in range(3):
        try:
            with transaction.atomic():
                if alert.status == RESOLVED:
                    return _resolve(alert)
                return _fire(integration, alert)
        except IntegrityError:
            continue  # the other alert's thread is committed now: count on it
    raise DomainError(_("The alert could not be recorded; send it again."))


def _fire(integration: Integration, alert: Alert) -> AlertOutcome:
    thread = (
        AlertThread.objects.select_for_update(of=("self",))
        .filter(source=alert.source, key=alert.key, open=True)
        .select_related("ticket")
        .first()
    )
    now = timezone.now()
    ticket = thread.ticket if thread is not None else None
    if thread is not None and ticket is not None and ticket.status in workflow.OPEN_STATUSES:
        AlertThread.objects.filter(pk=thread.pk).update(
            occurrences=thread.occurrences + 1, last_fired_at=now
        )
        return AlertOutcome(tickets.count_alert_occurrence(ticket), False)
    if thread is not None:
        # Its ticket was resolved, closed or cancelled: the alert starts a new one.
        AlertThread.objects.filter(pk=thread.pk).update(open=False)
    asset = _asset(alert.asset_tag)
    with transaction.atomic():  # the partial unique constraint decides between two firsts
        thread = AlertThread.objects.create(
            source=alert.source,
            key=alert.key,
            integration=integration,
            asset=asset,
            title=alert.title[: rules.TITLE_MAX],
            severity=alert.severity,
            last_fired_at=now,
        )
    impact, urgency = SEVERITY_LEVELS[alert.severity]
    description = alert.description
    if alert.asset_tag and asset is None:
        note = _("The alert names the CI %(tag)s, which is not in the CMDB.") % {
            "tag": alert.asset_tag
        }
        description = f"{description}\n\n{note}".strip()
    ticket = tickets.create_ticket(
        gateway_user(),
        tickets.NewTicket(
            title=alert.title[: rules.TITLE_MAX],
            description=description[: rules.TEXT_MAX],
            kind=Kind.INCIDENT if integration.catalog_item is None else None,
            catalog_item=integration.catalog_item,
            requester=gateway_user(),
            channel=Channel.MONITORING,
            impact=impact,
            urgency=urgency,
            asset=asset,
            assignment_group=integration.assignment_group,
        ),
    )
    ticket = tickets.count_alert_occurrence(ticket)
    thread.ticket = ticket
    thread.save(update_fields=["ticket"])
    return AlertOutcome(ticket, True)


def _resolve(alert: Alert) -> AlertOutcome:
    """A work note on the alert's ticket; a ticket nobody has taken is resolved."""
    thread = (
        AlertThread.objects.select_for_update(of=("self",))
        .filter(source=alert.source, key=alert.key, open=True)
        .select_related("ticket")
        .first()
    )
    if thread is None or thread.ticket is None:
        return AlertOutcome(None, False)
    ticket = thread.ticket
    now = timezone.now()
    if ticket.status not in workflow.OPEN_STATUSES:
        AlertThread.objects.filter(pk=thread.pk).update(open=False, resolved_at=now)
        return AlertOutcome(ticket, False)
    gateway = gateway_user()
    note = _("The monitoring system reports the alert resolved: %(title)s") % {
        "title": alert.title or thread.title
    }
    tickets.add_comment(gateway, ticket, note, internal=True)
    AlertThread.objects.filter(pk=thread.pk).update(resolved_at=now)
    ticket.refresh_from_db()
    if ticket.status == workflow.NEW or ticket.assignee_id is None:
        if ticket.status == workflow.NEW:
            ticket = tickets.perform(gateway, ticket, "start")
        ticket = tickets.perform(
            gateway,
            ticket,
            "resolve",
            {
                "resolution_code": "fixed",
                "resolution_notes": _("The alert cleared before anyone took the ticket."),
            },
        )
        AlertThread.objects.filter(pk=thread.pk).update(open=False)
    return AlertOutcome(ticket, False)


def _asset(tag: str) -> Asset | None:
    """The CI an alert names, by the tag rule's folding (NFKC, dashes, case)."""
    if not tag:
        return None
    try:
        folded = str(tags.parse(tag))
    except tags.InvalidTag:
        return None
    return queries.asset_by_tag(folded)


def fold_tag(tag: str) -> str:
    """The tag as the CMDB writes it, or DomainError on `asset_tag` stating the rule."""
    try:
        return str(tags.parse(tag))
    except tags.InvalidTag:
        raise DomainError({"asset_tag": [str(tag_error_message())]}) from None


def alertmanager_alert(integration: Integration, item: dict[str, Any]) -> Alert:
    """One alert of an Alertmanager webhook (v4), keyed by its fingerprint, else by its
    sorted labels; the source is the integration."""
    labels = {str(k): str(v) for k, v in dict(item.get("labels") or {}).items()}
    notes = {str(k): str(v) for k, v in dict(item.get("annotations") or {}).items()}
    key = str(item.get("fingerprint") or "")
    if not key:
        flat = ",".join(f"{k}={labels[k]}" for k in sorted(labels))
        key = flat if len(flat) <= KEY_MAX else hashlib.sha256(flat.encode()).hexdigest()
    name = labels.get("alertname", "")
    where = labels.get("instance", "")
    title = notes.get("summary") or " · ".join(x for x in (name, where) if x) or key
    severity = labels.get("severity", "").lower()
    lines = [notes.get("description", "")]
    lines += [f"{k}: {labels[k]}" for k in sorted(labels)]
    if item.get("generatorURL"):
        lines.append(str(item["generatorURL"]))
    return Alert(
        source=f"integration:{integration.pk}",
        key=key,
        status=str(item.get("status") or FIRING),
        title=" ".join(title.split()),
        severity=severity if severity in SEVERITY_LEVELS else DEFAULT_SEVERITY,
        description="\n".join(x for x in lines if x),
        asset_tag=labels.get("asset_tag") or notes.get("asset_tag", ""),
    )
