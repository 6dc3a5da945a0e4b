"""The desk's figures, computed in the database (aggregates over indexed columns, never by
loading tickets into Python). Each function takes a `Scope` (period and filters).

Definitions (also in the README, "Reports: what each figure counts"):

- opened: tickets created in the period (cancelled ones too: they were contacts).
- resolved: tickets whose (latest) resolution falls in the period.
- backlog: tickets created before the end of the period and neither resolved nor closed or
  cancelled by then; for a period ending today, the tickets open now.
- response / resolution SLA met %: timers whose outcome was decided in the period — breached
  in it, or stopped in it without a breach — and met = not breached. Pauses do not count
  (timers stop while pending); a reopened ticket's resolution timer continues and is decided
  at its final resolution. Cancelled tickets and tickets without an SLA are left out.
- mean time to respond / resolve (minutes): business time the timer used, pauses excluded,
  over the timers that stopped in the period (tickets with an SLA, not cancelled).
- first-contact resolution %: resolved in the period by the first group, never reassigned
  and never reopened.
- reassignment rate / reopen rate (%): of the tickets resolved in the period, those
  reassigned at least once / reopened at least once.
- CSAT: ratings of surveys answered in the period (average 1–5, and how many).
- promises kept %: promised reply times that fell in the period and have passed or been met:
  kept when an agent replied by the promised time.
- approval turnaround (median business hours) and approvals rejected %: see
  reports.approval_figures.
"""

import datetime as dt
from functools import cached_property
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, DurationField, F, Model, Q, QuerySet
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

from common.i18n import pick_columns as label
from incidents import workflow
from incidents.filters import NEAR_BREACH
from incidents.models import Channel, Status, Ticket
from reports import approval_figures, rollup
from reports.models import Dim
from reports.scope import Scope
from sla.models import SLATimer, TimerKind, TimerState

BACKLOG_BUCKETS = [
    ("lt1d", dt.timedelta(days=1)),
    ("1to3d", dt.timedelta(days=3)),
    ("3to7d", dt.timedelta(days=7)),
    ("7to30d", dt.timedelta(days=30)),
]


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _minutes(value: dt.timedelta | None) -> float | None:
    return round(value.total_seconds() / 60, 1) if value is not None else None


def _scope_filter(scope: Scope, prefix: str = "") -> Q:
    """The scope's groups, service, customer unit and priority, on tickets reached through
    `prefix` (e.g. "ticket__" from timers): a join on the key, not an IN over all tickets."""
    q = Q()
    if scope.group_ids is not None:
        q &= Q(**{f"{prefix}assignment_group_id__in": scope.group_ids})
    if scope.service_id is not None:
        q &= Q(**{f"{prefix}catalog_item__service_id": scope.service_id})
    if scope.customer_unit_id is not None:
        q &= Q(**{f"{prefix}customer_unit_id": scope.customer_unit_id})
    if scope.priority is not None:
        q &= Q(**{f"{prefix}priority": scope.priority})
    return q


def scoped_tickets(scope: Scope) -> QuerySet[Ticket]:
    """Tickets of the scope's groups, service, customer unit and priority (any date)."""
    return Ticket.objects.filter(_scope_filter(scope))


def _in(field: str, scope: Scope) -> Q:
    return Q(**{f"{field}__gte": scope.since, f"{field}__lt": scope.until})


def scoped_timers(scope: Scope) -> QuerySet[SLATimer]:
    """Timers of the scoped tickets (not cancelled) whose outcome fell in the period."""
    decided = Q(breached_at__gte=scope.since, breached_at__lt=scope.until) | Q(
        breached_at__isnull=True,
        state=TimerState.STOPPED,
        stopped_at__gte=scope.since,
        stopped_at__lt=scope.until,
    )
    return SLATimer.objects.filter(decided, _scope_filter(scope, "ticket__")).exclude(
        ticket__status=Status.CANCELLED
    )


def _sla_figures(scope: Scope) -> dict[str, Any]:
    row = scoped_timers(scope).aggregate(
        **{
            f"{kind}_{name}": agg
            for kind in (TimerKind.RESPONSE, TimerKind.RESOLUTION)
            for name, agg in (
                ("decided", Count("id", filter=Q(kind=kind))),
                ("met", Count("id", filter=Q(kind=kind, breached_at__isnull=True))),
            )
        }
    )
    stopped = (
        SLATimer.objects.filter(
            _scope_filter(scope, "ticket__"),
            state=TimerState.STOPPED,
            stopped_at__gte=scope.since,
            stopped_at__lt=scope.until,
        )
        .exclude(ticket__status=Status.CANCELLED)
        .aggregate(
            respond=Avg("elapsed", filter=Q(kind=TimerKind.RESPONSE), output_field=DurationField()),
            resolve=Avg(
                "elapsed", filter=Q(kind=TimerKind.RESOLUTION), output_field=DurationField()
            ),
        )
    )
    return {
        "response_sla_met_percent": _percent(row["response_met"], row["response_decided"]),
        "resolution_sla_met_percent": _percent(row["resolution_met"], row["resolution_decided"]),
        "mean_time_to_respond_minutes": _minutes(stopped["respond"]),
        "mean_time_to_resolve_minutes": _minutes(stopped["resolve"]),
    }


def _csat(scope: Scope) -> dict[str, Any]:
    from satisfaction.models import Survey

    row = Survey.objects.filter(
        _in("responded_at", scope), _scope_filter(scope, "ticket__"), rating__isnull=False
    ).aggregate(average=Avg("rating"), responses=Count("id"))
    average = row["average"]
    return {
        "csat_average": round(float(average), 2) if average is not None else None,
        "csat_responses": row["responses"],
    }


def _knowledge(scope: Scope) -> dict[str, Any]:
    """Deflections (problems solved by an article, no ticket) and articles published in
    the period; the knowledge base belongs to no group, so these ignore the other filters."""
    from knowledge import queries as knowledge

    return {
        "deflections": knowledge.deflections_between(scope.since, scope.until),
        "articles_published": knowledge.published_between(scope.since, scope.until),
    }


def summary(scope: Scope) -> dict[str, Any]:
    """The figures of `GET /api/v1/reports/summary/` (docs/api.md)."""
    return Report(scope).summary()


class Report:
    """The figures of one scope, for a page that shows several of them: what many figures
    are made of (the roll-up's sums and buckets at one moment, the approvals decided) is
    read once."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    @cached_property
    def reader(self) -> rollup.Reader | None:
        """The roll-up's reader of the scope; None when the roll-up does not answer it and
        the figures are computed from the tickets."""
        return rollup.Reader(self.scope) if rollup.usable(self.scope) else None

    @cached_property
    def sums(self) -> dict[str, Any] | None:
        """The roll-up's sums of the scope (reports.rollup.MEASURES), or None (`reader`)."""
        return self.reader.totals() if self.reader is not None else None

    @cached_property
    def buckets(self) -> list[dict[str, Any]] | None:
        """Per day or week (`_bucket`), from the roll-up: opened, resolved and the ratings."""
        if self.reader is None:
            return None
        measures = ["opened", "resolved", "csat_sum", "csat_responses"]
        return self.reader.per_bucket(_bucket(self.scope)[1], measures)

    @cached_property
    def decisions(self) -> list[approval_figures.Decision]:
        """The approvals decided in the period (reports.approval_figures)."""
        return approval_figures.decisions(self.scope)

    def summary(self) -> dict[str, Any]:
        figures = self._summary_from_rollup() if self.sums is not None else self._summary_live()
        return {
            **figures,
            **approval_figures.figures(self.decisions),
            **_knowledge(self.scope),
        }

    def _summary_live(self) -> dict[str, Any]:
        scope = self.scope
        tickets = scoped_tickets(scope)
        now = timezone.now()
        # One range per query, each on its own index, instead of one pass over every ticket.
        opened = tickets.filter(_in("created_at", scope)).count()
        counts = tickets.filter(_in("resolved_at", scope)).aggregate(
            resolved=Count("id"),
            first_contact=Count("id", filter=Q(reassignment_count=0, reopen_count=0)),
            reassigned=Count("id", filter=Q(reassignment_count__gt=0)),
            reopened=Count("id", filter=Q(reopen_count__gt=0)),
        )
        promises = tickets.filter(_in("promised_reply_at", scope)).aggregate(
            due=Count("id", filter=Q(promise_kept__isnull=False) | Q(promised_reply_at__lt=now)),
            kept=Count("id", filter=Q(promise_kept=True)),
        )
        planned = tickets.filter(_in("created_at", scope), channel=Channel.PLANNED).count()
        resolved = counts["resolved"]
        return {
            "tickets_opened": opened,
            "tickets_resolved": resolved,
            "backlog": backlog_at(scope),
            **_sla_figures(scope),
            "first_contact_resolution_percent": _percent(counts["first_contact"], resolved),
            "reassignment_rate": _percent(counts["reassigned"], resolved),
            "reopen_rate": _percent(counts["reopened"], resolved),
            **_csat(scope),
            "promises_kept_percent": _percent(promises["kept"], promises["due"]),
            **_planned_work(scope, planned, opened),
        }

    def _summary_from_rollup(self) -> dict[str, Any]:
        """The same figures, from the daily roll-up (reports.rollup)."""
        t = self.sums
        assert t is not None
        resolved = t["resolved"]
        responses = t["csat_responses"]
        return {
            "tickets_opened": t["opened"],
            "tickets_resolved": resolved,
            "backlog": backlog_at(self.scope),
            "response_sla_met_percent": _percent(t["response_met"], t["response_decided"]),
            "resolution_sla_met_percent": _percent(t["resolution_met"], t["resolution_decided"]),
            "mean_time_to_respond_minutes": _mean_minutes(
                t["response_seconds"], t["response_stopped"]
            ),
            "mean_time_to_resolve_minutes": _mean_minutes(
                t["resolution_seconds"], t["resolution_stopped"]
            ),
            "first_contact_resolution_percent": _percent(t["first_contact"], resolved),
            "reassignment_rate": _percent(t["reassigned"], resolved),
            "reopen_rate": _percent(t["reopened"], resolved),
            "csat_average": round(t["csat_sum"] / responses, 2) if responses else None,
            "csat_responses": responses,
            "promises_kept_percent": _percent(t["promises_kept"], t["promises_due"]),
            **_planned_work(self.scope, t[rollup.CHANNEL_MEASURES[Channel.PLANNED]], t["opened"]),
        }

    def by_channel(self) -> list[dict[str, Any]]:
        """Tickets opened in the period per channel (portal, phone, email, monitoring …),
        every channel listed, busiest first."""
        if self.sums is not None:
            counts = {c: self.sums[m] for c, m in rollup.CHANNEL_MEASURES.items()}
        else:
            counts = dict(
                scoped_tickets(self.scope)
                .filter(_in("created_at", self.scope))
                .order_by()
                .values("channel")
                .annotate(n=Count("id"))
                .values_list("channel", "n")
            )
        rows = [
            {"channel": value, "label": label, "count": counts.get(value, 0)}
            for value, label in Channel.choices
        ]
        return sorted(rows, key=lambda r: -int(r["count"]))

    def opened_vs_resolved(self) -> dict[str, Any]:
        scope = self.scope
        trunc, unit = _bucket(scope)
        tickets = scoped_tickets(scope)
        zone = scope.zone

        def per(field: str) -> dict[dt.date, int]:
            rows = (
                tickets.filter(_in(field, scope))
                .annotate(bucket=trunc(field, tzinfo=zone))
                .values("bucket")
                .annotate(n=Count("id"))
            )
            return {_as_date(r["bucket"]): r["n"] for r in rows}

        if self.buckets is not None:
            opened = {r["bucket"]: r["opened"] for r in self.buckets}
            resolved = {r["bucket"]: r["resolved"] for r in self.buckets}
        else:
            opened, resolved = per("created_at"), per("resolved_at")
        labels = []
        day = (
            scope.start if unit == "day" else scope.start - dt.timedelta(days=scope.start.weekday())
        )
        step = dt.timedelta(days=1 if unit == "day" else 7)
        while day <= scope.end:
            labels.append(day)
            day += step
        return {
            "unit": unit,
            "labels": [d.isoformat() for d in labels],
            "opened": [opened.get(d, 0) for d in labels],
            "resolved": [resolved.get(d, 0) for d in labels],
        }

    def csat(self) -> dict[str, Any]:
        """CSAT trend (per day or week) and distribution of ratings in the period."""
        from satisfaction.models import Survey

        scope = self.scope
        trunc, unit = _bucket(scope)
        if self.buckets is not None and self.sums is not None:
            buckets = [b for b in self.buckets if b["csat_responses"]]
            return {
                "unit": unit,
                "labels": [b["bucket"].isoformat() for b in buckets],
                "average": [round(b["csat_sum"] / b["csat_responses"], 2) for b in buckets],
                "distribution": [self.sums[f"rating_{r}"] for r in range(1, 6)],
            }
        surveys = Survey.objects.filter(
            _in("responded_at", scope), _scope_filter(scope, "ticket__"), rating__isnull=False
        )
        trend = (
            surveys.annotate(bucket=trunc("responded_at", tzinfo=scope.zone))
            .values("bucket")
            .annotate(average=Avg("rating"), n=Count("id"))
            .order_by("bucket")
        )
        distribution = dict(surveys.values_list("rating").annotate(n=Count("id")))
        return {
            "unit": unit,
            "labels": [_as_date(r["bucket"]).isoformat() for r in trend],
            "average": [round(float(r["average"]), 2) for r in trend],
            "distribution": [distribution.get(r, 0) for r in range(1, 6)],
        }

    def approval_tables(self) -> dict[str, list[approval_figures.Row]]:
        """Per service and per approver (reports.approval_figures.breakdown)."""
        return approval_figures.breakdown(self.decisions)

    def sla_by(self, field: str, name_field: str, limit: int = 12) -> list[dict[str, Any]]:
        """SLA met % (both timers together) per group or per service, worst first."""
        scope = self.scope
        if (
            self.reader is not None
            and field in ROLLUP_DIMS
            and rollup.usable(scope, by=ROLLUP_DIMS[field][0])
        ):
            rows = _sla_by_rollup(self.reader, field)
        else:
            rows = _sla_by_live(scope, field, name_field)
        result = [
            {
                "id": r["key"],
                "name": r["name"],
                "decided": r["decided"],
                "met_percent": _percent(r["met"], r["decided"]),
            }
            for r in rows
        ]
        result.sort(key=lambda r: (r["met_percent"], -r["decided"]))
        return result[:limit]

    def busiest(
        self, field: str, name_field: str, limit: int = 10, detail_field: str | None = None
    ) -> list[dict[str, Any]]:
        """Services or configuration items with the most tickets opened in the period (with
        `detail_field` of each as `detail`, e.g. a CI's name beside its tag)."""
        if (
            self.reader is not None
            and field in ROLLUP_DIMS
            and rollup.usable(self.scope, by=ROLLUP_DIMS[field][0])
        ):
            return self.reader.top(*ROLLUP_DIMS[field], limit)
        return _busiest_live(self.scope, field, name_field, limit, detail_field)

    def busiest_assets(self, limit: int = 10) -> list[dict[str, Any]]:
        """Configuration items with the most tickets opened in the period: tag, and name as
        `detail` (counted from the tickets, on an index: `_busiest_live`)."""
        return self.busiest("asset", "asset__tag", limit, detail_field="name")


def _planned_work(scope: Scope, planned: int, opened: int) -> dict[str, Any]:
    """Planned vs unplanned work: tickets opened in the period by maintenance plans over
    all opened; and the plans' occurrences whose window has passed with the ticket still
    open (now, in the scope's groups)."""
    from maintenance.queries import overdue

    late = overdue().filter(_scope_filter(scope, "ticket__"))
    return {
        "planned_work_percent": _percent(planned, opened),
        "maintenance_overdue": late.count(),
    }


def _mean_minutes(seconds: float, count: int) -> float | None:
    return round(seconds / count / 60, 1) if count else None


def backlog_at(scope: Scope) -> int:
    """Tickets created before the end of the period, not resolved, closed or cancelled by
    then: those open now, plus those that ended after it (both on indexes)."""
    until = scope.until
    tickets = scoped_tickets(scope).filter(created_at__lt=until)
    open_now = tickets.filter(status__in=workflow.OPEN_STATUSES).count()
    if until > timezone.now():
        return open_now
    # Resolved after it, or never resolved and closed (cancelled) after it: two disjoint
    # counts, each an index-only scan ("ticket_resolved_ended", "ticket_unresolved_ended").
    ended = tickets.exclude(status__in=workflow.OPEN_STATUSES)
    ended_later = (
        ended.filter(resolved_at__gte=until).count()
        + ended.filter(resolved_at__isnull=True, closed_at__gte=until).count()
    )
    return open_now + ended_later


# --- the dashboard's charts -----------------------------------------------------------------


def _bucket(scope: Scope) -> tuple[type[TruncDate] | type[TruncWeek], str]:
    """Days for periods up to three months, weeks beyond."""
    trunc = TruncDate if scope.days <= 92 else TruncWeek
    return trunc, ("day" if scope.days <= 92 else "week")


def opened_vs_resolved(scope: Scope) -> dict[str, Any]:
    return Report(scope).opened_vs_resolved()


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


# dimension, its table, the columns of its label (English, and Chinese where it has one).
SERVICE_LABEL = ("name", "name_zh")
ROLLUP_DIMS = {
    "ticket__assignment_group": (Dim.GROUP, "accounts_supportgroup", ("name",)),
    "ticket__catalog_item__service": (Dim.SERVICE, "catalog_service", SERVICE_LABEL),
    "catalog_item__service": (Dim.SERVICE, "catalog_service", SERVICE_LABEL),
}


def _label_fields(model: type[Model], name: str) -> list[str]:
    """The label field and, when the model has one, its Chinese twin (`name_zh`)."""
    twin = f"{name}_zh"
    return [name, twin] if any(f.name == twin for f in model._meta.fields) else [name]


def _model_of(field: str, start: type[Model] = Ticket) -> type[Model]:
    model = start
    for part in field.split("__"):
        related = model._meta.get_field(part).related_model
        if not isinstance(related, type):  # the paths named here are relations only
            raise ValueError(f"{field} is not a path of relations")
        model = related
    return model


def _sla_by_rollup(reader: rollup.Reader, field: str) -> list[dict[str, Any]]:
    dim, table, columns = ROLLUP_DIMS[field]
    rows = reader.per_key(
        dim, ["response_decided", "resolution_decided", "response_met", "resolution_met"]
    )
    rows = [
        {
            "key": r["key"],
            "decided": r["response_decided"] + r["resolution_decided"],
            "met": r["response_met"] + r["resolution_met"],
        }
        for r in rows
    ]
    rows = [r for r in rows if r["decided"] > 0]
    names = dict.fromkeys([r["key"] for r in rows if r["key"] is not None])
    if names:
        with connection.cursor() as cursor:
            sql = f"SELECT id, {', '.join(columns)} FROM {table} WHERE id = ANY(%s)"  # noqa: S608
            cursor.execute(sql, [list(names)])
            names.update((row[0], label(row[1:])) for row in cursor.fetchall())
    return [{**r, "name": names.get(r["key"])} for r in rows]


def sla_by(scope: Scope, field: str, name_field: str, limit: int = 12) -> list[dict[str, Any]]:
    return Report(scope).sla_by(field, name_field, limit)


def _sla_by_live(scope: Scope, field: str, name_field: str) -> list[dict[str, Any]]:
    path, name = name_field.rsplit("__", 1)
    fields = _label_fields(_model_of(path, SLATimer), name)
    rows = (
        scoped_timers(scope)
        .values(key=F(field), **{f"label_{n}": F(f"{path}__{f}") for n, f in enumerate(fields)})
        .annotate(
            decided=Count("id"),
            met=Count("id", filter=Q(breached_at__isnull=True)),
        )
        .filter(decided__gt=0)
    )
    return [{**row, "name": label([row[f"label_{n}"] for n in range(len(fields))])} for row in rows]


def backlog_ages(scope: Scope) -> list[dict[str, Any]]:
    """Open tickets now, by age."""
    now = timezone.now()
    aggregates = {}
    lower = None
    for key, upper in BACKLOG_BUCKETS:
        condition = Q(created_at__gt=now - upper)
        if lower is not None:
            condition &= Q(created_at__lte=now - lower)
        aggregates[key] = Count("id", filter=condition)
        lower = upper
    oldest = BACKLOG_BUCKETS[-1][1]  # the last bucket's upper bound
    aggregates["gt30d"] = Count("id", filter=Q(created_at__lte=now - oldest))
    row = scoped_tickets(scope).filter(status__in=workflow.OPEN_STATUSES).aggregate(**aggregates)
    return [{"bucket": key, "count": row[key]} for key in row]


def breaches_now(scope: Scope) -> dict[str, Any]:
    """Open tickets breached now, and those due within the next hour."""
    now = timezone.now()
    # A running timer is on an open ticket (sla.timers.desired_state): without a filter on
    # the tickets, no join.
    scope_filter = _scope_filter(scope, "ticket__")
    running = SLATimer.objects.filter(scope_filter, state=TimerState.RUNNING)
    if scope_filter:
        running = running.filter(ticket__status__in=workflow.OPEN_STATUSES)
    row = running.aggregate(
        breached=Count("ticket", distinct=True, filter=Q(due_at__lt=now)),
        near=Count(
            "ticket", distinct=True, filter=Q(due_at__gte=now, due_at__lte=now + NEAR_BREACH)
        ),
    )
    return {"breached": row["breached"], "near": row["near"]}


def ping_pong(scope: Scope, limit: int = 10) -> list[Ticket]:
    """The tickets opened in the period that moved between groups the most."""
    return list(
        scoped_tickets(scope)
        .filter(_in("created_at", scope), reassignment_count__gt=0)
        .select_related("assignment_group")
        .order_by("-reassignment_count", "-created_at")[:limit]
    )


def busiest_assets(scope: Scope, limit: int = 10) -> list[dict[str, Any]]:
    return Report(scope).busiest_assets(limit)


def by_channel(scope: Scope) -> list[dict[str, Any]]:
    return Report(scope).by_channel()


def busiest(
    scope: Scope, field: str, name_field: str, limit: int = 10, detail_field: str | None = None
) -> list[dict[str, Any]]:
    return Report(scope).busiest(field, name_field, limit, detail_field)


def _busiest_live(
    scope: Scope, field: str, name_field: str, limit: int, detail_field: str | None
) -> list[dict[str, Any]]:
    """`Report.busiest` from the tickets."""
    # Count per key alone (an index-only scan for configuration items), then name only the
    # keys that can make the list: those counting at least as many as the limit-th one
    # (asked again only when ties reach past the first few).
    counts = (
        scoped_tickets(scope)
        .filter(_in("created_at", scope), **{f"{field}__isnull": False})
        .values(key=F(field))
        .annotate(n=Count(field))
    )
    candidates = list(counts.order_by("-n").values_list("key", "n")[: limit * 5])
    if len(candidates) == limit * 5 and candidates[-1][1] == candidates[limit - 1][1]:
        candidates = list(counts.filter(n__gte=candidates[limit - 1][1]).values_list("key", "n"))
    elif len(candidates) >= limit:
        candidates = [c for c in candidates if c[1] >= candidates[limit - 1][1]]
    model = _model_of(field)
    fields = _label_fields(model, name_field.rsplit("__", 1)[1])
    columns = [*fields, *([detail_field] if detail_field else [])]
    names = {
        row[0]: (label(row[1 : 1 + len(fields)]), *row[1 + len(fields) :])
        for row in model._default_manager.filter(pk__in=[k for k, _n in candidates]).values_list(
            "pk", *columns
        )
    }
    rows = sorted(((n, names[k][0], k) for k, n in candidates), key=lambda r: (-r[0], r[1]))
    return [
        {"id": k, "name": name, "count": n, **({"detail": names[k][1]} if detail_field else {})}
        for n, name, k in rows[:limit]
    ]


def csat_figures(scope: Scope) -> dict[str, Any]:
    return Report(scope).csat()


def agent_load(scope: Scope) -> list[dict[str, Any]]:
    """Open tickets per agent (the live view)."""
    rows = (
        scoped_tickets(scope)
        .filter(status__in=workflow.OPEN_STATUSES, assignee__isnull=False)
        .values("assignee", "assignee__display_name", "assignee__username")
        .annotate(
            n=Count("id"),
            pending=Count("id", filter=Q(status=Status.PENDING)),
            p1=Count("id", filter=Q(priority__lte=2)),
        )
        .order_by("-n")[:30]
    )
    return [
        {
            "id": r["assignee"],
            "name": r["assignee__display_name"] or r["assignee__username"],
            "open": r["n"],
            "pending": r["pending"],
            "high": r["p1"],
        }
        for r in rows
    ]


def _running_timers(scope: Scope) -> QuerySet[SLATimer]:
    return SLATimer.objects.filter(
        _scope_filter(scope, "ticket__"),
        ticket__status__in=workflow.OPEN_STATUSES,
        state=TimerState.RUNNING,
    ).select_related("ticket", "ticket__assignee", "ticket__assignment_group")


def _one_per_ticket(timers: QuerySet[SLATimer], limit: int) -> list[SLATimer]:
    """The first of each ticket's timers in the queryset's order, at most `limit` tickets
    (a ticket may have both timers listed; the figures beside the lists count tickets)."""
    seen, rows = set(), []
    for timer in timers[: limit * 2]:
        if timer.ticket_id not in seen:
            seen.add(timer.ticket_id)
            rows.append(timer)
    return rows[:limit]


def breached_timers(scope: Scope, limit: int = 50) -> list[SLATimer]:
    """Open tickets past a due time, by their longest overdue running timer (first)."""
    overdue = _running_timers(scope).filter(due_at__lt=timezone.now())
    return _one_per_ticket(overdue.order_by("due_at", "ticket_id"), limit)


def breaching_within(scope: Scope, within: dt.timedelta, limit: int = 50) -> list[SLATimer]:
    """Open tickets with a running timer due within `within` (not yet past), soonest first."""
    now = timezone.now()
    soon = _running_timers(scope).filter(due_at__gte=now, due_at__lte=now + within)
    return _one_per_ticket(soon.order_by("due_at", "ticket_id"), limit)
