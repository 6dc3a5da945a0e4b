"""Ticket pages: the agents' desk console and the workflow actions the desk and the
portal post to (the portal's own pages live in `portal`). Thin: every change
goes through incidents.services; its refusals become messages on the page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.decorators import agent_required
from accounts.models import CustomerUnit, SupportGroup, User
from assets.services import impact
from catalog.models import Service
from common import filtering, pages
from common.errors import DomainError, StaleVersion
from common.htmx import is_htmx
from common.i18n import pick
from common.inputs import INT_MAX, parse_id, safe_next
from common.pagination import CappedPaginator, ScalePaginator
from incidents import history, permissions, queries, rules, services, workflow
from incidents import pages as ticket_pages
from incidents.filters import TicketFilterSet
from incidents.forms import (
    AssignForm,
    CommentForm,
    QuickLogForm,
    ResolveForm,
    TicketEditForm,
)
from incidents.models import PendingReason, ResolutionCode, Ticket, TicketTask
from incidents.queries import PERSON_FIELDS, QUEUES, queue
from sla import queries as sla_queries

PAGE_SIZES = (25, 50, 100)


# --- actions from the desk and the portal ----------------------------------------------


@login_required
@require_POST
def ticket_act(request, pk: int, action: str):
    """One workflow action from a page (portal or desk)."""
    ticket = ticket_pages.visible_ticket(request.user, pk)
    spec = workflow.ACTIONS.get(action)
    if spec is None:
        raise Http404
    body = {
        k: request.POST.get(k) for k in spec.field_names if request.POST.get(k) not in (None, "")
    }
    version = parse_id(request.POST.get("version"), maximum=INT_MAX)
    try:
        services.perform(request.user, ticket, action, body, version=version)
    except DomainError as exc:
        pages.show_error(request, exc)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": workflow.label(action)})
    return redirect(ticket_pages.ticket_url(request.user, ticket))


@login_required
@require_POST
def ticket_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A public reply or a work note from the desk or the portal."""
    ticket = ticket_pages.visible_ticket(request.user, pk)
    internal = request.POST.get("internal") == "1"
    try:
        posted = services.post_comment(
            request.user, ticket, request.POST.get("body", ""), internal=internal
        )
    except DomainError as exc:
        pages.show_error(request, exc)
    else:
        if internal:
            messages.success(request, _("Work note added."))
        elif posted.resumed:
            messages.success(request, _("Reply sent: the ticket is in progress again."))
        else:
            messages.success(request, _("Reply sent."))
    return redirect(ticket_pages.ticket_url(request.user, ticket))


@login_required
@require_POST
def ticket_attach(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = ticket_pages.visible_ticket(request.user, pk)
    internal = request.POST.get("internal") == "1"
    try:
        services.add_attachment(request.user, ticket, request.FILES.get("file"), internal=internal)
    except DomainError as exc:
        pages.show_error(request, exc)
    else:
        messages.success(request, _("File attached."))
    return redirect(ticket_pages.ticket_url(request.user, ticket))


# --- desk -----------------------------------------------------------------------------------


QUEUE_LABELS = {
    "mine": gettext_lazy("Mine"),
    "groups": gettext_lazy("My groups"),
    "unassigned": gettext_lazy("Unassigned"),
    "pending": gettext_lazy("Pending"),
    "approval": gettext_lazy("Awaiting approval"),
    "customer": gettext_lazy("Updated by the customer"),
    "breaching": gettext_lazy("Breaching soon"),
    "recent": gettext_lazy("Recently updated"),
    "all": gettext_lazy("All"),
}
SORTS = {
    "priority": ["priority", "created_at"],
    "-created_at": ["-created_at"],
    "created_at": ["created_at"],
    "-updated_at": ["-updated_at"],
}


def _options(rows, selected) -> list[tuple[str, str, bool]]:
    """(value, label, selected) for a filter's drop-down, compared once here rather than
    per option in the template."""
    chosen = str(selected or "")
    return [(str(pk), label, str(pk) == chosen) for pk, label in rows]


def _filter_options(user, filterset, groups) -> dict:
    form = filterset.form
    value = form["assignee"].value()
    return {
        "groups": _options(groups, form["assignment_group"].value()),
        "agents": _options(
            ((a.pk, str(a)) for a in queries.colleagues(user, value).only(*PERSON_FIELDS)),
            value,
        ),
        "services": _options(
            (
                (pk, pick(name, name_zh))
                for pk, name, name_zh in Service.objects.order_by("code").values_list(
                    "pk", "name", "name_zh"
                )
            ),
            form["service"].value(),
        ),
        "units": _options(
            CustomerUnit.objects.order_by("code").values_list("pk", "code"),
            form["customer_unit"].value(),
        ),
    }


@agent_required
def desk(request):
    name = request.GET.get("queue", "mine")
    if name not in QUEUES:
        name = "mine"
    base = queue(request.user, name)
    filterset = filtering.bind(TicketFilterSet, request.GET, queryset=base, request=request)
    tickets = queries.list_rows(filterset.qs)
    searching = bool((filterset.form.cleaned_data.get("search") or "").strip())
    sort = request.GET.get("sort", "")
    if sort in SORTS:
        tickets = tickets.order_by(*SORTS[sort], "-id")
    elif sort == "sla":  # soonest due first; tickets without a running timer last
        tickets = tickets.annotate(sla_due=sla_queries.earliest_due()).order_by(
            F("sla_due").asc(nulls_last=True), "priority", "-id"
        )
    size = parse_id(request.GET.get("page_size")) or 25
    # A search over every ticket may match a great many: count only up to the cap.
    paginator_class = CappedPaginator if searching else ScalePaginator
    page = paginator_class(tickets, size if size in PAGE_SIZES else 25).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    groups = list(SupportGroup.objects.order_by("name").values_list("pk", "name"))
    context = {
        "page": page,
        "queue": name,
        "queues": QUEUE_LABELS.items(),
        "filterset": filterset,
        "query": query.urlencode(),
        "search_note": ticket_pages.search_note(request.GET.get("search", "")) if searching else "",
        "sort": sort,
        # Ordered by due time: the badges then name the due instant, so words follow order.
        "by_due": sort == "sla" or (name == "breaching" and sort not in SORTS),
        "groups": groups,
    }
    if is_htmx(request):
        return render(request, "incidents/_queue_table.html", context)
    context["options"] = _filter_options(request.user, filterset, groups)
    return render(request, "incidents/desk.html", context)


@agent_required
@require_POST
def bulk_assign(request: HttpRequest) -> HttpResponse:
    """The desk's "assign the selected tickets to a group"."""
    ids = [pk for pk in map(parse_id, request.POST.getlist("ticket")) if pk is not None]
    outcome = services.bulk_assign(request.user, ids, request.POST.get("assignment_group", ""))
    for number, exc in outcome.refused:
        for text in pages.error_messages(exc):
            messages.error(request, f"{number}: {text}")
    if outcome.done:
        messages.success(request, _("%(n)d tickets assigned.") % {"n": outcome.done})
    return redirect(safe_next(request, "incidents:desk"))


def action_bar(actions: list[str], status: str) -> tuple[list[dict], list[dict]]:
    """(primary buttons, menu entries) from the allowed actions, in workflow order, as the
    rows of incidents.workflow.ACTIONS say; each `{"name", "label", "panel", "style",
    "fields", "confirm"}` (panel: its form asks for input first)."""
    rows = []
    for name in actions:
        spec = workflow.ACTIONS[name]
        rows.append(
            {
                "name": name,
                "label": str(spec.label),
                "panel": spec.has_panel,
                "style": spec.style.value,
                "fields": spec.fields,
                "confirm": spec.confirm,
                "primary": spec.is_primary(status),
            }
        )
    return [r for r in rows if r["primary"]], [r for r in rows if not r["primary"]]


def _assignee_options(user, ticket) -> list[tuple[int, str, bool]]:
    """(pk, label, selected) for the assign panel: the agent first as "Me (name)", then the
    other members of the ticket's group; each person once."""
    members = []
    if ticket.assignment_group_id:
        members = list(ticket.assignment_group.members.order_by("display_name", "username"))
    rows = [(user.pk, _("Me (%(name)s)") % {"name": user}, user.pk == ticket.assignee_id)]
    rows += [(m.pk, str(m), m.pk == ticket.assignee_id) for m in members if m.pk != user.pk]
    return rows


@agent_required
def desk_ticket(request, pk: int):
    ticket = ticket_pages.visible_ticket(request.user, pk)
    services.acknowledge_customer_update(request.user, ticket)
    others = queries.other_tickets(ticket)
    actions = permissions.allowed_actions(request.user, ticket)
    primary, more = action_bar(actions, ticket.status)
    opened_at = timezone.now().isoformat()
    return render(
        request,
        "incidents/desk_ticket.html",
        {
            "ticket": ticket,
            "opened_at": opened_at,
            "timeline": ticket_pages.timeline(ticket, request.user),
            "answers": ticket_pages.answers(ticket),
            "resolution": ResolutionCode.labels([ticket.resolution_code]).get(
                ticket.resolution_code, ""
            ),
            "actions": actions,
            "primary_actions": primary,
            "more_actions": more,
            "panels": [
                r for name in actions for r in primary + more if r["name"] == name and r["panel"]
            ],
            "can_work": permissions.can_work(request.user, ticket),
            "impact": impact(ticket.asset, request.user) if ticket.asset_id else None,
            "others": others,
            "assign_form": AssignForm(initial={"assignment_group": ticket.assignment_group_id}),
            "comment_form": CommentForm(),
            "edit_form": TicketEditForm(
                initial={
                    "version": ticket.version,
                    "opened_at": opened_at,
                    "title": ticket.title,
                    "catalog_item": ticket.catalog_item_id,
                    "impact": ticket.impact,
                    "urgency": ticket.urgency,
                    "priority": ticket.priority if ticket.priority_override_reason else None,
                    "priority_override_reason": ticket.priority_override_reason,
                    "promised_reply_at": timezone.localtime(ticket.promised_reply_at)
                    if ticket.promised_reply_at
                    else None,
                    "callback_phone": ticket.callback_phone,
                }
            ),
            "resolve_form": ResolveForm(),
            "assignees": _assignee_options(request.user, ticket),
            "pending_reasons": PendingReason.labels,
            **_checklist(request.user, ticket),
        },
    )


def _checklist(user, ticket: Ticket) -> dict:
    """The checklist panel's context (incidents/_tasks.html) and the resolve panel's
    `open_tasks` flag (its force and reason fields)."""
    tasks = list(ticket.tasks.select_related("done_by").order_by("order"))
    return {
        "tasks": tasks,
        "open_tasks": sum(1 for t in tasks if not t.done),
        "can_tick": permissions.can_work_tasks(user, ticket)
        and rules.accepts_task_changes(ticket.status),
    }


@agent_required
@require_POST
def tick_task(request: HttpRequest, pk: int, task_id: int) -> HttpResponse:
    """Tick or untick one task of the checklist (htmx: the panel again)."""
    ticket = ticket_pages.visible_ticket(request.user, pk)
    try:
        services.tick_task(request.user, ticket, task_id, request.POST.get("done") == "1")
    except TicketTask.DoesNotExist:
        raise Http404 from None
    except (DomainError, PermissionDenied) as exc:
        pages.show_error(request, exc)
        if is_htmx(request):
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
    if is_htmx(request):
        ticket.refresh_from_db()
        return render(
            request,
            "incidents/_tasks.html",
            {"ticket": ticket, **_checklist(request.user, ticket)},
        )
    return redirect("incidents:desk-ticket", pk=ticket.pk)


@agent_required
@require_POST
def desk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit title, impact/urgency, priority override and the promise (with `version`)."""
    ticket = ticket_pages.visible_ticket(request.user, pk)
    form = TicketEditForm(request.POST)
    if not form.is_valid():
        pages.show_form_errors(request, form)
        return redirect("incidents:desk-ticket", pk=pk)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    opened_at = data.pop("opened_at")
    if data["priority"] is None:
        data.pop("priority_override_reason")
    try:
        services.update_ticket(request.user, ticket, data, version=version)
    except StaleVersion as exc:
        return _edit_conflict(request, pk, exc, form, opened_at)
    except DomainError as exc:
        pages.show_error(request, exc)
    else:
        messages.success(request, _("Ticket saved."))
    return redirect("incidents:desk-ticket", pk=pk)


# The edit panel's fields that the ticket has, compared side by side on a conflict.
CONFLICT_FIELDS = tuple(
    name for name in TicketEditForm.base_fields if name in rules.EDITABLE_FIELDS
)


def _edit_conflict(request, pk: int, exc: StaleVersion, form, opened_at):
    """Another agent saved first: 409, what they changed since this agent opened the page,
    and this agent's values beside the current ones, to apply again on the new version."""
    ticket = ticket_pages.visible_ticket(request.user, pk)
    events = ticket.events.select_related("actor").order_by("at", "id")
    if opened_at is not None:
        events = events.filter(at__gte=opened_at)
    else:  # an old page without the field: the latest changes
        events = events.order_by("-at", "-id")[:10]
    mine = form.cleaned_data
    rows = [
        {
            "label": form.fields[name].label,
            "yours": mine.get(name),
            "now": getattr(ticket, name),
            "differs": mine.get(name) != getattr(ticket, name),
        }
        for name in CONFLICT_FIELDS
    ]
    opened_now = timezone.now().isoformat()
    retry = TicketEditForm(initial={**mine, "version": ticket.version, "opened_at": opened_now})
    return render(
        request,
        "incidents/desk_conflict.html",
        {
            "ticket": ticket,
            "message": str(exc.detail),
            "events": history.timeline_lines(list(events), requester_view=False),
            "rows": rows,
            "edit_form": retry,
            "opened_at": opened_now,
        },
        status=409,
    )


@agent_required
def quick_log(request: HttpRequest) -> HttpResponse:
    form = QuickLogForm(request.POST or None)
    requester = None
    if request.method == "POST" and form.is_valid():
        requester = queries.active_user(form.cleaned_data["requester"])
        if requester is None:
            form.add_error(None, _("Look up and pick the caller first."))
        else:
            try:
                ticket = services.log_call(
                    request.user,
                    _new_call(form.cleaned_data, requester),
                    solved=form.cleaned_data["solved"],
                    resolution_code=form.cleaned_data["resolution_code"],
                    resolution_notes=form.cleaned_data["resolution_notes"],
                )
            except DomainError as exc:
                pages.show_error(request, exc, form)
            else:
                done = (
                    _("Ticket %(number)s logged and resolved for %(name)s.")
                    if form.cleaned_data["solved"]
                    else _("Ticket %(number)s logged for %(name)s.")
                )
                messages.success(request, done % {"number": ticket.number, "name": requester})
                return redirect("incidents:desk-ticket", pk=ticket.pk)
    elif request.method == "POST":
        requester = queries.user_by_id(request.POST.get("requester"))
    return render(request, "incidents/quick_log.html", {"form": form, "requester": requester})


def _new_call(data: dict, requester: User) -> services.NewTicket:
    """The quick-log form's answers as the ticket to open."""
    return services.NewTicket(
        requester=requester,
        channel=data["channel"],
        catalog_item=data["catalog_item"],
        title=data["title"],
        description=data["description"],
        impact=data["impact"],
        urgency=data["urgency"],
        asset=data["asset"],
        promised_reply_at=data["promised_reply_at"],
        callback_phone=data["callback_phone"] or requester.phone,
    )


@agent_required
def requester_lookup(request: HttpRequest) -> HttpResponse:
    """htmx: callers matching a name, username, phone or email (incidents.queries)."""
    term = request.GET.get("q", "").strip()[:50]
    people = queries.callers_matching(term)
    return render(request, "incidents/_requester_results.html", {"people": people, "term": term})
