"""Planned maintenance (计划性维护): plans that open their own request tickets on the
business calendar, and the occurrences they opened (one row per plan and date, once)."""

import datetime as dt

from dateutil.rrule import rrule  # type: ignore[import-untyped]
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.checklists import clean_steps
from common.inputs import validate_single_line
from common.models import TimeStampedModel
from incidents.rules import TASK_TEXT_MAX
from maintenance import recurrence

# How many working days ahead a plan's ticket may open, at most.
LEAD_DAYS_MAX = 60
# A maintenance window lasts at most a week.
WINDOW_MINUTES_MAX = 7 * 24 * 60
DESCRIPTION_MAX = 5000


class OnNonWorkingDay(models.TextChoices):
    NEXT_WORKING_DAY = recurrence.NEXT_WORKING_DAY, _("Move to the next working day")
    SKIP = recurrence.SKIP, _("Skip it")
    KEEP = recurrence.KEEP, _("Keep the date")


class MaintenancePlan(TimeStampedModel):
    """What (a request catalog item), where (CIs), who (a group), when (a recurrence rule on
    a working calendar, a window) and the checklist of each ticket it opens."""

    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX, blank=True)
    catalog_item = models.ForeignKey(
        "catalog.CatalogItem",
        verbose_name=_("catalog item"),
        on_delete=models.PROTECT,
        related_name="maintenance_plans",
    )
    assignment_group = models.ForeignKey(
        "accounts.SupportGroup",
        verbose_name=_("assignment group"),
        on_delete=models.PROTECT,
        related_name="maintenance_plans",
    )
    assets = models.ManyToManyField(
        "assets.Asset",
        verbose_name=_("configuration items"),
        blank=True,
        related_name="maintenance_plans",
    )
    recurrence = models.CharField(
        _("recurrence rule"),
        max_length=recurrence.RULE_MAX,
        help_text=_("An RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=1MO (the first Monday)."),
    )
    start_date = models.DateField(_("start date"))
    calendar = models.ForeignKey(
        "sla.BusinessCalendar",
        verbose_name=_("calendar"),
        on_delete=models.PROTECT,
        related_name="maintenance_plans",
    )
    on_non_working_day = models.CharField(
        _("on a non-working day"),
        max_length=20,
        choices=OnNonWorkingDay.choices,
        default=OnNonWorkingDay.NEXT_WORKING_DAY,
    )
    lead_working_days = models.PositiveSmallIntegerField(
        _("open the ticket (working days ahead)"),
        default=2,
        validators=[MaxValueValidator(LEAD_DAYS_MAX)],
    )
    window_start = models.TimeField(_("window starts at"), default=dt.time(20, 0))
    window_minutes = models.PositiveIntegerField(
        _("window length (minutes)"),
        default=120,
        validators=[MinValueValidator(1), MaxValueValidator(WINDOW_MINUTES_MAX)],
    )
    checklist = models.JSONField(_("checklist"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Who made it: the requester of the tickets it opens (a manager, who hears of them).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="maintenance_plans",
    )

    # Configuration changes are audited: who, when, old → new (audit app).
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("maintenance plan")
        verbose_name_plural = _("maintenance plans")
        indexes = [models.Index(fields=["active", "name"], name="maintenance_plan_active")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    on_non_working_day__in=[c for c, _label in OnNonWorkingDay.choices]
                ),
                name="maintenance_plan_policy_known",
            ),
            models.CheckConstraint(
                condition=models.Q(lead_working_days__lte=LEAD_DAYS_MAX),
                name="maintenance_plan_lead_max",
            ),
            models.CheckConstraint(
                condition=models.Q(window_minutes__gte=1, window_minutes__lte=WINDOW_MINUTES_MAX),
                name="maintenance_plan_window_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.start_date is not None:
            try:
                self.rule()
            except recurrence.RecurrenceError as exc:
                errors["recurrence"] = [
                    str(_("Not a recurrence rule this desk can plan with: %(reason)s."))
                    % {"reason": exc}
                ]
        try:
            self.checklist = clean_steps(self.checklist, text_max=TASK_TEXT_MAX)
        except ValidationError as exc:
            errors["checklist"] = exc.messages
        item = self.catalog_item if self.catalog_item_id else None
        if item is not None and item.kind != "request":
            errors["catalog_item"] = [str(_("Choose a service request item."))]
        if errors:
            raise ValidationError(errors)

    def rule(self) -> rrule:
        """The parsed recurrence rule (RecurrenceError when it is not one)."""
        return recurrence.parse_rule(self.recurrence, self.start_date)


class Occurrence(models.Model):
    """One date of a plan whose ticket was opened. The unique (plan, original date) row is
    inserted before the ticket, in the same transaction: a second beat, a retried task or a
    restart fails on it and opens nothing (docs/architecture.md, "Periodic work")."""

    plan = models.ForeignKey(MaintenancePlan, on_delete=models.CASCADE, related_name="occurrences")
    original_date = models.DateField(_("date in the rule"))
    date = models.DateField(_("date"))
    window_start_at = models.DateTimeField(_("window starts"))
    window_end_at = models.DateTimeField(_("window ends"))
    ticket = models.OneToOneField(
        "incidents.Ticket",
        verbose_name=_("ticket"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="maintenance_occurrence",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("maintenance occurrence")
        verbose_name_plural = _("maintenance occurrences")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "original_date"], name="maintenance_occurrence_once"
            )
        ]
        indexes = [
            models.Index(fields=["window_end_at"], name="maintenance_occ_window_end"),
            models.Index(fields=["date"], name="maintenance_occ_date"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}@{self.original_date}"

    @property
    def moved(self) -> bool:
        return self.date != self.original_date
