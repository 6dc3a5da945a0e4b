"""Service-level pages: calendars and policies (agents read, managers edit), the preview
of due times, and loading a year's official Chinese holidays. Thin: the rules are the
models' and sla.services'."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.decorators import agent_required, manager_required
from common.htmx import is_htmx
from sla import services
from sla.forms import CalendarForm, HolidayYearForm, PolicyForm, PreviewForm
from sla.models import BusinessCalendar, SLAPolicy


def _preview(request):
    form = PreviewForm(request.GET or None)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        result = services.preview(
            data["service"].pk if data["service"] else None,
            data["customer_unit"].pk if data["customer_unit"] else None,
            data["priority"],
            timezone.now(),
        )
    return form, result


@agent_required
def overview(request):
    """Calendars, policies in matching order, and the preview."""
    form, result = _preview(request)
    context = {
        "calendars": BusinessCalendar.objects.annotate(policy_count=Count("policies")),
        "policies": sorted(
            SLAPolicy.objects.select_related(
                "calendar", "service", "customer_unit", "escalation_group"
            ),
            key=lambda p: (not p.is_active, -p.specificity, p.priority or 9, p.name),
        ),
        "preview_form": form,
        "preview": result,
        "can_edit": roles.is_manager(request.user),
    }
    if is_htmx(request):
        return render(request, "sla/_preview.html", context)
    return render(request, "sla/overview.html", context)


@agent_required
def calendar_detail(request, pk: int):
    calendar = get_object_or_404(BusinessCalendar, pk=pk)
    return render(
        request,
        "sla/calendar_detail.html",
        {
            "calendar": calendar,
            "form": CalendarForm(instance=calendar),
            "year_form": HolidayYearForm(initial={"year": timezone.localdate().year + 1}),
            "policies": calendar.policies.order_by("name"),
            "can_edit": roles.is_manager(request.user),
        },
    )


@manager_required
def calendar_edit(request, pk: int | None = None):
    calendar = get_object_or_404(BusinessCalendar, pk=pk) if pk else BusinessCalendar()
    form = CalendarForm(request.POST or None, instance=calendar)
    if request.method == "POST" and form.is_valid():
        calendar = form.save()
        messages.success(request, _("Calendar saved."))
        return redirect("sla:calendar", pk=calendar.pk)
    return render(request, "sla/calendar_form.html", {"form": form, "calendar": calendar})


@manager_required
@require_POST
def calendar_holidays(request, pk: int):
    calendar = get_object_or_404(BusinessCalendar, pk=pk)
    form = HolidayYearForm(request.POST)
    if form.is_valid():
        year = form.cleaned_data["year"]
        off, extra = services.load_official_holidays(calendar, year)
        messages.success(
            request,
            _("%(year)d: %(off)d holidays and %(extra)d make-up working days added.")
            % {"year": year, "off": off, "extra": extra},
        )
    else:
        messages.error(request, _("Choose a year between 2000 and 2100."))
    return redirect("sla:calendar", pk=pk)


@manager_required
def policy_edit(request, pk: int | None = None):
    policy = (
        get_object_or_404(SLAPolicy.objects.select_related("calendar"), pk=pk)
        if pk
        else SLAPolicy()
    )
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Policy saved. New and changed tickets use it."))
        return redirect("sla:overview")
    return render(request, "sla/policy_form.html", {"form": form, "policy": policy})
