"""The portal's own forms: the free "something else" ticket and the note under a guided form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from incidents import rules


class PortalTicketForm(forms.Form):
    """The portal's free "something else" form."""

    title = forms.CharField(label=_("Summary"), max_length=rules.TITLE_MAX)
    description = forms.CharField(
        label=_("Details"),
        max_length=rules.TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What happened, since when, what you already tried."),
    )
    urgency = forms.TypedChoiceField(
        label=_("How urgent is it for you?"),
        coerce=int,
        initial=3,
        choices=[
            (1, _("I cannot work at all")),
            (2, _("It slows me down a lot")),
            (3, _("I can work, but it bothers me")),
        ],
    )


class ExtraDetailsForm(forms.Form):
    """Added under a catalog item's guided form."""

    description = forms.CharField(
        label=_("Anything else we should know?"),
        max_length=rules.TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
