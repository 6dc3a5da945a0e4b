"""Calendar and policy forms for managers. The rules live in the models' clean(); these
forms only turn friendly text ("09:00-12:00, 13:00-18:00", a date per line) into data."""

import re
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import CustomerUnit, SupportGroup
from catalog.models import Service
from sla import targets
from sla.businesstime import WEEKDAYS
from sla.models import BusinessCalendar, SLAPolicy
from sla.templatetags.sla import format_target

DAY_LABELS = {
    "mon": _("Monday"),
    "tue": _("Tuesday"),
    "wed": _("Wednesday"),
    "thu": _("Thursday"),
    "fri": _("Friday"),
    "sat": _("Saturday"),
    "sun": _("Sunday"),
}
_INTERVAL = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–~至到]\s*(\d{1,2}:\d{2})\s*$")
_DATE_SPLIT = re.compile(r"[\s,，;；]+")


def format_intervals(intervals: list) -> str:
    return ", ".join(f"{a}-{b}" for a, b in intervals)


def parse_intervals(text: str) -> list[list[str]]:
    """ "09:00-12:00, 13:00-18:00" → [["09:00", "12:00"], ["13:00", "18:00"]]."""
    result = []
    for part in filter(None, (p.strip() for p in re.split(r"[,，;；]", text or ""))):
        match = _INTERVAL.match(part)
        if not match:
            raise forms.ValidationError(
                _("Write intervals as 09:00-12:00, separated by commas (got “%(part)s”).")
                % {"part": part[:40]}
            )
        result.append([t.zfill(5) for t in match.groups()])
    return result


def parse_dates(text: str) -> list[str]:
    return [d for d in _DATE_SPLIT.split(text or "") if d]


class CalendarForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Time zone"))
    holidays_text = forms.CharField(
        label=_("Holidays (days off)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One date per line or separated by commas, e.g. 2026-10-01."),
    )
    workdays_text = forms.CharField(
        label=_("Make-up working days (调休)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Extra working dates (e.g. a Sunday before National Day); they use Monday's hours."
        ),
    )

    class Meta:
        model = BusinessCalendar
        fields = ["name", "timezone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = [(z, z) for z in sorted(zoneinfo.available_timezones())]
        hours = self.instance.hours or {}
        for day in WEEKDAYS:
            self.fields[f"hours_{day}"] = forms.CharField(
                label=DAY_LABELS[day],
                required=False,
                max_length=200,
                initial=format_intervals(hours.get(day, [])),
            )
        if self.instance.pk:
            self.fields["holidays_text"].initial = "\n".join(self.instance.holidays)
            self.fields["workdays_text"].initial = "\n".join(self.instance.workdays)

    def day_fields(self):
        return [self[f"hours_{day}"] for day in WEEKDAYS]

    def clean(self):
        data = super().clean()
        hours = {}
        for day in WEEKDAYS:
            try:
                hours[day] = parse_intervals(data.get(f"hours_{day}", ""))
            except forms.ValidationError as exc:
                self.add_error(f"hours_{day}", exc)
        self.instance.hours = hours
        self.instance.holidays = parse_dates(data.get("holidays_text", ""))
        self.instance.workdays = parse_dates(data.get("workdays_text", ""))
        return data

    # The model's clean() checks hours, dates and the zone: show its errors on our fields.
    MODEL_ERRORS_ON = {
        "hours": "hours_mon",
        "holidays": "holidays_text",
        "workdays": "workdays_text",
    }

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            errors.error_dict = {
                self.MODEL_ERRORS_ON.get(name, name): value
                for name, value in errors.error_dict.items()
            }
        super()._update_errors(errors)


class ScopeFields(forms.Form):
    """A policy's scope: service and customer unit, "any" when empty."""

    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.order_by("code"),
        required=False,
        empty_label=_("Any service"),
    )
    customer_unit = forms.ModelChoiceField(
        label=_("Customer unit"),
        queryset=CustomerUnit.objects.order_by("code"),
        required=False,
        empty_label=_("Any customer unit"),
    )


TARGET_ERRORS = {
    "syntax": _("Write business time such as 30 min, 4 h, 1 h 30 min or 2 d."),
    "days": _("Days need a calendar with working hours: choose one, or use hours."),
    "fraction": _("The target must come to whole minutes."),
}


class TargetField(forms.CharField):
    """A target in business time as text ("4 h", "2 d", "90 min"); cleans to a
    `targets.Written`, which the form turns into minutes with the chosen calendar."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.day_minutes: int | None = None

    def prepare_value(self, value):
        if isinstance(value, int):
            return format_target(value, self.day_minutes)
        return value

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return None
        try:
            return targets.parse(text)
        except targets.TargetError as exc:
            raise forms.ValidationError(TARGET_ERRORS[exc.code], code=exc.code) from None


class PolicyForm(ScopeFields, forms.ModelForm):
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any priority")), *[(p, f"P{p}") for p in range(1, 6)]],
    )
    escalation_group = forms.ModelChoiceField(
        label=_("Escalation group"),
        queryset=SupportGroup.objects.order_by("name"),
        required=False,
        empty_label=_("None"),
    )
    response_minutes = TargetField(label=_("Response target"))
    resolution_minutes = TargetField(label=_("Resolution target"))

    class Meta:
        model = SLAPolicy
        fields = [
            "name",
            "calendar",
            "service",
            "customer_unit",
            "priority",
            "response_minutes",
            "resolution_minutes",
            "warn_at_percent",
            "escalation_group",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        day = self.instance.calendar.working_day_minutes if self.instance.calendar_id else None
        for name in ("response_minutes", "resolution_minutes"):
            self.fields[name].day_minutes = day
        # Said once under both targets (the page shows it beneath their row).
        self.targets_help = _("Business time: minutes, hours or days, e.g. 30 min, 4 h, 2 d.")
        if day:
            self.targets_help = _(
                "Business time: minutes, hours or days, e.g. 30 min, 4 h, 2 d. "
                "A day is one working day of the calendar (%(hours)s)."
            ) % {"hours": _("%(n)s h") % {"n": f"{day / 60:g}"}}

    def _target_minutes(self, name: str) -> int | None:
        written = self.cleaned_data.get(name)
        if written is None:
            return None
        calendar = self.cleaned_data.get("calendar")
        try:
            return written.to_minutes(calendar.working_day_minutes if calendar else None)
        except targets.TargetError as exc:
            raise forms.ValidationError(TARGET_ERRORS[exc.code], code=exc.code) from None

    def clean_response_minutes(self):
        return self._target_minutes("response_minutes")

    def clean_resolution_minutes(self):
        return self._target_minutes("resolution_minutes")


class PreviewForm(ScopeFields):
    """The preview's scope: "a P2 of this service opened now would be due at …"."""

    priority = forms.TypedChoiceField(
        label=_("Priority"), coerce=int, choices=[(p, f"P{p}") for p in range(1, 6)], initial=3
    )


class HolidayYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
