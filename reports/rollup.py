"""The daily roll-up: the dashboard and the summary over a year read a few hundred rows
instead of a million tickets (PostgreSQL; SQLite computes every figure from the tickets).

Exact, not a snapshot. Each past day of the desk's zone is built once, set-based
(`INSERT … SELECT … GROUP BY GROUPING SETS`), from the same definitions as reports.metrics;
triggers (migration 0001_rollup) write a `DirtyMark` for every change that touches a figure of
some day — a ticket reassigned, resolved, reopened, cancelled, a timer stopped or
breached, a survey answered — and that day is rebuilt before it is read again. Today (and
any later day) is always computed live. A beat task rebuilds dirty days every few
minutes, so a request seldom has to; whoever rebuilds holds an advisory lock.

A report uses the roll-up when its scope filters on at most one dimension (groups, or a
service, a customer unit, a priority) and, for a breakdown by a dimension, on no other
one; narrower combinations are computed live, from far fewer tickets.
"""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from common.i18n import pick_columns as label
from reports.models import Dim
from reports.scope import Scope

LOCK = 0x5E9D_0117  # pg_advisory_xact_lock key of the roll-up
DIMS = {"g": Dim.GROUP, "s": Dim.SERVICE, "u": Dim.UNIT, "p": Dim.PRIORITY}
MEASURES = [
    "opened",
    "resolved",
    "first_contact",
    "reassigned",
    "reopened",
    "response_decided",
    "response_met",
    "resolution_decided",
    "resolution_met",
    "response_seconds",
    "response_stopped",
    "resolution_seconds",
    "resolution_stopped",
    "csat_sum",
    "csat_responses",
    "rating_1",
    "rating_2",
    "rating_3",
    "rating_4",
    "rating_5",
    "promises_due",
    "promises_kept",
]
TICKET_DIMS = (
    "x.assignment_group_id AS g, ci.service_id AS s, x.customer_unit_id AS u, x.priority AS p"
)
WITH_SERVICE = "LEFT JOIN catalog_catalogitem ci ON ci.id = x.catalog_item_id"


FLOAT_MEASURES = {"response_seconds", "resolution_seconds"}


def _sum(measure: str) -> str:
    """The sum of a measure, as an integer (counts) or a float (seconds), 0 when none."""
    kind = "float8" if measure in FLOAT_MEASURES else "bigint"
    return f"COALESCE(sum({measure}), 0)::{kind} AS {measure}"


def _in(column: str) -> str:
    return f"{column} >= %(lo)s AND {column} < %(hi)s"


def _day(column: str) -> str:
    return f"({column} AT TIME ZONE %(zone)s)::date"


# Each source: (FROM … WHERE …, day column, {measure: SQL}). The same definitions as
# reports.metrics (its module docstring).
SOURCES = [
    (
        f"FROM incidents_ticket x {WITH_SERVICE} WHERE {_in('x.created_at')}",
        "x.created_at",
        {"opened": "1"},
    ),
    (
        f"FROM incidents_ticket x {WITH_SERVICE} WHERE {_in('x.resolved_at')}",
        "x.resolved_at",
        {
            "resolved": "1",
            "first_contact": "(x.reassignment_count = 0 AND x.reopen_count = 0)::int",
            "reassigned": "(x.reassignment_count > 0)::int",
            "reopened": "(x.reopen_count > 0)::int",
        },
    ),
    (  # timers decided by a breach in the period
        "FROM sla_slatimer m JOIN incidents_ticket x ON x.id = m.ticket_id "
        f"{WITH_SERVICE} WHERE {_in('m.breached_at')} AND x.status <> 'cancelled'",
        "m.breached_at",
        {
            "response_decided": "(m.kind = 'response')::int",
            "resolution_decided": "(m.kind = 'resolution')::int",
        },
    ),
    (  # timers stopped in the period: met when never breached; business time used
        "FROM sla_slatimer m JOIN incidents_ticket x ON x.id = m.ticket_id "
        f"{WITH_SERVICE} WHERE {_in('m.stopped_at')} AND m.state = 'stopped' "
        "AND x.status <> 'cancelled'",
        "m.stopped_at",
        {
            "response_decided": "(m.kind = 'response' AND m.breached_at IS NULL)::int",
            "response_met": "(m.kind = 'response' AND m.breached_at IS NULL)::int",
            "resolution_decided": "(m.kind = 'resolution' AND m.breached_at IS NULL)::int",
            "resolution_met": "(m.kind = 'resolution' AND m.breached_at IS NULL)::int",
            "response_seconds": "CASE WHEN m.kind = 'response' "
            "THEN extract(epoch FROM m.elapsed) ELSE 0 END",
            "response_stopped": "(m.kind = 'response')::int",
            "resolution_seconds": "CASE WHEN m.kind = 'resolution' "
            "THEN extract(epoch FROM m.elapsed) ELSE 0 END",
            "resolution_stopped": "(m.kind = 'resolution')::int",
        },
    ),
    (
        "FROM satisfaction_survey v JOIN incidents_ticket x ON x.id = v.ticket_id "
        f"{WITH_SERVICE} WHERE {_in('v.responded_at')} AND v.rating IS NOT NULL",
        "v.responded_at",
        {
            "csat_sum": "v.rating",
            "csat_responses": "1",
            **{f"rating_{r}": f"(v.rating = {r})::int" for r in range(1, 6)},
        },
    ),
    (
        f"FROM incidents_ticket x {WITH_SERVICE} WHERE {_in('x.promised_reply_at')}",
        "x.promised_reply_at",
        {
            "promises_due": "(x.promise_kept IS NOT NULL OR x.promised_reply_at < %(now)s)::int",
            "promises_kept": "(x.promise_kept IS TRUE)::int",
        },
    ),
]


def _core_sql() -> str:
    """Rows (day, dim, key, measures…) for the instants [lo, hi), every dimension."""
    branches = []
    for source, day_column, measures in SOURCES:
        columns = ", ".join(f"{measures.get(m, '0')} AS {m}" for m in MEASURES)
        branches.append(f"SELECT {_day(day_column)} AS day, {TICKET_DIMS}, {columns} {source}")
    sums = ", ".join(_sum(m) for m in MEASURES)
    # Per dimension, the tickets without a value (no group, no service…) have key -1.
    dim = " ".join(f"WHEN GROUPING({c}) = 0 THEN {d.value}" for c, d in DIMS.items())
    key = " ".join(f"WHEN GROUPING({c}) = 0 THEN COALESCE({c}, -1)" for c in DIMS)
    sets = ", ".join(["(day)", *(f"(day, {c})" for c in DIMS)])
    return (
        f"SELECT day, CASE {dim} ELSE 0 END AS dim, CASE {key} ELSE 0 END AS key, {sums} "
        f"FROM ({' UNION ALL '.join(branches)}) src "
        f"GROUP BY GROUPING SETS ({sets})"
    )


CORE_SQL = _core_sql()


def available() -> bool:
    return connection.vendor == "postgresql" and settings.REPORTS_ROLLUP


def scope_dim(scope: Scope) -> tuple[int, list[int]] | None:
    """The one dimension the scope filters on, with its keys; None when more than one."""
    filters: list[tuple[int, list[int]]] = []
    if scope.group_ids is not None:
        filters.append((Dim.GROUP, sorted(scope.group_ids)))
    if scope.service_id is not None:
        filters.append((Dim.SERVICE, [scope.service_id]))
    if scope.customer_unit_id is not None:
        filters.append((Dim.UNIT, [scope.customer_unit_id]))
    if scope.priority is not None:
        filters.append((Dim.PRIORITY, [scope.priority]))
    if len(filters) > 1:
        return None
    return filters[0] if filters else (Dim.ALL, [0])


def _usable_dim(scope: Scope) -> tuple[int, list[int]]:
    """`scope_dim` of a scope that `usable()` accepted."""
    chosen = scope_dim(scope)
    if chosen is None:
        raise ValueError("the rollup answers scopes filtered on one dimension at most")
    return chosen


def usable(scope: Scope, by: int | None = None) -> bool:
    if not available():
        return False
    chosen = scope_dim(scope)
    if chosen is None:
        return False
    return by is None or chosen[0] in (Dim.ALL, by)


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=_zone())


def _runs(days: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive days as (first, last) runs."""
    runs: list[list[dt.date]] = []
    for day in sorted(days):
        if runs and day - runs[-1][1] == dt.timedelta(days=1):
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(a, b) for a, b in runs]


def refresh(start: dt.date | None = None, end: dt.date | None = None) -> int:
    """Build the past days of [start, end] not built yet or marked dirty; returns how many
    days were built. Without bounds: every dirty day, and every unbuilt day since the
    first ticket."""
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    zone = settings.TIME_ZONE
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
        if start is None:
            cursor.execute("SELECT min(created_at) FROM incidents_ticket")
            first = cursor.fetchone()[0]
            start = timezone.localtime(first, _zone()).date() if first else today
        end = min(end or yesterday, yesterday)
        if start > end:
            start = end + dt.timedelta(days=1)  # nothing stored to build
        cursor.execute("SELECT id, (at AT TIME ZONE %s)::date FROM reports_dirtymark", [zone])
        marks = cursor.fetchall()
        dirty = {day for _id, day in marks if start <= day <= end}
        # Marks on days not stored yet (today, later, or never built) need no rebuild.
        done = [i for i, day in marks if start <= day <= end or day >= today]
        cursor.execute(
            "SELECT day FROM reports_rolledday WHERE day >= %s AND day <= %s AND zone = %s",
            [start, end, zone],
        )
        built = {row[0] for row in cursor.fetchall()}
        wanted = dirty | {
            start + dt.timedelta(days=n)
            for n in range((end - start).days + 1)
            if start + dt.timedelta(days=n) not in built
        }
        for first, last in _runs(list(wanted)):
            cursor.execute(
                "DELETE FROM reports_dailyfigure WHERE day >= %s AND day <= %s", [first, last]
            )
            cursor.execute(
                f"INSERT INTO reports_dailyfigure (day, dim, key, {', '.join(MEASURES)}) "
                f"SELECT * FROM ({CORE_SQL}) core",
                {
                    "lo": _start_of(first),
                    "hi": _start_of(last + dt.timedelta(days=1)),
                    "zone": zone,
                    "now": timezone.now(),
                },
            )
            cursor.execute(
                "INSERT INTO reports_rolledday (day, zone, built_at) "
                "SELECT d::date, %s, %s FROM generate_series(%s::date, %s::date, '1 day') d "
                "ON CONFLICT (day) DO UPDATE SET zone = EXCLUDED.zone, "
                "built_at = EXCLUDED.built_at",
                [zone, timezone.now(), first, last],
            )
        if done:
            cursor.execute("DELETE FROM reports_dirtymark WHERE id = ANY(%s)", [done])
    return len(wanted)


def _rows_sql(scope: Scope, dim: int, keys: list[int] | None, params: dict[str, Any]) -> str:
    """Stored rows of the past days of the scope, plus the live rows from today on."""
    today = timezone.localdate()
    stored_end = min(scope.end, today - dt.timedelta(days=1))
    key_filter = "" if keys is None else " AND key = ANY(%(keys)s)"
    params.update(
        {
            "start": scope.start,
            "stored_end": stored_end,
            "dim": dim,
            "keys": keys,
            "zone": settings.TIME_ZONE,
            "now": timezone.now(),
        }
    )
    columns = ", ".join(["day", "key", *MEASURES])
    parts = [
        f"SELECT {columns} FROM reports_dailyfigure WHERE dim = %(dim)s "
        f"AND day >= %(start)s AND day <= %(stored_end)s{key_filter}"
    ]
    if scope.end >= today:
        params["lo"] = max(scope.since, _start_of(today))
        params["hi"] = scope.until
        parts.append(f"SELECT {columns} FROM ({CORE_SQL}) live WHERE dim = %(dim)s{key_filter}")
    return " UNION ALL ".join(parts)


def _ensure(scope: Scope) -> None:
    """Rebuild the scope's past days first when one is dirty or not built (one query when
    none is, the usual case)."""
    today = timezone.localdate()
    if scope.start >= today:
        return
    end = min(scope.end, today - dt.timedelta(days=1))
    with connection.cursor() as cursor:
        # A mark is an hour in UTC: one starting up to an hour before the period may fall
        # in it (zones with a half-hour offset); refresh() decides exactly.
        cursor.execute(
            "SELECT (SELECT count(*) FROM reports_rolledday WHERE day >= %(a)s "
            "AND day <= %(b)s AND zone = %(zone)s), EXISTS (SELECT 1 FROM reports_dirtymark "
            "WHERE at >= %(lo)s AND at < %(hi)s)",
            {
                "a": scope.start,
                "b": end,
                "zone": settings.TIME_ZONE,
                "lo": _start_of(scope.start) - dt.timedelta(hours=1),
                "hi": _start_of(end + dt.timedelta(days=1)),
            },
        )
        built, dirty = cursor.fetchone()
    if dirty or built < (end - scope.start).days + 1:
        refresh(scope.start, end)


def totals(scope: Scope) -> dict[str, Any]:
    """The sums of every measure over the scope's period and filter."""
    dim, keys = _usable_dim(scope)
    _ensure(scope)
    params: dict[str, Any] = {}
    rows = _rows_sql(scope, dim, keys, params)
    sums = ", ".join(_sum(m) for m in MEASURES)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sums} FROM ({rows}) r", params)
        return dict(zip(MEASURES, cursor.fetchone(), strict=True))


def per_bucket(scope: Scope, unit: str, measures: list[str]) -> list[dict[str, Any]]:
    """Sums per day or week (weeks start on Monday), in order."""
    dim, keys = _usable_dim(scope)
    _ensure(scope)
    params: dict[str, Any] = {}
    rows = _rows_sql(scope, dim, keys, params)
    bucket = "day" if unit == "day" else "date_trunc('week', day)::date"
    sums = ", ".join(_sum(m) for m in measures)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {bucket} AS bucket, {sums} FROM ({rows}) r GROUP BY 1 ORDER BY 1", params
        )
        names = ["bucket", *measures]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def per_key(scope: Scope, by: int, measures: list[str]) -> list[dict[str, Any]]:
    """Sums per group, service, unit or priority (`key`; None for the
    tickets without one), for the keys the scope allows."""
    dim, keys = _usable_dim(scope)
    _ensure(scope)
    params: dict[str, Any] = {}
    rows = _rows_sql(scope, by, keys if dim == by else None, params)
    sums = ", ".join(_sum(m) for m in measures)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, {sums} FROM ({rows}) r GROUP BY key", params)
        names = ["key", *measures]
        return [
            {**dict(zip(names, row, strict=True)), "key": None if row[0] == -1 else row[0]}
            for row in cursor.fetchall()
        ]


def top(
    scope: Scope, by: int, table: str, columns: tuple[str, ...], limit: int
) -> list[dict[str, Any]]:
    """The keys of dimension `by` with the most tickets opened in the period (ties by
    name), labelled from `table`'s `columns` in the reader's language."""
    dim, keys = _usable_dim(scope)
    _ensure(scope)
    params: dict[str, Any] = {"limit": limit}
    rows = _rows_sql(scope, by, keys if dim == by else None, params)
    names = ", ".join(f"t.{c}" for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT r.key, r.n, {names} FROM (SELECT key, sum(opened) AS n FROM ({rows}) z "
            f"GROUP BY key HAVING sum(opened) > 0) r JOIN {table} t ON t.id = r.key "
            f"ORDER BY r.n DESC, t.{columns[0]} LIMIT %(limit)s",
            params,
        )
        return [{"id": k, "name": label(rest), "count": c} for k, c, *rest in cursor.fetchall()]
