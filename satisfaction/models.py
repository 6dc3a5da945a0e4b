"""Satisfaction (用户满意度): survey rules, one survey per resolution, follow-ups of low ratings.

The database keeps the promises: one survey per (ticket, resolution), a rating only from 1
to 5 and only with an answer, one follow-up per survey, a done follow-up says what was done.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import TimeStampedModel

RATINGS = (1, 2, 3, 4, 5)
LOW_RATINGS = (1, 2)
COMMENT_MAX = 2000
ACTION_MAX = 5000


class SurveyRule(TimeStampedModel):
    """Survey settings for one service or one catalog item; empty values inherit.

    The most specific rule wins field by field: catalog item, then its service, then the
    defaults from settings (SURVEY_DELAY_MINUTES, SURVEY_EXPIRY_DAYS).
    """

    service = models.OneToOneField(
        "catalog.Service",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_rule",
    )
    catalog_item = models.OneToOneField(
        "catalog.CatalogItem",
        verbose_name=_("catalog item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_rule",
    )
    send = models.BooleanField(
        _("send surveys"),
        null=True,
        blank=True,
        help_text=_("Empty: as the service (or the default, which is to send)."),
    )
    delay_minutes = models.PositiveIntegerField(
        _("delay (minutes)"),
        null=True,
        blank=True,
        help_text=_("How long after the resolution the survey goes out. Empty: inherit."),
    )
    expiry_days = models.PositiveIntegerField(
        _("expiry (days)"),
        null=True,
        blank=True,
        help_text=_("How long the link works once sent. Empty: inherit."),
    )

    # Configuration changes are audited: who, when, old → new (audit app).
    history = HistoricalRecords()

    class Meta:
        ordering = ["service__code", "catalog_item__name", "id"]
        verbose_name = _("survey rule")
        verbose_name_plural = _("survey rules")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(service__isnull=False, catalog_item__isnull=True)
                    | Q(service__isnull=True, catalog_item__isnull=False)
                ),
                name="survey_rule_for_service_xor_item",
            ),
            models.CheckConstraint(
                condition=Q(expiry_days__isnull=True) | Q(expiry_days__gte=1),
                name="survey_rule_expiry_at_least_a_day",
            ),
        ]

    def __str__(self) -> str:
        return str(self.catalog_item or self.service)

    def clean(self):
        if (self.service_id is None) == (self.catalog_item_id is None):
            raise ValidationError(
                {"service": _("Choose either a service or a catalog item, not both.")}
            )
        if self.expiry_days is not None and self.expiry_days < 1:
            raise ValidationError({"expiry_days": _("At least one day.")})


class SurveyStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    SENT = "sent", _("Sent")
    ANSWERED = "answered", _("Answered")
    WITHDRAWN = "withdrawn", _("Not sent")


class WithdrawnReason(models.TextChoices):
    REOPENED = "reopened", _("the ticket was reopened before it went out")
    NO_EMAIL = "no_email", _("the requester has no email address")


class SurveyState(models.TextChoices):
    """What a person sees: the stored status, with `expired` for sent links past their date."""

    SCHEDULED = "scheduled", _("Scheduled")
    SENT = "sent", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Not sent")


class Survey(TimeStampedModel):
    """The survey of one resolution of a ticket (resolution 1, and one more per reopen)."""

    ticket = models.ForeignKey(
        "incidents.Ticket",
        verbose_name=_("ticket"),
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    # ticket.reopen_count + 1 when it was resolved: a reopened, re-resolved ticket gets a new one.
    resolution = models.PositiveIntegerField(_("resolution"))
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    # Who resolved it, as it was then: CSAT by group, agent and service stays true later.
    assignment_group = models.ForeignKey(
        "accounts.SupportGroup",
        verbose_name=_("assignment group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rated_surveys",
    )
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
    )
    resolved_at = models.DateTimeField(_("resolved at"))
    status = models.CharField(
        _("status"), max_length=16, choices=SurveyStatus.choices, default=SurveyStatus.SCHEDULED
    )
    withdrawn_reason = models.CharField(
        _("why not sent"), max_length=16, choices=WithdrawnReason.choices, blank=True
    )
    # Part of the signed token: rotating it invalidates every link already sent.
    nonce = models.CharField(max_length=32, editable=False)
    send_after = models.DateTimeField(_("send after"))
    expiry_days = models.PositiveIntegerField(_("expiry (days)"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "resolution"], name="one_survey_per_resolution"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="survey_rating_1_5",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        status=SurveyStatus.ANSWERED,
                        rating__isnull=False,
                        responded_at__isnull=False,
                    )
                    | (
                        ~Q(status=SurveyStatus.ANSWERED)
                        & Q(rating__isnull=True, responded_at__isnull=True)
                    )
                ),
                name="survey_rating_iff_answered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SurveyStatus.values), name="survey_status_known"
            ),
        ]
        indexes = [
            models.Index(
                fields=["send_after"],
                name="survey_due",
                condition=Q(status=SurveyStatus.SCHEDULED),
            ),
            models.Index(
                fields=["sent_at"],
                name="survey_awaiting_reminder",
                condition=Q(status=SurveyStatus.SENT, reminded_at__isnull=True),
            ),
            models.Index(fields=["assignment_group", "sent_at"]),
            models.Index(fields=["assignee", "sent_at"]),
            models.Index(fields=["service", "sent_at"]),
            models.Index(fields=["sent_at"]),
            models.Index(
                fields=["responded_at"],
                name="survey_responded",
                condition=models.Q(responded_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}#{self.resolution}"

    @property
    def state(self) -> str:
        if (
            self.status == SurveyStatus.SENT
            and self.expires_at
            and self.expires_at <= timezone.now()
        ):
            return SurveyState.EXPIRED
        return self.status

    def get_state_display(self) -> str:
        return str(SurveyState(self.state).label)

    @property
    def is_low(self) -> bool:
        return self.rating in LOW_RATINGS


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class FollowUp(TimeStampedModel):
    """回访: a manager calls back an unhappy customer and records what was done."""

    survey = models.OneToOneField(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="follow_up"
    )
    ticket = models.ForeignKey(
        "incidents.Ticket",
        verbose_name=_("ticket"),
        on_delete=models.CASCADE,
        related_name="survey_follow_ups",
    )
    group = models.ForeignKey(
        "accounts.SupportGroup",
        verbose_name=_("group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Empty when the group had no (active) manager: then the administrators own it.
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_follow_ups",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    action_taken = models.TextField(_("what was done"), max_length=ACTION_MAX, blank=True)
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
        ordering = ["-created_at", "-id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=FollowUpStatus.OPEN, done_at__isnull=True)
                | (Q(status=FollowUpStatus.DONE, done_at__isnull=False) & ~Q(action_taken="")),
                name="follow_up_done_says_what",
            ),
        ]
        indexes = [
            models.Index(
                fields=["manager", "created_at"],
                name="follow_up_open",
                condition=Q(status=FollowUpStatus.OPEN),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.get_status_display()}"
