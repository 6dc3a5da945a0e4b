"""The approver's pages: My approvals, one request's decision page, overdue requests for
the group's manager, the catalog editor's preview and the delegation form (profile).

Deciding is a POST with CSRF after login: a mail scanner following the emailed link only
GETs the page, which never decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.decorators import manager_required
from approvals import permissions, queries, services
from approvals.forms import DecisionForm, DelegationForm, PreviewForm
from catalog.approvalsteps import validate_steps
from catalog.formschema import labelled_answers
from catalog.models import CatalogItem
from common import pages
from common.errors import DomainError
from common.inputs import InvalidJSON, load_json


def _answers(approval):
    ticket = approval.ticket
    schema = ticket.catalog_item.form_schema if ticket.catalog_item_id else []
    return labelled_answers(schema, ticket.form_data)


@login_required
def mine(request):
    """My pending requests (each with the ticket's answers and approve/reject), my latest
    decisions."""
    pending = list(queries.mine_pending(request.user))
    rows = [{"approval": a, "answers": _answers(a), "form": DecisionForm()} for a in pending]
    return render(
        request,
        "approvals/mine.html",
        {
            "rows": rows,
            "decided": queries.decided_by(request.user),
            "sees_overdue": roles.is_manager(request.user),
        },
    )


@login_required
def decide(request, pk: int):
    """One request: the ticket, its answers, the chain so far; approve or reject (POST)."""
    approval = get_object_or_404(queries.visible_to(request.user), pk=pk)
    may_decide = permissions.is_approver(request.user, approval)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        if form.is_valid():
            decide_with = (
                services.approve if form.cleaned_data["decision"] == "approve" else services.reject
            )
            try:
                decide_with(request.user, approval, form.cleaned_data["comment"])
            except DomainError as exc:
                pages.show_error(request, exc, form)
            else:
                messages.success(
                    request,
                    _("Approved. Thank you.")
                    if form.cleaned_data["decision"] == "approve"
                    else _("Rejected: the requester is told why."),
                )
                if request.POST.get("next") == "mine":
                    return redirect("approvals:mine")
                return redirect("approvals:decide", pk=pk)
        approval.refresh_from_db()
    return render(
        request,
        "approvals/decide.html",
        {
            "approval": approval,
            "ticket": approval.ticket,
            "answers": _answers(approval),
            "chain": queries.chain_of(approval.ticket_id),
            "form": form,
            "may_decide": may_decide and approval.is_pending,
        },
        status=400 if request.method == "POST" else 200,
    )


@manager_required
def overdue(request):
    """Requests past their due time on the items of the groups I manage."""
    return render(
        request, "approvals/overdue.html", {"rows": list(queries.overdue_for_manager(request.user))}
    )


@manager_required
@require_POST
def preview(request):
    """htmx: who would approve each step for the chosen requester, or why the steps are
    wrong."""
    form = PreviewForm(request.POST)
    valid = form.is_valid()
    requester = form.cleaned_data.get("requester") if valid else None
    group = form.cleaned_data.get("assignment_group") if valid else None
    text = request.POST.get("approval_steps", "")[:20_000]
    errors, steps = [], []
    try:
        parsed = load_json(text) if text.strip() else []
        item = CatalogItem(assignment_group=group)
        steps = services.preview(parsed, requester, item) if requester else []
        if requester is None:
            validate_steps(parsed)
    except InvalidJSON as exc:
        errors = [str(exc)]
    except ValidationError as exc:
        errors = pages.error_messages(exc)
    return render(
        request,
        "approvals/_preview.html",
        {"steps": steps, "errors": errors, "requester": requester},
    )


@login_required
@require_POST
def delegation(request):
    """The profile's delegation form: name a stand-in and an end date, or clear both."""
    form = DelegationForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.set_delegation(
                request.user,
                request.user,
                form.cleaned_data["delegate"],
                form.cleaned_data["delegate_until"],
            )
        except DomainError as exc:
            pages.show_error(request, exc)
        else:
            messages.success(request, _("Your delegation is saved."))
    else:
        pages.show_form_errors(request, form)
    return redirect("accounts:profile")
