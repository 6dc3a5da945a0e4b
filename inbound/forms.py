from django import forms
from django.utils.translation import gettext_lazy as _

from inbound.models import Integration, Mailbox


class MailboxForm(forms.ModelForm):
    password = forms.CharField(
        label=_("Password"),
        required=False,
        max_length=255,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to keep the stored password."),
    )

    class Meta:
        model = Mailbox
        fields = [
            "name",
            "host",
            "port",
            "use_ssl",
            "username",
            "password",
            "folder",
            "failed_folder",
            "address",
            "assignment_group",
            "catalog_item",
            "active",
        ]
        widgets = {
            "host": forms.TextInput(attrs={"placeholder": "imap.example.com"}),
            "username": forms.TextInput(attrs={"autocomplete": "off"}),
            "address": forms.EmailInput(attrs={"placeholder": "servicedesk@example.com"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["password"].help_text = ""

    def clean_password(self) -> str:
        value: str = self.cleaned_data.get("password") or ""
        if not value and not self.instance.pk:
            raise forms.ValidationError(_("This field is required."))
        return value

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if not cleaned.get("password") and self.instance.pk:
            cleaned.pop("password", None)  # keep the stored one
        return cleaned


class IntegrationForm(forms.ModelForm):
    class Meta:
        model = Integration
        fields = ["name", "kind", "catalog_item", "assignment_group", "active"]
