"""Service levels (服务级别): working calendars, SLA policies and per-ticket timers."""

import datetime as dt
from functools import cached_property

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.models import TimeStampedModel
from sla import businesstime, defaults, targets

MAX_TARGET_MINUTES = 525_600  # one year of minutes


class ServiceLevelRows(models.QuerySet):
    """Calendars and policies: writes in bulk also tell every process that its copy of the
    active policies is stale (`sla.services.ACTIVE_POLICIES`); saves and deletes tell it
    through their signals (`sla.apps`)."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        _service_levels_changed()
        return rows

    def bulk_create(self, *args, **kwargs):
        created = super().bulk_create(*args, **kwargs)
        _service_levels_changed()
        return created

    def bulk_update(self, *args, **kwargs):
        rows = super().bulk_update(*args, **kwargs)
        _service_levels_changed()
        return rows


def _service_levels_changed() -> None:
    from sla.services import ACTIVE_POLICIES

    ACTIVE_POLICIES.changed()


class BusinessCalendar(TimeStampedModel):
    """Working hours per weekday, holidays (dates off) and make-up working days (调休)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    hours = models.JSONField(_("working hours"), default=dict)
    holidays = models.JSONField(_("holidays"), default=list, blank=True)
    workdays = models.JSONField(_("make-up working days"), default=list, blank=True)

    # Configuration changes are audited: who, when, old → new (audit app).
    history = HistoricalRecords()
    objects = ServiceLevelRows.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language when it is a shipped default's."""
        return defaults.display_name(self.name)

    def clean(self):
        errors = {}
        try:
            businesstime.zone(self.timezone)
        except businesstime.CalendarError:
            errors["timezone"] = _("Unknown time zone.")
        try:
            businesstime.parse_hours(self.hours)
        except businesstime.CalendarError as exc:
            errors["hours"] = _("Invalid working hours: %(reason)s.") % {"reason": exc}
        off, extra = set(), set()
        for name in ("holidays", "workdays"):
            try:
                dates = businesstime.validate_dates(getattr(self, name), name)
            except businesstime.CalendarError as exc:
                errors[name] = _("Invalid dates: %(reason)s.") % {"reason": exc}
            else:
                (off if name == "holidays" else extra).update(dates)
                setattr(self, name, sorted(d.isoformat() for d in dates))
        if off & extra:
            errors["workdays"] = _("A date cannot be both a holiday and a working day: %(d)s.") % {
                "d": ", ".join(sorted(d.isoformat() for d in off & extra))
            }
        if errors:
            raise ValidationError(errors)

    @property
    def working_day_minutes(self) -> int | None:
        """A business day of this calendar, in minutes (SLA targets in days use it)."""
        return targets.working_day_minutes(self.hours)

    @cached_property
    def calendar(self) -> businesstime.Calendar:
        """The pure calendar value the arithmetic works on (shared by every row that loads
        the same version of this calendar, so a list of 200 timers parses it once)."""
        key = (self.timezone, repr(self.hours), tuple(self.holidays), tuple(self.workdays))
        cached = _CALENDARS.get(key)
        if cached is None:
            cached = businesstime.Calendar(
                timezone=self.timezone,
                hours=self.hours,
                holidays=frozenset(dt.date.fromisoformat(d) for d in self.holidays),
                workdays=frozenset(dt.date.fromisoformat(d) for d in self.workdays),
            )
            if len(_CALENDARS) > 256:
                _CALENDARS.clear()
            _CALENDARS[key] = cached
        return cached


_CALENDARS: dict = {}


class SLAPolicy(TimeStampedModel):
    """Targets for the tickets it matches; the most specific matching policy applies."""

    name = models.CharField(_("name"), max_length=100)
    calendar = models.ForeignKey(
        BusinessCalendar,
        verbose_name=_("calendar"),
        on_delete=models.PROTECT,
        related_name="policies",
    )
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sla_policies",
    )
    customer_unit = models.ForeignKey(
        "accounts.CustomerUnit",
        verbose_name=_("customer unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sla_policies",
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    response_minutes = models.PositiveIntegerField(
        _("response target (business minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TARGET_MINUTES)],
    )
    resolution_minutes = models.PositiveIntegerField(
        _("resolution target (business minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TARGET_MINUTES)],
    )
    warn_at_percent = models.PositiveSmallIntegerField(
        _("warn at (percent of target)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    escalation_group = models.ForeignKey(
        "accounts.SupportGroup",
        verbose_name=_("escalation group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    # Configuration changes are audited: who, when, old → new (audit app).
    history = HistoricalRecords()
    objects = ServiceLevelRows.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(warn_at_percent__gte=1, warn_at_percent__lte=99),
                name="sla_warn_1_99",
            ),
            models.CheckConstraint(
                condition=models.Q(priority__isnull=True)
                | models.Q(priority__gte=1, priority__lte=5),
                name="sla_priority_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language when it is a shipped default's."""
        return defaults.display_name(self.name)

    @property
    def specificity(self) -> int:
        return policy_score(self.service_id, self.customer_unit_id, self.priority)

    def clean(self):
        """One active policy per scope, so the most specific match is never a tie."""
        if not self.is_active:
            return
        clash = SLAPolicy.objects.filter(
            is_active=True,
            service_id=self.service_id,
            customer_unit_id=self.customer_unit_id,
            priority=self.priority,
        ).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError(
                {NON_FIELD_ERRORS: [_("Another active policy already has this scope.")]}
            )


def policy_score(service, customer_unit, priority) -> int:
    """Matching order: a service beats a customer unit beats a priority; 0 is the default."""
    return (4 if service else 0) + (2 if customer_unit else 0) + (1 if priority else 0)


class TimerKind(models.TextChoices):
    RESPONSE = "response", pgettext_lazy("SLA target", "Response")
    RESOLUTION = "resolution", pgettext_lazy("SLA target", "Resolution")


class TimerState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    STOPPED = "stopped", _("Stopped")


class SLATimer(models.Model):
    """One target of one ticket (response or resolution), counted in business time.

    The timer runs in segments: `segments` holds the closed ones, `running_since` starts the
    open one. `due_at` and `warn_at` are set only while it runs (a paused timer has no due
    time); `warned_at` and `breached_at` are set once, by the sweep or when the timer stops
    late, and never cleared: reports read them instead of recomputing.
    """

    ticket = models.ForeignKey(
        "incidents.Ticket", on_delete=models.CASCADE, related_name="sla_timers"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=TimerKind.choices)
    policy = models.ForeignKey(
        SLAPolicy,
        verbose_name=_("SLA policy"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="timers",
    )
    calendar = models.ForeignKey(
        BusinessCalendar,
        verbose_name=_("calendar"),
        on_delete=models.PROTECT,
        related_name="timers",
    )
    target_minutes = models.PositiveIntegerField(_("target (business minutes)"))
    warn_at_percent = models.PositiveSmallIntegerField(_("warn at (percent of target)"))
    state = models.CharField(
        _("state"), max_length=16, choices=TimerState.choices, default=TimerState.RUNNING
    )
    started_at = models.DateTimeField(_("started at"))
    running_since = models.DateTimeField(null=True, blank=True)
    segments = models.JSONField(default=list, blank=True)
    elapsed = models.DurationField(_("business time used"), default=dt.timedelta)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warning at"), null=True, blank=True)
    warned_at = models.DateTimeField(_("warned at"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached at"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    # Phase two of the sweep: notifications fanned out for the warning / breach.
    warn_notified = models.BooleanField(default=False)
    breach_notified = models.BooleanField(default=False)

    class Meta:
        ordering = ["ticket", "kind"]
        verbose_name = _("SLA timer")
        verbose_name_plural = _("SLA timers")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "kind"], name="sla_timer_one_per_kind"),
            models.CheckConstraint(
                condition=models.Q(state__in=TimerState.values), name="sla_timer_state_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(state=TimerState.RUNNING)
                | models.Q(running_since__isnull=False, due_at__isnull=False),
                name="sla_timer_running_has_due",
            ),
        ]
        indexes = [
            # The sweep's two scans: only running timers not yet flagged.
            models.Index(
                fields=["due_at"],
                name="sla_timer_breach_scan",
                condition=models.Q(state="running", breached_at__isnull=True),
            ),
            models.Index(
                fields=["warn_at"],
                name="sla_timer_warn_scan",
                condition=models.Q(state="running", warned_at__isnull=True),
            ),
            # Fan-out of notifications not yet sent.
            models.Index(
                fields=["id"],
                name="sla_timer_unnotified",
                condition=(
                    models.Q(warned_at__isnull=False, warn_notified=False)
                    | models.Q(breached_at__isnull=False, breach_notified=False)
                ),
            ),
            models.Index(
                fields=["due_at", "ticket"],
                name="sla_timer_running_due",
                condition=models.Q(state="running"),
            ),
            models.Index(fields=["breached_at"], name="sla_timer_breached"),
            # Reports: timers that stopped in a period.
            models.Index(
                fields=["stopped_at"],
                name="sla_timer_stopped",
                condition=models.Q(state="stopped"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind}"

    @property
    def paused(self) -> bool:
        return self.state == TimerState.PAUSED

    @property
    def breached(self) -> bool:
        return self.breached_at is not None

    @property
    def target(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.target_minutes)

    def closed_segments(self) -> list[businesstime.Segment]:
        return [
            (dt.datetime.fromisoformat(a), dt.datetime.fromisoformat(b)) for a, b in self.segments
        ]
