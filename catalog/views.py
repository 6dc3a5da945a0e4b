"""Catalog pages: service management for managers (the end user's catalog is `portal`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import manager_required
from catalog import checklist, lifecycle, services
from catalog.forms import CatalogItemForm, ReasonForm, ServiceForm
from catalog.formschema import FIELD_TYPE_LABELS, build_form, validate_schema
from catalog.models import AdmissionCriterion, CatalogItem, Service, ServiceStatus
from catalog.queries import with_checklist
from common import pages
from common.errors import DomainError
from common.inputs import InvalidJSON, load_json

# --- management -------------------------------------------------------------------------


@manager_required
def service_list(request):
    status = request.GET.get("status", "")
    services_qs = Service.objects.select_related("category", "owner_group").annotate(
        item_count=Count("items")
    )
    if status in ServiceStatus.values:
        services_qs = services_qs.filter(status=status)
    counts = dict(Service.objects.values_list("status").annotate(n=Count("id")))
    return render(
        request,
        "catalog/service_list.html",
        {
            "services": services_qs.order_by("code"),
            "status": status,
            "statuses": [(s, label, counts.get(s, 0)) for s, label in ServiceStatus.choices],
        },
    )


@manager_required
def service_detail(request, pk: int):
    service = get_object_or_404(
        with_checklist(Service.objects.select_related("category", "owner_group")), pk=pk
    )
    items = service.items.select_related("assignment_group").order_by("order", "name")
    return render(
        request,
        "catalog/service_detail.html",
        {
            "service": service,
            "lines": checklist.evaluate(service),
            "actions": lifecycle.available(service.status),
            "transitions": service.transitions.select_related("actor")[:50],
            "items": items,
            "reason_form": ReasonForm(),
        },
    )


@manager_required
def service_edit(request, pk: int | None = None):
    service = get_object_or_404(Service, pk=pk) if pk else None
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        service = form.save()
        messages.success(request, _("Service saved."))
        return redirect("catalog:service", pk=service.pk)
    return render(request, "catalog/service_form.html", {"form": form, "service": service})


@manager_required
@require_POST
def service_transition(request, pk: int, action: str):
    service = get_object_or_404(Service, pk=pk)
    form = ReasonForm(request.POST)
    reason = form.data.get("reason", "")
    try:
        services.transition(service, action, request.user, reason)
    except services.ChecklistIncomplete as exc:
        labels = ", ".join(m["label"] for m in exc.extra["missing"])
        messages.error(request, _("Not published: %(missing)s.") % {"missing": labels})
    except DomainError as exc:
        pages.show_error(request, exc)
    else:
        messages.success(request, _("Done."))
    return redirect("catalog:service", pk=pk)


@manager_required
@require_POST
def service_tick(request, pk: int, criterion: int):
    service = get_object_or_404(Service, pk=pk)
    item = get_object_or_404(AdmissionCriterion, pk=criterion)
    try:
        services.set_tick(
            service,
            item,
            request.user,
            request.POST.get("done") == "1",
            request.POST.get("note", ""),
        )
    except DomainError as exc:
        pages.show_error(request, exc)
    return redirect("catalog:service", pk=pk)


@manager_required
def item_edit(request, pk: int | None = None):
    item = get_object_or_404(CatalogItem, pk=pk) if pk else None
    initial = {"service": request.GET.get("service")} if not item else None
    form = CatalogItemForm(request.POST or None, instance=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        item = form.save()
        messages.success(request, _("Catalog item saved."))
        return redirect("catalog:service", pk=item.service_id)
    schema = item.form_schema if item else []
    return render(
        request,
        "catalog/item_form.html",
        {
            "form": form,
            "item": item,
            "preview": build_form(schema, request.user),
            "field_types": FIELD_TYPE_LABELS.items(),
        },
    )


@manager_required
@require_POST
def schema_preview(request):
    """htmx: the guided form as the end user will see it, or why the schema is wrong."""
    text = request.POST.get("form_schema", "")[:100_000]
    errors = []
    schema = []
    try:
        schema = load_json(text) if text.strip() else []
        validate_schema(schema)
    except InvalidJSON as exc:
        errors = [str(exc)]
    except ValidationError as exc:
        errors = pages.error_messages(exc)
    form = None if errors else build_form(schema, request.user)
    return render(request, "catalog/_schema_preview.html", {"form": form, "errors": errors})
