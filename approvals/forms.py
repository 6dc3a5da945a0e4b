from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from incidents.rules import REASON_MAX


class DecisionForm(forms.Form):
    """Approve or reject one request; the comment is required to reject (the service
    says so, in one place)."""

    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    comment = forms.CharField(
        label=_("Comment (the requester reads it; required to reject)"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "data-testid": "approval-comment"}),
    )


class DelegationForm(forms.Form):
    """A user's stand-in for approvals while away, until a date (inclusive)."""

    delegate = forms.ModelChoiceField(
        label=_("Delegate"),
        queryset=None,
        required=False,
        empty_label=_("Nobody (I approve myself)"),
        widget=forms.Select(attrs={"data-testid": "delegate"}),
    )
    delegate_until = forms.DateField(
        label=_("Until (inclusive)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "data-testid": "delegate-until"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        from approvals.queries import possible_delegates

        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = possible_delegates(user)


# What the preview sends: the steps being typed, the item's group, the chosen requester.
INCLUDED = "#id_approval_steps, #id_assignment_group, #id_requester"


class PreviewForm(forms.Form):
    """The catalog editor's preview: who would approve for this requester."""

    requester = forms.ModelChoiceField(
        label=_("Preview for requester"),
        queryset=None,
        required=False,
        widget=forms.Select(
            attrs={
                "data-testid": "steps-preview-requester",
                "hx-post": reverse_lazy("approvals:preview"),
                "hx-trigger": "change",
                "hx-target": "#steps-preview",
                "hx-include": INCLUDED,
            }
        ),
    )
    assignment_group = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        from accounts.models import SupportGroup, User

        super().__init__(*args, **kwargs)
        self.fields["assignment_group"].queryset = SupportGroup.objects.all()
        self.fields["requester"].queryset = User.objects.filter(is_active=True).order_by(
            "display_name", "username"
        )
