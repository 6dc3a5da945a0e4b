"""Planned maintenance pages: the windows calendar (month or week), the plans (managers
edit, agents read) with their occurrence preview. Thin: maintenance.services writes,
maintenance.queries reads."""

import calendar as pycalendar
import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import agent_required, manager_required
from common import pages
from common.errors import DomainError
from maintenance import permissions, queries, recurrence, services
from maintenance.forms import CalendarFilterForm, PlanForm
from maintenance.services import PLAN_FIELDS

PREVIEW_DAYS = 366


def _days(view: str, day: dt.date) -> list[dt.date]:
    """The days the calendar shows: whole weeks (Monday first) around the month, or one."""
    if view == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return [monday + dt.timedelta(days=i) for i in range(7)]
    first = day.replace(day=1)
    last = day.replace(day=pycalendar.monthrange(day.year, day.month)[1])
    start = first - dt.timedelta(days=first.weekday())
    end = last + dt.timedelta(days=6 - last.weekday())
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


@agent_required
def window_calendar(request: HttpRequest) -> HttpResponse:
    """维护窗口: the planned windows by month or week, filtered by group and CI."""
    form = CalendarFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    view = data.get("view") or "month"
    day = data.get("date") or timezone.localdate()
    days = _days(view, day)
    group, asset = data.get("group"), data.get("asset")
    found = queries.windows(
        days[0],
        days[-1],
        group=group.pk if group else None,
        asset=asset.pk if asset else None,
    )
    by_day: dict[dt.date, list] = {d: [] for d in days}
    for w in found:
        by_day.setdefault(w.date, []).append(w)
    step = dt.timedelta(days=7) if view == "week" else dt.timedelta(days=31)
    anchor = day if view == "week" else day.replace(day=15)
    base = request.GET.copy()
    links = {}
    for name, target in (("previous", anchor - step), ("next", anchor + step)):
        base["date"] = target.isoformat()
        base["view"] = view
        links[name] = base.urlencode()
    return render(
        request,
        "maintenance/calendar.html",
        {
            "form": form,
            "view": view,
            "day": day,
            "weeks": [
                [(d, by_day.get(d, [])) for d in days[i : i + 7]] for i in range(0, len(days), 7)
            ],
            "window_count": len(found),
            "links": links,
            "today": timezone.localdate(),
            "can_edit": permissions.can_write_plans(request.user),
        },
    )


@agent_required
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "maintenance/plan_list.html",
        {
            "plans": queries.plans().order_by("-active", "name"),
            "overdue": queries.overdue()[:50],
            "can_edit": permissions.can_write_plans(request.user),
        },
    )


@agent_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(queries.plans(), pk=pk)
    today = timezone.localdate()
    last = today + dt.timedelta(days=PREVIEW_DAYS - 1)
    try:
        dates = queries.preview(plan, max(today, plan.start_date), last)
        skipped = queries.skipped(plan, max(today, plan.start_date), last)
        error = ""
    except recurrence.RecurrenceError as exc:
        dates, skipped, error = [], [], str(exc)
    cal = plan.calendar.calendar
    rows = sorted(
        [
            {
                "date": d.date,
                "original_date": d.original_date,
                "moved": d.moved,
                "skipped": False,
                "opens_on": recurrence.working_days_before(cal, d.date, plan.lead_working_days),
            }
            for d in dates
        ]
        + [
            {"date": s, "original_date": s, "moved": False, "skipped": True, "opens_on": None}
            for s in skipped
        ],
        key=lambda r: r["original_date"],
    )[:24]
    return render(
        request,
        "maintenance/plan_detail.html",
        {
            "plan": plan,
            "preview": rows,
            "error": error,
            "opened": plan.occurrences.select_related("ticket").order_by("-date")[:12],
            "can_edit": permissions.can_write_plans(request.user),
        },
    )


@manager_required
def plan_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    plan = get_object_or_404(queries.plans(), pk=pk) if pk else None
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in PLAN_FIELDS}
        try:
            saved = services.save_plan(request.user, plan, values, form.cleaned_data["assets"])
        except (DomainError, PermissionDenied) as exc:
            pages.show_error(request, exc, form)
        else:
            messages.success(request, _("Maintenance plan saved."))
            return redirect("maintenance:plan", pk=saved.pk)
    return render(request, "maintenance/plan_form.html", {"form": form, "plan": plan})


@manager_required
@require_POST
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(queries.plans(), pk=pk)
    try:
        services.delete_plan(request.user, plan)
    except (DomainError, PermissionDenied) as exc:
        pages.show_error(request, exc)
        return redirect("maintenance:plan", pk=plan.pk)
    messages.success(request, _("Maintenance plan deleted; the tickets it opened stay."))
    return redirect("maintenance:plans")
