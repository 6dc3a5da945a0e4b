import json

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from catalog.approvalsteps import validate_steps
from catalog.formschema import validate_schema
from catalog.models import TRANSITION_REASON_MAX, CatalogItem, Service
from common.checklists import StepsField
from common.inputs import InvalidJSON, load_json
from incidents.rules import TASK_TEXT_MAX


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = [
            "code",
            "name",
            "name_zh",
            "category",
            "owner_group",
            "support_hours",
            "description",
            "description_zh",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_zh": forms.Textarea(attrs={"rows": 3}),
        }


class SchemaField(forms.CharField):
    """The form schema as JSON text; parsed and validated by `formschema.validate_schema`."""

    widget = forms.Textarea(attrs={"rows": 18, "spellcheck": "false", "class": "font-monospace"})

    def prepare_value(self, value):
        if isinstance(value, (list, dict)):
            return json.dumps(value, ensure_ascii=False, indent=2)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if not value.strip():
            return []
        try:
            schema = load_json(value)
        except InvalidJSON as exc:
            raise ValidationError(str(exc)) from exc
        validate_schema(schema)
        return schema


class ApprovalStepsField(SchemaField):
    """The approval steps as JSON text; checked by `approvalsteps.validate_steps`."""

    def to_python(self, value):
        value = forms.CharField.to_python(self, value)
        if not value.strip():
            return []
        try:
            steps = load_json(value)
        except InvalidJSON as exc:
            raise ValidationError(str(exc)) from exc
        return validate_steps(steps)


def level_field(label) -> forms.TypedChoiceField:
    """Impact or urgency as its labelled levels (1 High, 2 Medium, 3 Low)."""
    from incidents.models import LEVEL_CHOICES

    return forms.TypedChoiceField(label=label, coerce=int, choices=LEVEL_CHOICES, initial=3)


class CatalogItemForm(forms.ModelForm):
    default_impact = level_field(_("Default impact"))
    default_urgency = level_field(_("Default urgency"))
    form_schema = SchemaField(
        label=_("Form schema"),
        required=False,
        initial=list,
        max_length=100_000,
        help_text=_(
            "A JSON list of fields: name, label, label_zh, type (text, textarea, number, date, "
            "choice, asset, phone), required, help_text, help_text_zh, choices, max_length, "
            "min, max."
        ),
        # The JSON editor previews the guided form as the manager types (htmx).
        widget=forms.Textarea(
            attrs={
                "rows": 10,
                "spellcheck": "false",
                "class": "font-monospace schema-editor mt-2",
                "data-testid": "schema-editor",
                "hx-post": reverse_lazy("catalog:schema-preview"),
                "hx-trigger": "load, input changed delay:400ms",
                "hx-target": "#schema-preview",
            }
        ),
    )

    task_template = StepsField(
        label=_("Task template"),
        text_max=TASK_TEXT_MAX,
        help_text=_(
            "The handling steps every ticket from this item starts with, one per line "
            "(agents tick them; a ticket with open steps is resolved only with a reason)."
        ),
        widget=forms.Textarea(attrs={"rows": 4, "data-testid": "task-template"}),
    )
    approval_steps = ApprovalStepsField(
        label=_("Approval steps"),
        required=False,
        initial=list,
        max_length=20_000,
        help_text=_(
            'A JSON list of steps, in order: {"kind": "requester_manager"}, '
            '{"kind": "group", "group": id} or {"kind": "users", "users": [id, …]}, each with '
            '"mode": "any" (或签: the first decision settles the step) or "all" (会签: everyone '
            "approves). Empty: no approval."
        ),
        widget=forms.Textarea(
            attrs={
                "rows": 5,
                "spellcheck": "false",
                "class": "font-monospace",
                "data-testid": "steps-editor",
                "hx-post": reverse_lazy("approvals:preview"),
                "hx-trigger": "input changed delay:400ms",
                "hx-target": "#steps-preview",
                "hx-include": "#id_approval_steps, #id_assignment_group, #id_requester",
            }
        ),
    )

    class Meta:
        model = CatalogItem
        fields = [
            "service",
            "name",
            "name_zh",
            "kind",
            "description",
            "description_zh",
            "default_impact",
            "default_urgency",
            "assignment_group",
            "approval_steps",
            "is_active",
            "order",
            "icon",
            "form_schema",
            "task_template",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "description_zh": forms.Textarea(attrs={"rows": 2}),
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=TRANSITION_REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
