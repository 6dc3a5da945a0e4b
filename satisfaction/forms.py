from django import forms
from django.utils.translation import gettext_lazy as _

from satisfaction.models import ACTION_MAX, COMMENT_MAX, SurveyRule

RATING_LABELS = {
    5: _("Very satisfied"),
    4: _("Satisfied"),
    3: _("Neutral"),
    2: _("Dissatisfied"),
    1: _("Very dissatisfied"),
}


class SurveyAnswerForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with how we handled it?"),
        choices=[(n, RATING_LABELS[n]) for n in (5, 4, 3, 2, 1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a rating from 1 to 5."),
            "invalid_choice": _("Choose a rating from 1 to 5."),
        },
    )
    comment = forms.CharField(
        label=_("Anything you would like to tell us? (optional)"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX, "class": "form-control"}),
    )


class FollowUpForm(forms.Form):
    action_taken = forms.CharField(
        label=_("What was done"),
        max_length=ACTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": ACTION_MAX}),
        help_text=_("E.g. called the customer, apologised, explained the fix, coached the agent."),
    )


class SurveyRuleForm(forms.ModelForm):
    """Survey settings for a service or a catalog item; the model's clean() is the rule."""

    send = forms.TypedChoiceField(
        label=_("Send surveys"),
        required=False,
        choices=[("", _("Inherit")), ("True", _("Yes")), ("False", _("No"))],
        coerce=lambda value: value == "True",
        empty_value=None,
    )

    class Meta:
        model = SurveyRule
        fields = ["service", "catalog_item", "send", "delay_minutes", "expiry_days"]
