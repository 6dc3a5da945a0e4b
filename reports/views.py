"""Dashboard, live view and the monthly service report. Thin: the figures are
reports.metrics'; every figure links to the desk list of the tickets it counts."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from accounts import roles
from accounts.decorators import agent_required
from accounts.models import CustomerUnit, SupportGroup
from approvals.queries import overdue_for_manager
from catalog.models import Service
from common import spreadsheets
from common.htmx import is_htmx
from common.inputs import parse_month
from reports import metrics
from reports.scope import Scope, ScopeInvalid, parse

BUCKET_LABELS = {
    "lt1d": gettext_lazy("< 1 day"),
    "1to3d": gettext_lazy("1–3 days"),
    "3to7d": gettext_lazy("3–7 days"),
    "7to30d": gettext_lazy("7–30 days"),
    "gt30d": gettext_lazy("> 30 days"),
}
# Tiles: figure key, label, unit, whether a rise is good news.
TILES = [
    ("tickets_opened", pgettext_lazy("report figure", "Opened"), "", None),
    ("tickets_resolved", pgettext_lazy("report figure", "Resolved"), "", True),
    ("backlog", gettext_lazy("Backlog"), "", False),
    ("response_sla_met_percent", gettext_lazy("Response SLA met"), "%", True),
    ("resolution_sla_met_percent", gettext_lazy("Resolution SLA met"), "%", True),
    ("mean_time_to_respond_minutes", gettext_lazy("Mean time to respond"), "min", False),
    ("mean_time_to_resolve_minutes", gettext_lazy("Mean time to resolve"), "min", False),
    ("first_contact_resolution_percent", gettext_lazy("First-contact resolution"), "%", True),
    ("reassignment_rate", gettext_lazy("Reassigned"), "%", False),
    ("reopen_rate", gettext_lazy("Reopened"), "%", False),
    ("csat_average", gettext_lazy("Satisfaction (1–5)"), "", True),
    ("promises_kept_percent", gettext_lazy("Promises kept"), "%", True),
    ("planned_work_percent", gettext_lazy("Planned work"), "%", None),
    ("maintenance_overdue", gettext_lazy("Planned work overdue"), "", False),
    ("approval_hours_median", gettext_lazy("Approval turnaround (median)"), "h", False),
    ("approvals_rejected_percent", gettext_lazy("Approvals rejected"), "%", None),
    ("deflections", gettext_lazy("Solved by an article"), "", True),
    ("articles_published", gettext_lazy("Articles published"), "", True),
]


def _scope(request) -> tuple[Scope | None, dict]:
    try:
        return parse(request.GET, request.user), {}
    except ScopeInvalid as exc:
        return None, exc.errors


def desk_link(scope: Scope, **filters) -> str:
    """The desk list of exactly the tickets a figure counts."""
    params = {"queue": "all"}
    if scope.group_ids is not None:
        params["groups"] = ",".join(str(g) for g in sorted(scope.group_ids)) or "0"
    for key, value in (
        ("service", scope.service_id),
        ("customer_unit", scope.customer_unit_id),
        ("priority", scope.priority),
    ):
        if value is not None:
            params[key] = value
    params.update({k: v for k, v in filters.items() if v is not None})
    return f"{reverse('incidents:desk')}?{urlencode(params)}"


def figure_links(scope: Scope) -> dict[str, str]:
    created = {
        "created_since": scope.since.isoformat(),
        "created_until": scope.until.isoformat(),
    }
    resolved = {
        "resolved_since": scope.since.isoformat(),
        "resolved_until": scope.until.isoformat(),
    }
    return {
        "tickets_opened": desk_link(scope, **created),
        "tickets_resolved": desk_link(scope, **resolved),
        "backlog": desk_link(scope, is_open="true"),
        "first_contact_resolution_percent": desk_link(
            scope, **resolved, reassigned="false", reopened="false"
        ),
        "reassignment_rate": desk_link(scope, **resolved, reassigned="true"),
        "reopen_rate": desk_link(scope, **resolved, reopened="true"),
        "response_sla_met_percent": desk_link(scope, **created, sla="missed"),
        "resolution_sla_met_percent": desk_link(scope, **created, sla="missed"),
        "planned_work_percent": desk_link(scope, **created, channel="planned"),
        "maintenance_overdue": reverse("maintenance:plans"),
        "breached_now": desk_link(scope, sla="breached"),
        "near_breach": desk_link(scope, sla="due_soon"),
    }


def _delta(now, before):
    return None if now is None or before is None else round(now - before, 1)


def _change(now, before, good_when_up):
    if now is None or before is None:
        return None
    delta = _delta(now, before)
    if delta == 0 or good_when_up is None:
        tone = "neutral"
    else:
        tone = "good" if (delta > 0) == good_when_up else "bad"
    return {"delta": delta, "tone": tone, "previous": before}


def _filters_context(request, errors: dict) -> dict:
    allowed = roles.reportable_group_ids(request.user)
    groups = SupportGroup.objects.order_by("name")
    if allowed is not None:
        groups = groups.filter(pk__in=allowed)
    return {
        "errors": errors,
        "params": request.GET,
        "groups": groups,
        "services": Service.objects.order_by("code"),
        "units": CustomerUnit.objects.order_by("code"),
        "presets": _presets(),
    }


def _presets() -> list[tuple[str, str, str]]:
    today = timezone.localdate()
    first = today.replace(day=1)
    last_month_end = first - dt.timedelta(days=1)
    return [
        (_("7 days"), (today - dt.timedelta(days=6)).isoformat(), today.isoformat()),
        (_("30 days"), (today - dt.timedelta(days=29)).isoformat(), today.isoformat()),
        (_("This month"), first.isoformat(), today.isoformat()),
        (
            _("Last month"),
            last_month_end.replace(day=1).isoformat(),
            last_month_end.isoformat(),
        ),
        (_("90 days"), (today - dt.timedelta(days=89)).isoformat(), today.isoformat()),
        (_("12 months"), (today - dt.timedelta(days=364)).isoformat(), today.isoformat()),
    ]


@agent_required
def dashboard(request):
    """Managers: every group; agents: their own groups."""
    scope, errors = _scope(request)
    context = _filters_context(request, errors)
    if scope is None:
        return render(request, "reports/dashboard.html", context, status=400)
    # One reading of the roll-up (at one moment: the current hour computed once) and of the
    # approvals decided, for every figure, chart and table made from them.
    report = metrics.Report(scope)
    figures = report.summary()
    previous = metrics.summary(scope.previous())
    links = figure_links(scope)
    context.update(
        {
            "scope": scope,
            "tiles": [
                {
                    "key": key,
                    "label": label,
                    "unit": unit,
                    "value": figures[key],
                    "change": _change(figures[key], previous[key], good),
                    "link": links.get(key),
                }
                for key, label, unit, good in TILES
            ],
            "figures": figures,
            "links": links,
            "breaches": metrics.breaches_now(scope),
            "ping_pong": metrics.ping_pong(scope),
            "busiest_services": report.busiest(
                "catalog_item__service", "catalog_item__service__name"
            ),
            "busiest_assets": report.busiest_assets(),
            "channels": report.by_channel(),
            "sla_groups": report.sla_by(
                "ticket__assignment_group", "ticket__assignment_group__name"
            ),
            "sla_services": report.sla_by(
                "ticket__catalog_item__service", "ticket__catalog_item__service__name"
            ),
            "charts": _charts(report),
            "approval_tables": _approval_tables(report),
            "overdue_approvals": (
                overdue_for_manager(request.user).count()
                if roles.is_manager(request.user)
                else None
            ),
        }
    )
    return render(request, "reports/dashboard.html", context)


def _approval_tables(report: metrics.Report) -> list[tuple[str, str, list]]:
    tables = report.approval_tables()
    return [
        ("services", _("Approvals per service"), tables["services"]),
        ("approvers", _("Approvals per approver"), tables["approvers"]),
    ]


def _charts(report: metrics.Report) -> dict:
    flow = report.opened_vs_resolved()
    backlog = metrics.backlog_ages(report.scope)
    csat = report.csat()
    return {
        "flow": {
            "labels": flow["labels"],
            "series": [
                {"label": str(pgettext("report figure", "Opened")), "data": flow["opened"]},
                {"label": str(pgettext("report figure", "Resolved")), "data": flow["resolved"]},
            ],
        },
        "backlog": {
            "labels": [str(BUCKET_LABELS[b["bucket"]]) for b in backlog],
            "series": [{"label": str(_("Open tickets")), "data": [b["count"] for b in backlog]}],
        },
        "csat_trend": {
            "labels": csat["labels"],
            "series": [{"label": str(_("Average rating")), "data": csat["average"]}],
        },
        "csat_distribution": {
            "labels": ["1", "2", "3", "4", "5"],
            "series": [{"label": str(_("Answers")), "data": csat["distribution"]}],
        },
    }


@agent_required
def live(request):
    """For the desk lead: what has breached and is still open, what breaches within the
    hour, what nobody has, who carries what."""
    scope, _errors = _scope(request)
    if scope is None:
        scope = parse({}, request.user)
    open_tickets = metrics.scoped_tickets(scope).filter(status__in=metrics.workflow.OPEN_STATUSES)
    context = {
        "scope": scope,
        "overdue": metrics.breached_timers(scope),
        "timers": metrics.breaching_within(scope, metrics.NEAR_BREACH),
        "unassigned": open_tickets.filter(assignee__isnull=True).count(),
        "unassigned_link": desk_link(scope, is_open="true", unassigned="true"),
        "load": metrics.agent_load(scope),
        "breaches": metrics.breaches_now(scope),
        "links": figure_links(scope),
        "now": timezone.now(),
    }
    template = "reports/_live.html" if is_htmx(request) else "reports/live.html"
    return render(request, template, context)


@agent_required
def monthly(request):
    """The monthly service report for the business: one month, one service or customer
    unit (or everything), as a printable page or XLSX (`?as=xlsx`)."""
    today = timezone.localdate()
    this_month = today.replace(day=1).isoformat()[:7]
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).isoformat()[:7]
    # The last complete month by default: the current one is partial until it ends.
    month = request.GET.get("month") or last_month
    try:
        first = parse_month(month)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("reports:monthly")
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    params = {**request.GET.dict(), "from": first.isoformat(), "to": last.isoformat()}
    try:
        scope = parse(params, request.user)
    except ScopeInvalid as exc:
        context = _filters_context(request, exc.errors)
        return render(request, "reports/monthly.html", context, status=400)
    figures = metrics.Report(scope)  # the month's sums and buckets read once
    report = {
        "figures": figures.summary(),
        "previous": metrics.summary(scope.previous()),
        "flow": figures.opened_vs_resolved(),
        "sla_services": figures.sla_by(
            "ticket__catalog_item__service", "ticket__catalog_item__service__name"
        ),
        "sla_groups": figures.sla_by("ticket__assignment_group", "ticket__assignment_group__name"),
        "busiest_assets": figures.busiest_assets(),
        "ping_pong": metrics.ping_pong(scope),
    }
    subject = _subject(scope)
    if request.GET.get("as") == "xlsx":
        return spreadsheets.workbook_response(
            f"service-report-{month}", _report_sheets(report, subject, month)
        )
    context = _filters_context(request, {})
    context.update(
        {
            "scope": scope,
            "report": report,
            "month": month,
            "months": [(last_month, _("Last month")), (this_month, _("This month so far"))],
            "month_link": urlencode({k: v for k, v in request.GET.items() if k != "month"}),
            "partial_until": today if first <= today <= last else None,
            "subject": subject,
            "tiles": [
                {
                    "label": label,
                    "unit": unit,
                    "value": report["figures"][key],
                    "previous": report["previous"][key],
                    "change": _change(report["figures"][key], report["previous"][key], good),
                }
                for key, label, unit, good in TILES
            ],
            "xlsx_query": urlencode({**request.GET.dict(), "month": month, "as": "xlsx"}),
            "chart_month": {
                "labels": report["flow"]["labels"],
                "series": [
                    {
                        "label": str(pgettext("report figure", "Opened")),
                        "data": report["flow"]["opened"],
                    },
                    {
                        "label": str(pgettext("report figure", "Resolved")),
                        "data": report["flow"]["resolved"],
                    },
                ],
            },
        }
    )
    return render(request, "reports/monthly.html", context)


def _subject(scope: Scope) -> str:
    parts = []
    if scope.service_id:
        service = Service.objects.filter(pk=scope.service_id).first()
        parts.append(service.display_name if service else "")
    if scope.customer_unit_id:
        parts.append(str(CustomerUnit.objects.filter(pk=scope.customer_unit_id).first() or ""))
    return " · ".join(p for p in parts if p) or _("All services")


def _report_sheets(report: dict, subject: str, month: str) -> list:
    figures, previous = report["figures"], report["previous"]
    summary = [
        [str(label), figures[key], previous[key], _delta(figures[key], previous[key]), unit]
        for key, label, unit, _good in TILES
    ]
    flow = report["flow"]
    return [
        (
            _("Summary"),
            [
                _("Figure"),
                month,
                _("Previous month"),
                pgettext("compared with the month before", "Change"),
                _("Unit"),
            ],
            [[_("Report"), subject, "", "", ""], *summary],
        ),
        (
            _("Opened and resolved"),
            [_("Date"), pgettext("report figure", "Opened"), pgettext("report figure", "Resolved")],
            zip(flow["labels"], flow["opened"], flow["resolved"], strict=True),
        ),
        (
            _("SLA per service"),
            [_("Service"), _("Timers decided"), _("Met %")],
            [[r["name"], r["decided"], r["met_percent"]] for r in report["sla_services"]],
        ),
        (
            _("SLA per group"),
            [_("Group"), _("Timers decided"), _("Met %")],
            [[r["name"], r["decided"], r["met_percent"]] for r in report["sla_groups"]],
        ),
        (
            _("Busiest CIs"),
            [_("Tag"), _("Configuration item"), _("Tickets")],
            [[r["name"], r["detail"], r["count"]] for r in report["busiest_assets"]],
        ),
        (
            _("Reassigned most"),
            [_("Number"), _("Title"), _("Group"), _("Reassignments")],
            [
                [t.number, t.title, str(t.assignment_group or ""), t.reassignment_count]
                for t in report["ping_pong"]
            ],
        ),
    ]
