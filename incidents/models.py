"""Tickets: one model for incidents and requests, with comments, attachments and history."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.i18n import pick
from common.inputs import validate_single_line
from common.models import TimeStampedModel
from incidents import rules, workflow


class Kind(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    REQUEST = "request", _("Service request")


class Status(models.TextChoices):
    AWAITING_APPROVAL = workflow.AWAITING_APPROVAL, _("Awaiting approval")
    NEW = workflow.NEW, _("New")
    ASSIGNED = workflow.ASSIGNED, _("Assigned")
    IN_PROGRESS = workflow.IN_PROGRESS, _("In progress")
    PENDING = workflow.PENDING, _("Pending")
    RESOLVED = workflow.RESOLVED, _("Resolved")
    CLOSED = workflow.CLOSED, _("Closed")
    CANCELLED = workflow.CANCELLED, _("Cancelled")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    WALK_IN = "walk_in", _("Walk-in")
    MONITORING = "monitoring", _("Monitoring")
    PLANNED = "planned", _("Planned maintenance")


class ApprovalState(models.TextChoices):
    NOT_REQUIRED = "not_required", _("Not required")
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class PendingReason(models.TextChoices):
    CUSTOMER = "awaiting_customer", _("Awaiting the customer")
    VENDOR = "awaiting_vendor", _("Awaiting a vendor")
    CHANGE = "awaiting_change", _("Awaiting a change")
    PARTS = "awaiting_parts", _("Awaiting parts")
    OTHER = "other", _("Other")


LEVEL = [MinValueValidator(1), MaxValueValidator(3)]
# Impact and urgency as people read them, wherever they are chosen or shown.
LEVEL_CHOICES = [(1, _("1 · High")), (2, _("2 · Medium")), (3, _("3 · Low"))]
NUMBER_PREFIX = {Kind.INCIDENT: "INC", Kind.REQUEST: "REQ"}


class ResolutionCode(models.Model):
    """How a ticket was resolved; the six of docs/api.md come first, admins may add more."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    label = models.CharField(_("label"), max_length=100)
    label_zh = models.CharField(_("label (Chinese)"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    # Configuration changes are audited: who, when, old → new (audit app).
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("resolution code")
        verbose_name_plural = _("resolution codes")

    def __str__(self) -> str:
        return pick(self.label, self.label_zh)

    @classmethod
    def labels(cls, codes) -> dict[str, str]:
        """{code: label in the active language} for these codes (one query); a code no
        longer in the table reads as itself, without underscores."""
        wanted = {c for c in codes if c}
        found = {rc.code: str(rc) for rc in cls.objects.filter(code__in=wanted)} if wanted else {}
        return {c: found.get(c, c.replace("_", " ")) for c in wanted}


class Ticket(TimeStampedModel):
    # NULL only inside the creating transaction, until the id is known.
    number = models.CharField(_("number"), max_length=16, unique=True, null=True, editable=False)  # noqa: DJ001
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(
        _("title"), max_length=rules.TITLE_MAX, validators=[validate_single_line]
    )
    description = models.TextField(_("description"), max_length=rules.TEXT_MAX, blank=True)
    catalog_item = models.ForeignKey(
        "catalog.CatalogItem",
        verbose_name=_("catalog item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
    )
    form_data = models.JSONField(_("form answers"), default=dict, blank=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="requested_tickets",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    customer_unit = models.ForeignKey(
        "accounts.CustomerUnit",
        verbose_name=_("customer unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
    )
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.PORTAL
    )
    impact = models.PositiveSmallIntegerField(_("impact"), default=3, validators=LEVEL)
    urgency = models.PositiveSmallIntegerField(_("urgency"), default=3, validators=LEVEL)
    priority = models.PositiveSmallIntegerField(_("priority"), default=5)
    priority_override_reason = models.CharField(
        _("priority override reason"), max_length=rules.REASON_MAX, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    approval_state = models.CharField(
        _("approval"),
        max_length=16,
        choices=ApprovalState.choices,
        default=ApprovalState.NOT_REQUIRED,
    )
    pending_reason = models.CharField(_("pending reason"), max_length=rules.REASON_MAX, blank=True)
    assignment_group = models.ForeignKey(
        "accounts.SupportGroup",
        verbose_name=_("assignment group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tickets",
    )
    asset = models.ForeignKey(
        "assets.Asset",
        verbose_name=_("configuration item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
    )
    promised_reply_at = models.DateTimeField(_("promised reply at"), null=True, blank=True)
    callback_phone = models.CharField(_("callback number"), max_length=32, blank=True)
    promise_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    promise_kept = models.BooleanField(null=True, editable=False)
    resolution_code = models.CharField(_("resolution code"), max_length=32, blank=True)
    resolution_notes = models.TextField(
        _("resolution notes"), max_length=rules.TEXT_MAX, blank=True
    )
    reassignment_count = models.PositiveIntegerField(_("reassignments"), default=0)
    reopen_count = models.PositiveIntegerField(_("reopens"), default=0)
    # Monitoring: how many times the alert behind this ticket fired while it was open.
    alert_count = models.PositiveIntegerField(_("alert occurrences"), default=0)
    # Opened on a CI inside one of its planned maintenance windows.
    during_maintenance = models.BooleanField(_("during maintenance"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Set by the requester's reply (or reopen), cleared when an agent opens the ticket page:
    # the desk's "updated by the customer" marker and queue.
    customer_updated_at = models.DateTimeField(
        _("updated by the customer at"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            models.Index(fields=["status", "priority"]),
            models.Index(fields=["assignment_group", "status"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["requester", "-created_at"]),
            # The desk's and the API's orders, with the id that breaks their ties.
            models.Index(fields=["-updated_at", "-id"], name="ticket_recent"),
            models.Index(fields=["-created_at", "-id"], name="ticket_newest"),
            models.Index(
                fields=["assignment_group", "-created_at", "-id"], name="ticket_group_newest"
            ),
            models.Index(fields=["status", "resolved_at"]),
            # Reports: tickets resolved in a period, promises falling in it.
            models.Index(fields=["resolved_at"], name="ticket_resolved_at"),
            models.Index(
                fields=["-customer_updated_at", "-id"],
                name="ticket_customer_updated",
                condition=models.Q(customer_updated_at__isnull=False),
            ),
            models.Index(
                fields=["promised_reply_at"],
                name="ticket_promised",
                condition=models.Q(promised_reply_at__isnull=False),
            ),
            models.Index(
                fields=["priority", "created_at"],
                name="ticket_open_queue",
                condition=models.Q(status__in=workflow.OPEN_STATUSES),
            ),
            # Reports at scale: the backlog at a past date (tickets that ended after it),
            # the most reassigned tickets, the busiest configuration items.
            models.Index(
                fields=["resolved_at", "created_at"],
                name="ticket_resolved_ended",
                condition=~models.Q(status__in=workflow.OPEN_STATUSES),
            ),
            models.Index(
                fields=["closed_at", "created_at"],
                name="ticket_unresolved_ended",
                condition=models.Q(resolved_at__isnull=True)
                & ~models.Q(status__in=workflow.OPEN_STATUSES),
            ),
            models.Index(
                fields=["-reassignment_count", "-created_at"],
                name="ticket_ping_pong",
                condition=models.Q(reassignment_count__gt=0),
            ),
            models.Index(
                fields=["created_at", "asset"],
                name="ticket_asset_opened",
                condition=models.Q(asset__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(impact__gte=1, impact__lte=3), name="ticket_impact_1_3"
            ),
            models.CheckConstraint(
                condition=models.Q(urgency__gte=1, urgency__lte=3), name="ticket_urgency_1_3"
            ),
            models.CheckConstraint(
                condition=models.Q(priority__gte=1, priority__lte=5), name="ticket_priority_1_5"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=workflow.STATUSES), name="ticket_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in workflow.OPEN_STATUSES


class Comment(TimeStampedModel):
    """A public reply or an internal work note (never shown to requesters)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("text"), max_length=rules.TEXT_MAX)
    internal = models.BooleanField(_("internal work note"), default=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"])]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.body[:40]}"


class TicketTask(models.Model):
    """One step of a ticket's ordered checklist; ticking it keeps who and when."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(
        _("task"), max_length=rules.TASK_TEXT_MAX, validators=[validate_single_line]
    )
    done = models.BooleanField(_("done"), default=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["ticket", "order"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "order"], name="ticket_task_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}#{self.order}: {self.text[:40]}"


def attachment_path(instance, filename: str) -> str:
    # A generated name: the user's file name is kept in the database, never on disk.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{instance.ticket_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=rules.FILE_NAME_MAX)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    internal = models.BooleanField(_("internal"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    FIELD = "field", _("Field changed")
    TRANSITION = "transition", _("Status changed")
    ASSIGNMENT = "assignment", _("Assigned")
    COMMENT = "comment", _("Comment")
    ATTACHMENT = "attachment", _("Attachment")
    REMINDER = "reminder", _("Reminder")
    SLA = "sla", _("Service level")
    SURVEY = "survey", _("Satisfaction survey")


class TicketEvent(models.Model):
    """History: every change of a ticket — who, when, which field, old → new."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    field = models.CharField(_("field"), max_length=64, blank=True)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    # Internal events (work notes) are hidden from requesters.
    internal = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["ticket", "at"])]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.field}"


class CreationKey(models.Model):
    """An `Idempotency-Key` sent with `POST /api/v1/tickets/`: the same key, user and body
    within a day give the ticket made the first time. The unique constraint decides between
    concurrent duplicates: the second insert waits for the first and fails, so one ticket is
    made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("idempotency key"), max_length=255)
    # SHA-256 of the request body in canonical JSON (common/idempotency.py).
    fingerprint = models.CharField(max_length=64)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="creation_key_once_per_user")
        ]
        indexes = [models.Index(fields=["created_at"], name="creation_key_created")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
