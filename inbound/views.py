"""Admin pages of the inbound channels: mailboxes (add, edit, test, poll) and monitoring
integrations (add with the token shown once, examples to copy, rotate the token)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.roles import Role
from common.errors import DomainError
from common.pages import show_error
from inbound import queries
from inbound.forms import IntegrationForm, MailboxForm
from inbound.models import Integration, Mailbox
from inbound.services import alerts, mailboxes

admin_required = role_required(Role.ADMIN)


@admin_required
def mailbox_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inbound/mailbox_list.html",
        {"mailboxes": queries.mailboxes(), "poll_seconds": settings.EMAIL_POLL_SECONDS},
    )


@admin_required
def mailbox_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    mailbox = get_object_or_404(Mailbox, pk=pk) if pk else Mailbox()
    if request.method == "POST" and request.POST.get("delete") and mailbox.pk:
        mailboxes.delete_mailbox(request.user, mailbox)
        messages.success(request, _("Mailbox removed."))
        return redirect("inbound:mailboxes")
    form = MailboxForm(request.POST or None, instance=mailbox)
    if request.method == "POST" and form.is_valid():
        target = Mailbox.objects.get(pk=mailbox.pk) if mailbox.pk else Mailbox()
        try:
            saved = mailboxes.save_mailbox(request.user, target, dict(form.cleaned_data))
        except (DomainError, PermissionDenied) as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Mailbox saved. Test its connection below."))
            return redirect("inbound:mailbox-edit", saved.pk)
    recent = queries.recent_messages(mailbox) if mailbox.pk else []
    return render(
        request,
        "inbound/mailbox_form.html",
        {"form": form, "mailbox": mailbox, "recent": recent},
    )


@admin_required
@require_POST
def mailbox_test(request: HttpRequest, pk: int) -> HttpResponse:
    mailbox = get_object_or_404(Mailbox, pk=pk)
    report = mailboxes.test_connection(request.user, mailbox)
    form = MailboxForm(instance=mailbox)
    return render(
        request,
        "inbound/mailbox_form.html",
        {
            "form": form,
            "mailbox": mailbox,
            "recent": queries.recent_messages(mailbox),
            "report": report,
        },
    )


@admin_required
@require_POST
def mailbox_poll(request: HttpRequest, pk: int) -> HttpResponse:
    mailbox = get_object_or_404(Mailbox, pk=pk)
    try:
        result = mailboxes.poll_now(request.user, mailbox)
    except DomainError as exc:
        show_error(request, exc)
    else:
        messages.success(
            request,
            _(
                "Polled: %(fetched)d new mail(s), %(created)d ticket(s) opened, "
                "%(appended)d reply(ies) added, %(ignored)d ignored, %(rejected)d rejected."
            )
            % result.as_dict(),
        )
    return redirect("inbound:mailbox-edit", mailbox.pk)


@admin_required
def integration_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "inbound/integration_list.html", {"integrations": queries.integrations()}
    )


def _examples(request: HttpRequest, token: str) -> dict[str, str]:
    url = request.build_absolute_uri(reverse("api:alerts"))
    return {"alerts_url": url, "token_text": token}


@admin_required
def integration_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    integration = get_object_or_404(Integration, pk=pk) if pk else Integration()
    if request.method == "POST" and request.POST.get("delete") and integration.pk:
        alerts.delete_integration(request.user, integration)
        messages.success(request, _("Integration removed: its token no longer works."))
        return redirect("inbound:integrations")
    form = IntegrationForm(request.POST or None, instance=integration)
    token = None
    if request.method == "POST" and form.is_valid():
        target = Integration.objects.get(pk=integration.pk) if integration.pk else Integration()
        try:
            integration, token = alerts.save_integration(
                request.user, target, dict(form.cleaned_data)
            )
        except (DomainError, PermissionDenied) as exc:
            show_error(request, exc, form)
        else:
            if token is None:
                messages.success(request, _("Integration saved."))
                return redirect("inbound:integration-edit", integration.pk)
            form = IntegrationForm(instance=integration)
    return _integration_page(request, integration, form, token)


def _integration_page(
    request: HttpRequest, integration: Integration, form: IntegrationForm, token: str | None
) -> HttpResponse:
    threads = queries.recent_threads(integration) if integration.pk else []
    return render(
        request,
        "inbound/integration_form.html",
        {
            "form": form,
            "integration": integration,
            "token": token,
            "threads": threads,
            **_examples(request, token or "<token>"),
        },
    )


@admin_required
@require_POST
def integration_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    integration = get_object_or_404(Integration, pk=pk)
    token = alerts.rotate_token(request.user, integration)
    integration.refresh_from_db()
    return _integration_page(request, integration, IntegrationForm(instance=integration), token)
