"""The audit log's filters, shared by the page and the API (query parameters)."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit import queries
from audit.registry import audited_models
from common.inputs import BoundedDateField


def model_choices():
    return [("", _("All kinds"))] + [
        (name, model._meta.verbose_name.capitalize()) for name, model in audited_models().items()
    ]


ACTION_CHOICES = [
    ("", _("All actions")),
    ("created", _("Created")),
    ("changed", _("Changed")),
    ("deleted", _("Deleted")),
]


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("What"), required=False, choices=model_choices)
    actor = forms.CharField(label=_("Who (username)"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=ACTION_CHOICES)
    object_id = forms.IntegerField(label=_("Object id"), required=False, min_value=1)
    since = BoundedDateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = BoundedDateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_actor(self):
        username = self.cleaned_data["actor"].strip()
        if not username:
            return None
        user = User.objects.filter(username=username).only("id").first()
        if user is None:
            raise forms.ValidationError(_("No user has this username."))
        return user.pk

    def filters(self) -> queries.Filters:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()

        def start(day):
            return dt.datetime.combine(day, dt.time.min, tzinfo=zone) if day else None

        until = data.get("until")
        return queries.Filters(
            model=data.get("model") or None,
            actor=data.get("actor"),
            action=data.get("action") or None,
            object_id=data.get("object_id"),
            since=start(data.get("since")),
            until=start(until + dt.timedelta(days=1)) if until else None,
        )
