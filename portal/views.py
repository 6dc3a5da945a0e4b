"""The end user's portal: the catalog home and its search, a catalog item's guided form,
the free "something else" form, and the requester's own tickets. Pages only: every ticket
is opened by `incidents.services`, every read goes through `catalog.queries`,
`incidents.queries` and `incidents.pages`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from catalog.filters import CatalogItemFilterSet
from catalog.formschema import build_form
from catalog.models import CatalogItem, ServiceCategory, ServiceStatus
from catalog.queries import portal_items
from common import filtering, pages, searchterms
from common.errors import DomainError
from common.htmx import is_htmx
from incidents import pages as ticket_pages
from incidents import permissions, priority, services, workflow
from incidents.filters import TicketFilterSet
from incidents.models import Status
from incidents.queries import tickets_visible_to
from incidents.services.common import matrix
from portal.forms import ExtraDetailsForm, PortalTicketForm
from sla import queries as sla_queries
from sla.hours import support_hours

# How many of the most common requests the catalog home shows.
COMMON_COUNT = 8
# The catalog search's longest term (the input's maxlength).
SEARCH_MAX = 100
MY_TICKETS_PER_PAGE = 25
# A ticket's status in the requester's words.
PLAIN_STATUS = {
    Status.AWAITING_APPROVAL: gettext_lazy("Waiting for approval — who decides is shown below"),
    Status.NEW: gettext_lazy("Received — waiting for the service desk"),
    Status.ASSIGNED: gettext_lazy("With a support team"),
    Status.IN_PROGRESS: gettext_lazy("Being worked on"),
    Status.PENDING: gettext_lazy("Waiting — see the latest message"),
    Status.RESOLVED: gettext_lazy("Resolved — please confirm"),
    Status.CLOSED: gettext_lazy("Closed"),
    Status.CANCELLED: gettext_lazy("Cancelled"),
}


# --- the catalog ------------------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The catalog home: categories, search and the most common requests."""
    items = portal_items()
    filterset = filtering.bind(CatalogItemFilterSet, request.GET, queryset=items)
    searching = bool(request.GET.get("search", "").strip() or request.GET.get("category"))
    categories = ServiceCategory.objects.annotate(
        item_count=Count(
            "services__items",
            filter=Q(services__status=ServiceStatus.PUBLISHED, services__items__is_active=True),
        )
    ).filter(item_count__gt=0)
    context = {
        "categories": categories,
        "common": items.order_by("order", "name")[:COMMON_COUNT],
        "results": filterset.qs.order_by("order", "name") if searching else None,
        "filterset": filterset,
        "search": request.GET.get("search", "")[:SEARCH_MAX],
        "active_category": request.GET.get("category", ""),
    }
    if is_htmx(request):
        return render(request, "portal/_results.html", context)
    return render(request, "portal/home.html", context)


@login_required
def item(request: HttpRequest, pk: int) -> HttpResponse:
    """A catalog item's guided form; a valid answer opens a ticket."""
    queryset = portal_items() if not roles.is_agent(request.user) else CatalogItem.objects.all()
    # With its group: a valid answer opens a ticket routed to it (no second query).
    catalog_item = get_object_or_404(queryset.select_related("service", "assignment_group"), pk=pk)
    form = build_form(catalog_item.form_schema, request.user, data=request.POST or None)
    extra = ExtraDetailsForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and extra.is_valid():
        try:
            ticket = services.create_ticket(
                request.user,
                services.NewTicket(
                    catalog_item=catalog_item,
                    form_data=form.cleaned_answers,
                    description=extra.cleaned_data["description"],
                ),
            )
        except DomainError as exc:
            pages.show_error(request, exc, form)
        else:
            messages.success(
                request,
                _("Ticket %(number)s opened. We will be in touch.") % {"number": ticket.number},
            )
            return redirect("portal:ticket", pk=ticket.pk)
    return render(
        request,
        "portal/item.html",
        {
            "item": catalog_item,
            "form": form,
            "extra": extra,
            "support_hours": _support_hours(request, catalog_item),
        },
    )


def _support_hours(request: HttpRequest, catalog_item: CatalogItem) -> str:
    """From the calendar of the SLA policy a ticket for this item would get; the service's
    own text only when no policy applies."""
    level = priority.priority_for(
        catalog_item.default_impact, catalog_item.default_urgency, matrix()
    )
    text = support_hours(catalog_item.service_id, request.user.customer_unit_id, level)
    return text or catalog_item.service.support_hours


# --- the requester's tickets ------------------------------------------------------------


@login_required
def ticket_list(request: HttpRequest) -> HttpResponse:
    """The requester's own tickets, open ones first by default, with a search."""
    show = request.GET.get("show", "open")
    text = request.GET.get("search", "")[: searchterms.MAX_LENGTH]
    tickets = tickets_visible_to(request.user).filter(requester=request.user)
    if show == "open":
        tickets = tickets.exclude(status__in=workflow.FINAL_STATUSES)
    if text.strip():
        tickets = filtering.bind(
            TicketFilterSet, {"search": text}, queryset=tickets, request=request
        ).qs
    page = Paginator(tickets.order_by("-created_at"), MY_TICKETS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = QueryDict(mutable=True)
    query.update({"show": show, "search": text} if text.strip() else {"show": show})
    return render(
        request,
        "portal/ticket_list.html",
        {
            "page": page,
            "show": show,
            "search": text,
            "search_note": ticket_pages.search_note(text),
            "query": query.urlencode(),
            "plain_status": PLAIN_STATUS,
        },
    )


@login_required
def ticket_new(request: HttpRequest) -> HttpResponse:
    """Something outside the catalog, in the requester's own words."""
    form = PortalTicketForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new = services.NewTicket(
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            urgency=form.cleaned_data["urgency"],
        )
        try:
            ticket = services.create_ticket(request.user, new)
        except DomainError as exc:
            pages.show_error(request, exc, form)
        else:
            messages.success(
                request,
                _("Ticket %(number)s opened. We will be in touch.") % {"number": ticket.number},
            )
            return redirect("portal:ticket", pk=ticket.pk)
    return render(request, "portal/ticket_new.html", {"form": form})


@login_required
def ticket(request: HttpRequest, pk: int) -> HttpResponse:
    """One ticket as its requester sees it; staff reading someone else's go to the desk."""
    shown = ticket_pages.visible_ticket(request.user, pk)
    if ticket_pages.opens_on_desk(request.user, shown):
        return redirect(ticket_pages.DESK_TICKET_URL, pk=pk)
    return render(
        request,
        "portal/ticket.html",
        {
            "ticket": shown,
            "timeline": ticket_pages.timeline(shown, request.user),
            "answers": ticket_pages.answers(shown),
            "actions": permissions.allowed_actions(request.user, shown),
            "plain_status": PLAIN_STATUS.get(shown.status),
            "sla_promise": (sla_queries.summary(shown) or {}).get("resolution_due_at"),
        },
    )
