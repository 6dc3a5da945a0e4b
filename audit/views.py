"""The audit log page, for administrators."""

from django.core.paginator import Paginator
from django.shortcuts import render

from accounts import roles
from accounts.decorators import role_required
from audit import queries
from audit.forms import AuditFilterForm

PAGE_SIZE = 50


@role_required(roles.Role.ADMIN)
def log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound and form.is_valid() else queries.Filters()
    if form.is_bound and not form.is_valid():
        filters = None
    page = None
    entries = []
    if filters is not None:
        page = Paginator(queries.index(filters), PAGE_SIZE).get_page(request.GET.get("page"))
        entries = queries.entries(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page": page,
            "entries": entries,
            "query": query.urlencode(),
            "nav_active": "audit",
        },
    )
