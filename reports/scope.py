"""What a report covers: a period and the filters, checked once for the API and the pages.

`from`/`to` are dates, inclusive, in the desk's time zone (settings.TIME_ZONE). The period
may not exceed `MAX_DAYS`; reversed, malformed or absurd dates and unknown ids are refused
with a message per field. Agents see only their own groups (docs/api.md role table).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import CustomerUnit, SupportGroup
from catalog.models import Service
from common.inputs import BoundedDateField

if TYPE_CHECKING:
    from accounts.roles import RequestUser

MAX_DAYS = 731  # two years: a yearly report with its previous year
DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Scope:
    start: dt.date
    end: dt.date  # inclusive
    group_ids: frozenset[int] | None = None  # None: every group
    service_id: int | None = None
    customer_unit_id: int | None = None
    priority: int | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(settings.TIME_ZONE)

    @property
    def since(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=self.zone)

    @property
    def until(self) -> dt.datetime:
        """The instant after the period (exclusive)."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=self.zone)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Scope":
        """The period of the same length just before, for the change shown on each tile."""
        return replace(
            self,
            start=self.start - dt.timedelta(days=self.days),
            end=self.start - dt.timedelta(days=1),
        )


class ScopeForm(forms.Form):
    """Query parameters of the summary, the dashboard and the reports."""

    # `from` is a Python keyword: the form is built with a renamed key (see `parse`).
    from_ = BoundedDateField(label=_("From"), required=False)
    to = BoundedDateField(label=_("To"), required=False)
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=SupportGroup.objects.all(), required=False
    )
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.all(), required=False
    )
    customer_unit = forms.ModelChoiceField(
        label=_("Customer unit"), queryset=CustomerUnit.objects.all(), required=False
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *[(p, f"P{p}") for p in range(1, 6)]],
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        today = timezone.localdate()
        end = data.get("to") or today
        start = data.get("from_") or (end - dt.timedelta(days=DEFAULT_DAYS - 1))
        if "from_" in self.errors or "to" in self.errors:
            return data
        if start > end:
            self.add_error("from_", _("The start date is after the end date."))
        elif (end - start).days + 1 > MAX_DAYS:
            self.add_error("to", _("A report covers at most %(days)d days.") % {"days": MAX_DAYS})
        data["start"], data["end"] = start, end
        return data


class ScopeInvalid(Exception):
    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__(errors)
        self.errors = errors


def parse(params: Mapping[str, Any], user: "RequestUser") -> Scope:
    """Query parameters → Scope; ScopeInvalid (400) or PermissionDenied (403)."""
    data = {k: params.get(k) for k in ("to", "group", "service", "customer_unit", "priority")}
    data["from_"] = params.get("from")
    form = ScopeForm({k: v for k, v in data.items() if v not in (None, "")})
    if not form.is_valid():
        errors = {("from" if k == "from_" else k): v for k, v in form.errors.items()}
        raise ScopeInvalid(errors)
    clean = form.cleaned_data
    group = clean.get("group")
    group_ids = roles.report_group_scope(user, group.pk if group is not None else None)
    return Scope(
        start=clean["start"],
        end=clean["end"],
        group_ids=group_ids,
        service_id=clean["service"].pk if clean.get("service") else None,
        customer_unit_id=clean["customer_unit"].pk if clean.get("customer_unit") else None,
        priority=clean.get("priority"),
    )
