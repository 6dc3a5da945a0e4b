from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.forms import LoginForm, ProfileForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "password_reset_by_email": settings.PASSWORD_RESET_BY_EMAIL,
        }

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.locked:
            response.status_code = 429  # Too Many Requests, as the token endpoint answers
        return response


class PasswordChangeView(LoginRequiredMixin, auth_views.PasswordChangeView):
    """Django's password change: the old password, then the new one twice (validated). The
    session stays signed in; the user's API tokens are revoked (accounts.models.User.save)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Your password was changed. Your API token, if you had one, stopped working."),
        )
        return response


class PasswordResetEnabledMixin:
    """Reset by email exists only where mail is configured (`PASSWORD_RESET_BY_EMAIL`)."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.PASSWORD_RESET_BY_EMAIL:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class PasswordResetView(PasswordResetEnabledMixin, auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Links are built on SITE_URL, never on the request's Host header.
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class PasswordResetDoneView(PasswordResetEnabledMixin, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(PasswordResetEnabledMixin, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(PasswordResetEnabledMixin, auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def profile(request: HttpRequest):
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            user = form.save()
            if user.language:
                translation.activate(user.language)
            messages.success(request, _("Your profile was saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(instance=request.user)
    groups = request.user.support_groups.select_related("manager").order_by("name")
    managed = request.user.managed_groups.order_by("name")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "groups": groups, "managed_groups": managed},
    )


@require_POST
def set_language(request: HttpRequest):
    """Django's set_language, which also saves the choice on the signed-in user's profile."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and translation.check_for_language(language):
        request.user.language = language
        request.user.save(update_fields=["language", "updated_at"])
    return response
