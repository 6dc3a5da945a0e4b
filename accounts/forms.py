from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts import throttling
from accounts.models import User


class LoginForm(AuthenticationForm):
    """The login form, with the same failure throttling as the token endpoint."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is not right. Check them and try again."),
        "locked": _(
            "Too many failed attempts. Wait a few minutes before trying again, "
            "or ask the service desk to reset your password."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username", "")
        address = throttling.client_address(self.request) if self.request else ""
        if throttling.is_locked(username, address):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttling.record_failure(username, address)
            raise
        throttling.record_success(username)
        return cleaned

    @property
    def locked(self) -> bool:
        return any(e.code == "locked" for e in self.errors.as_data().get("__all__", []))


class ProfileForm(forms.ModelForm):
    """What users may change about themselves (the same fields as PATCH /users/me/)."""

    class Meta:
        model = User
        fields = ["display_name", "email", "phone", "language", "timezone"]
        widgets = {"timezone": forms.TextInput(attrs={"placeholder": "Asia/Shanghai"})}
        help_texts = {
            "phone": _("Mobile or landline, e.g. 13812345678 or 021-12345678."),
            "timezone": _("Leave empty to use the desk's time zone."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        language.choices = [
            (value, label if value else _("Follow my browser")) for value, label in language.choices
        ]
