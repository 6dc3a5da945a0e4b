"""The service catalog (服务目录): categories, services with an admission lifecycle
(新业务准入), admission criteria and ticks, and the catalog items users ask for."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import code_validator
from common.checklists import clean_steps
from common.i18n import pick
from common.inputs import validate_single_line
from common.models import TimeStampedModel

# Why a service moved through its lifecycle; a note on an admission criterion ticked.
TRANSITION_REASON_MAX = 2000
TICK_NOTE_MAX = 500

icon_validator = RegexValidator(
    r"^bi-[a-z0-9-]{1,40}$", _("Use a Bootstrap Icons name, e.g. bi-laptop."), code="invalid_icon"
)


class ServiceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    # Contexts: the CMDB's "Retired" (已报废) and "category" (设备类别) are other words.
    RETIRED = "retired", pgettext_lazy("service status", "Retired")


class TicketKind(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    REQUEST = "request", _("Service request")


DEFAULT_ITEM_ICON = "bi-question-circle"


class ServiceCategory(TimeStampedModel):
    """A shelf of the catalog for browsing (Accounts & access, Hardware, ...)."""

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100, blank=True)
    icon = models.CharField(
        _("icon"), max_length=48, default="bi-grid", validators=[icon_validator]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    # Configuration changes are audited: who, when, old → new (audit app).
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return pick(self.name, self.name_zh)


class Service(TimeStampedModel):
    """A business service; enters the catalog only through the admission lifecycle."""

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    name_zh = models.CharField(
        _("name (Chinese)"), max_length=200, blank=True, validators=[validate_single_line]
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), max_length=5000, blank=True)
    category = models.ForeignKey(
        ServiceCategory,
        verbose_name=pgettext_lazy("service", "category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
    )
    owner_group = models.ForeignKey(
        "accounts.SupportGroup",
        verbose_name=_("owner group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_services",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ServiceStatus.choices,
        default=ServiceStatus.DRAFT,
        editable=False,
        db_index=True,
    )
    support_hours = models.CharField(
        _("support hours"),
        max_length=200,
        blank=True,
        help_text=_("When the service is supported, e.g. Mon–Fri 09:00–18:00, or 7×24."),
    )
    assets = models.ManyToManyField(
        "assets.Asset", verbose_name=_("configuration items"), blank=True, related_name="services"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return pick(self.name, self.name_zh)

    @property
    def display_description(self) -> str:
        return pick(self.description, self.description_zh)


class ServiceTransition(models.Model):
    """One step of a service's lifecycle: who moved it, when, from where to where, why."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("action"), max_length=16)
    from_status = models.CharField(_("from"), max_length=16, choices=ServiceStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=ServiceStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=TRANSITION_REASON_MAX, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("service transition")
        verbose_name_plural = _("service transitions")

    def __str__(self) -> str:
        return f"{self.service_id}: {self.from_status} → {self.to_status}"


class CriterionKind(models.TextChoices):
    SYSTEM = "system", _("Checked by the system")
    MANUAL = "manual", _("Ticked by a manager")


class AdmissionCriterion(TimeStampedModel):
    """One line of the admission checklist (准入检查项); configurable by managers."""

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    label = models.CharField(_("label"), max_length=200)
    label_zh = models.CharField(_("label (Chinese)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=CriterionKind.choices)
    system_check = models.CharField(
        _("system check"),
        max_length=40,
        blank=True,
        help_text=_("For system criteria: the name of the check (see catalog/checklist.py)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    # Configuration changes are audited: who, when, old → new (audit app).
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("admission criterion")
        verbose_name_plural = _("admission criteria")

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        return pick(self.label, self.label_zh)

    def clean(self):
        from catalog import checklist

        if self.kind == CriterionKind.SYSTEM and self.system_check not in checklist.SYSTEM_CHECKS:
            raise ValidationError(
                {
                    "check": _("Choose one of: %(checks)s.")
                    % {"checks": ", ".join(sorted(checklist.SYSTEM_CHECKS))}
                }
            )


class AdmissionTick(models.Model):
    """A manager's tick on a manual criterion for one service: who and when."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="ticks")
    criterion = models.ForeignKey(AdmissionCriterion, on_delete=models.CASCADE, related_name="+")
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    done_at = models.DateTimeField(_("done at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=TICK_NOTE_MAX, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "criterion"], name="one_tick_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.service_id}: {self.criterion_id}"


FIELD_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


class CatalogItem(TimeStampedModel):
    """What a user can ask for (a request) or report (an incident), with its guided form."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="items"
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    name_zh = models.CharField(
        _("name (Chinese)"), max_length=200, blank=True, validators=[validate_single_line]
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), max_length=5000, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=TicketKind.choices)
    form_schema = models.JSONField(_("form schema"), default=list, blank=True)
    default_impact = models.PositiveSmallIntegerField(
        _("default impact"), default=3, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    default_urgency = models.PositiveSmallIntegerField(
        _("default urgency"), default=3, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    assignment_group = models.ForeignKey(
        "accounts.SupportGroup",
        verbose_name=_("assignment group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="catalog_items",
    )
    # Derived: true when the item has approval steps (kept in step by save()).
    requires_approval = models.BooleanField(_("requires approval"), default=False)
    # Ordered approval steps: [{"kind": "requester_manager"|"group"|"users", "group"?: id,
    # "users"?: [id], "mode": "any"|"all"}] (docs/api.md, "Approvals").
    approval_steps = models.JSONField(_("approval steps"), default=list, blank=True)
    # The handling steps a ticket from this item starts with (its checklist), as texts.
    task_template = models.JSONField(_("task template"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    icon = models.CharField(_("icon"), max_length=48, blank=True, validators=[icon_validator])
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("catalog item")
        verbose_name_plural = _("catalog items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(default_impact__gte=1, default_impact__lte=3),
                name="catalog_item_impact_1_3",
            ),
            models.CheckConstraint(
                condition=models.Q(default_urgency__gte=1, default_urgency__lte=3),
                name="catalog_item_urgency_1_3",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return pick(self.name, self.name_zh)

    @property
    def display_description(self) -> str:
        return pick(self.description, self.description_zh)

    @property
    def shown_icon(self) -> str:
        """The item's own icon, else its service's category's (a service may have no
        category: those made through the API have none), else a neutral one."""
        category = self.service.category if self.service_id else None
        return self.icon or (category.icon if category else "") or DEFAULT_ITEM_ICON

    def save(self, *args, **kwargs):
        self.requires_approval = bool(self.approval_steps)
        if kwargs.get("update_fields") is not None and "approval_steps" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "requires_approval"}
        super().save(*args, **kwargs)

    def clean(self):
        from catalog.approvalsteps import validate_steps
        from catalog.formschema import validate_schema

        super().clean()
        errors = {}
        try:
            validate_schema(self.form_schema)
        except ValidationError as exc:
            errors["form_schema"] = exc.messages
        try:
            self.task_template = clean_task_template(self.task_template)
        except ValidationError as exc:
            errors["task_template"] = exc.messages
        try:
            self.approval_steps = validate_steps(self.approval_steps)
        except ValidationError as exc:
            errors["approval_steps"] = exc.messages
        if errors:
            raise ValidationError(errors)


def clean_task_template(value: object) -> list[str]:
    """A task template: the checklist's step texts, each as long as a ticket task may be."""
    from incidents.rules import TASK_TEXT_MAX  # pure data: the ticket task's limit

    return clean_steps(value, text_max=TASK_TEXT_MAX)
