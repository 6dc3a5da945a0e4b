from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.forms import LoginForm, ProfileForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


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
