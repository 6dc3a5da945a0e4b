from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import SupportGroup
from assets.models import Asset
from catalog.models import CatalogItem
from common.checklists import StepsField
from common.inputs import BoundedDateField
from incidents.rules import TASK_TEXT_MAX
from maintenance.models import MaintenancePlan


class PlanForm(forms.ModelForm):
    """A maintenance plan as a manager edits it; the model's clean() has the rules."""

    catalog_item = forms.ModelChoiceField(
        label=_("Catalog item (a service request)"),
        queryset=CatalogItem.objects.filter(kind="request").select_related("service"),
    )
    assets = forms.ModelMultipleChoiceField(
        label=_("Configuration items"),
        queryset=Asset.objects.order_by("tag"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    start_date = BoundedDateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    window_start = forms.TimeField(
        label=_("Window starts at"),
        input_formats=["%H:%M"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    checklist = StepsField(
        label=_("Checklist"),
        text_max=TASK_TEXT_MAX,
        help_text=_("The steps of each ticket, one per line (检查项)."),
        widget=forms.Textarea(attrs={"rows": 5, "data-testid": "plan-checklist"}),
    )

    class Meta:
        model = MaintenancePlan
        fields = [
            "name",
            "description",
            "catalog_item",
            "assignment_group",
            "assets",
            "recurrence",
            "start_date",
            "calendar",
            "on_non_working_day",
            "lead_working_days",
            "window_start",
            "window_minutes",
            "checklist",
            "active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "recurrence": forms.TextInput(
                attrs={"placeholder": "FREQ=MONTHLY;BYDAY=1MO", "class": "font-monospace"}
            ),
        }


class CalendarFilterForm(forms.Form):
    """The windows calendar: month or week, from a date, by group and by CI."""

    view = forms.ChoiceField(
        label=_("View"),
        choices=[("month", _("Month")), ("week", _("Week"))],
        required=False,
    )
    date = BoundedDateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=SupportGroup.objects.order_by("name"),
        required=False,
        empty_label=_("Any group"),
    )
    # The CIs some plan names (a short list, whatever the size of the CMDB).
    asset = forms.ModelChoiceField(
        label=_("Configuration item"),
        queryset=Asset.objects.filter(maintenance_plans__isnull=False).distinct().order_by("tag"),
        required=False,
        empty_label=_("Any configuration item"),
    )
