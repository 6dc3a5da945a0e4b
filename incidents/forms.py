from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import SupportGroup
from catalog.models import CatalogItem
from catalog.queries import portal_items
from common.inputs import BoundedDateTimeField
from incidents import rules
from incidents.models import LEVEL_CHOICES, Channel, ResolutionCode

LEVELS = LEVEL_CHOICES


class QuickLogForm(forms.Form):
    """Phone and walk-in contacts, logged in seconds."""

    requester = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": _("Look up and pick the caller first.")},
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[
            (Channel.PHONE, Channel.PHONE.label),
            (Channel.WALK_IN, Channel.WALK_IN.label),
            (Channel.EMAIL, Channel.EMAIL.label),
            (Channel.MONITORING, Channel.MONITORING.label),
        ],
    )
    catalog_item = forms.ModelChoiceField(
        label=_("What is it about"),
        required=False,
        queryset=portal_items(),
        empty_label=_("Something else"),
    )
    title = forms.CharField(label=_("Short description"), max_length=rules.TITLE_MAX)
    description = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=rules.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    impact = forms.TypedChoiceField(label=_("Impact"), coerce=int, choices=LEVELS, initial=3)
    urgency = forms.TypedChoiceField(label=_("Urgency"), coerce=int, choices=LEVELS, initial=3)
    promised_reply_at = BoundedDateTimeField(
        label=_("We promised an answer by"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    callback_phone = forms.CharField(label=_("Callback number"), required=False, max_length=32)
    asset = forms.CharField(
        label=_("Configuration item"),
        required=False,
        max_length=40,
        help_text=_("The device's tag, e.g. D010210-001 (optional)."),
    )
    solved = forms.BooleanField(label=_("Solved on first contact"), required=False)
    # A plain list read once (a model choice field counts, then reads); the service checks
    # the code when the call is resolved.
    resolution_code = forms.ChoiceField(label=_("Resolution"), required=False, choices=())
    resolution_notes = forms.CharField(
        label=_("What was done (the caller reads this)"),
        required=False,
        max_length=rules.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolution_code"].choices = [
            (code.code, str(code)) for code in ResolutionCode.objects.filter(is_active=True)
        ]

    def clean_asset(self):
        from assets import tags
        from assets.models import Asset

        text = self.cleaned_data["asset"].strip()
        if not text:
            return None
        asset = None
        if tags.is_valid(text):
            asset = Asset.objects.filter(tag=tags.normalize(text)).first()
        if asset is None:
            raise forms.ValidationError(
                _("No configuration item has the tag %(tag)s.") % {"tag": text}
            )
        return asset


class CommentForm(forms.Form):
    """The desk's reply box: one text, sent to the customer or kept as a work note by the
    button pressed (`internal`); the service checks the text and who may write a note."""

    body = forms.CharField(
        label=_("Reply to the customer, or write a work note"),
        max_length=rules.TEXT_MAX,
        widget=forms.Textarea(
            attrs={"id": "reply", "rows": 3, "data-shortcut": "r", "data-testid": "desk-reply"}
        ),
    )


class AssignForm(forms.Form):
    assignment_group = forms.ModelChoiceField(label=_("Group"), queryset=SupportGroup.objects.all())
    assignee = forms.IntegerField(label=_("Agent"), required=False)


class ResolveForm(forms.Form):
    resolution_code = forms.ModelChoiceField(
        label=_("Resolution"),
        queryset=ResolutionCode.objects.filter(is_active=True),
        to_field_name="code",
    )
    resolution_notes = forms.CharField(
        label=_("What was done"),
        max_length=rules.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TicketEditForm(forms.Form):
    """The desk's edit panel; the rules (matrix, override reason, version) are the service's."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    # When the agent opened the page: on a conflict, the changes made since are shown.
    opened_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=rules.TITLE_MAX)
    catalog_item = forms.ModelChoiceField(
        label=_("Catalog item (decides the service and its SLA)"),
        required=False,
        queryset=CatalogItem.objects.filter(is_active=True).select_related("service"),
        empty_label=_("None"),
    )
    impact = forms.TypedChoiceField(label=_("Impact"), coerce=int, choices=LEVELS)
    urgency = forms.TypedChoiceField(label=_("Urgency"), coerce=int, choices=LEVELS)
    priority = forms.TypedChoiceField(
        label=_("Priority override"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("Follow the matrix")), *[(p, f"P{p}") for p in range(1, 6)]],
    )
    priority_override_reason = forms.CharField(
        label=_("Why override"), max_length=rules.REASON_MAX, required=False
    )
    promised_reply_at = BoundedDateTimeField(
        label=_("We promised an answer by"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    callback_phone = forms.CharField(label=_("Callback number"), required=False, max_length=32)
