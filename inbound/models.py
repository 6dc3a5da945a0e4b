"""Inbound channels: mailboxes read over IMAP and monitoring integrations.

Each mail is recorded once (`InboundMessage`, unique `message_id`, inserted before any
work), and each alert thread that has an open ticket is one `AlertThread` row (a partial
unique constraint on source + key), so parallel polls and parallel alert posts decide in
the database which of them acts.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import TimeStampedModel

# A Message-ID longer than this is stored as its SHA-256 (RFC 5322 sets no limit).
MESSAGE_ID_MAX = 255
NAME_MAX = 100


class Protocol(models.TextChoices):
    IMAP = "imap", _("IMAP")


class Mailbox(TimeStampedModel):
    """A mailbox the desk reads: every new mail in `folder` opens or updates a ticket."""

    name = models.CharField(_("name"), max_length=NAME_MAX, unique=True)
    protocol = models.CharField(
        _("protocol"), max_length=8, choices=Protocol.choices, default=Protocol.IMAP
    )
    host = models.CharField(_("host"), max_length=255)
    port = models.PositiveIntegerField(
        _("port"), default=993, validators=[MinValueValidator(1), MaxValueValidator(65535)]
    )
    use_ssl = models.BooleanField(_("use TLS (IMAPS)"), default=True)
    username = models.CharField(_("user name"), max_length=255)
    # The IMAP server needs the password itself, so it cannot be hashed; it is never shown
    # or returned by the API (write-only) and the database is the secret store.
    password = models.CharField(_("password"), max_length=255)
    folder = models.CharField(_("folder"), max_length=255, default="INBOX")
    # Where mail that cannot be read is moved (created when missing); empty keeps it there.
    failed_folder = models.CharField(
        _("folder for unreadable mail"), max_length=255, blank=True, default="ITSM-Failed"
    )
    address = models.EmailField(
        _("address"),
        blank=True,
        help_text=_("The desk's address on this mailbox: mail from it is never read as a ticket."),
    )
    assignment_group = models.ForeignKey(
        "accounts.SupportGroup",
        verbose_name=_("assignment group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    catalog_item = models.ForeignKey(
        "catalog.CatalogItem",
        verbose_name=_("catalog item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    active = models.BooleanField(_("active"), default=True)
    # The highest IMAP UID read in the folder, valid while its UIDVALIDITY holds.
    uid_validity = models.BigIntegerField(null=True, blank=True, editable=False)
    last_uid = models.BigIntegerField(default=0, editable=False)
    last_polled_at = models.DateTimeField(_("last polled at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    # Configuration changes are audited (audit.registry); the secret and the poll's
    # bookkeeping are not kept.
    history = HistoricalRecords(
        excluded_fields=[
            "password",
            "uid_validity",
            "last_uid",
            "last_polled_at",
            "last_error",
            "updated_at",
        ]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self) -> str:
        return self.name


class Outcome(models.TextChoices):
    CREATED = "created", _("Opened a ticket")
    APPENDED = "appended", _("Added to a ticket")
    IGNORED = "ignored", _("Ignored (automatic mail)")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Could not be read")
    PROCESSING = "processing", _("Being read")


class InboundMessage(models.Model):
    """One mail read from a mailbox, once: its row is inserted before the mail is acted on,
    so a second poll reading the same mail at the same time stops at the unique key."""

    mailbox = models.ForeignKey(
        Mailbox, verbose_name=_("mailbox"), on_delete=models.CASCADE, related_name="messages"
    )
    message_id = models.CharField(_("Message-ID"), max_length=MESSAGE_ID_MAX, unique=True)
    sender = models.CharField(_("sender"), max_length=320, blank=True, db_index=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PROCESSING
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    ticket = models.ForeignKey(
        "incidents.Ticket",
        verbose_name=_("ticket"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("inbound mail")
        verbose_name_plural = _("inbound mails")
        indexes = [models.Index(fields=["sender", "created_at"], name="inbound_sender_recent")]

    def __str__(self) -> str:
        return f"{self.sender}: {self.subject}"


class IntegrationKind(models.TextChoices):
    ALERTMANAGER = "alertmanager", _("Prometheus Alertmanager")
    GENERIC = "generic", _("Generic (JSON)")


class Integration(TimeStampedModel):
    """A monitoring system that posts alerts with its own token (stored as a SHA-256)."""

    name = models.CharField(_("name"), max_length=NAME_MAX, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=IntegrationKind.choices)
    catalog_item = models.ForeignKey(
        "catalog.CatalogItem",
        verbose_name=_("catalog item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assignment_group = models.ForeignKey(
        "accounts.SupportGroup",
        verbose_name=_("assignment group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The token's first characters, to tell tokens apart on the page (never enough to use).
    token_prefix = models.CharField(_("token starts with"), max_length=8, editable=False)
    active = models.BooleanField(_("active"), default=True)
    last_alert_at = models.DateTimeField(_("last alert at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash", "last_alert_at", "updated_at"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")

    def __str__(self) -> str:
        return self.name


class AlertThread(models.Model):
    """The ticket an alert (source + key) opened. While `open`, firing again counts an
    occurrence on that ticket; the partial unique constraint lets exactly one of two
    parallel posts open it."""

    source = models.CharField(_("source"), max_length=200)
    key = models.CharField(_("key"), max_length=200)
    integration = models.ForeignKey(
        Integration,
        verbose_name=_("integration"),
        on_delete=models.CASCADE,
        related_name="threads",
    )
    ticket = models.ForeignKey(
        "incidents.Ticket",
        verbose_name=_("ticket"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    asset = models.ForeignKey(
        "assets.Asset",
        verbose_name=_("configuration item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alert_threads",
    )
    title = models.CharField(_("title"), max_length=200)
    severity = models.CharField(_("severity"), max_length=16)
    open = models.BooleanField(default=True)
    occurrences = models.PositiveIntegerField(_("occurrences"), default=1)
    first_fired_at = models.DateTimeField(_("first fired at"), auto_now_add=True)
    last_fired_at = models.DateTimeField(_("last fired at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["-first_fired_at", "-id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "key"],
                condition=models.Q(open=True),
                name="alert_one_open_thread",
            )
        ]
        indexes = [models.Index(fields=["asset", "first_fired_at"], name="alert_asset_recent")]

    def __str__(self) -> str:
        return f"{self.source}/{self.key}"
