"""The daily roll-up: the dashboard and the summary over a year read a few hundred rows
instead of a million tickets (PostgreSQL; SQLite computes every figure from the tickets).

Exact, not a snapshot. Each past day of the desk's zone is built once, set-based
(`INSERT … SELECT … GROUP BY GROUPING SETS`), from the same definitions as reports.metrics;
triggers (migration 0001_rollup) write a `DirtyMark` for every change that touches a figure of
some day — a ticket reassigned, resolved, reopened, cancelled, a timer stopped or
breached, a survey answered — and that day is rebuilt before it is read again. Today is
built the same way by the hour (`HourlyFigure`: the marks are hours already), so a read
computes live only the current hour (and any later day). A beat task rebuilds dirty days
and hours every few minutes, so a request seldom has to; whoever rebuilds holds an
advisory lock.

A report uses the roll-up when its scope filters on at most one dimension (groups, or a
service, a customer unit, a priority) and, for a breakdown by a dimension, on no other
one; narrower combinations are computed live, from far fewer tickets. A `Reader` reads one
scope at one moment: what is to be rebuilt is checked, and the current hour computed, in
one query, however many sums (totals, buckets, per key) the page reads. Days and hours are
the desk's (settings.TIME_ZONE), whatever zone the reader has chosen.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from common.i18n import pick_columns as label
from incidents.models import Channel
from reports.models import Dim
from reports.scope import Scope

LOCK = 0x5E9D_0117  # pg_advisory_xact_lock key of the roll-up
DIMS = {"g": Dim.GROUP, "s": Dim.SERVICE, "u": Dim.UNIT, "p": Dim.PRIORITY}
# Tickets opened per channel: the measure of each channel (reports.models.Sums).
CHANNEL_MEASURES = {channel: f"opened_{channel}" for channel in Channel.values}
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
    *CHANNEL_MEASURES.values(),
]
HOUR = dt.timedelta(hours=1)
ANALYZE_AFTER = 100  # days built at once, after which the table's statistics are renewed
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


def _hour(column: str) -> str:
    """The first instant of the hour of `column`, hours counted from %(origin)s (the start
    of a local day: zones with a half-hour offset too)."""
    return f"date_bin('1 hour', {column}, %(origin)s)"


# Each source: (FROM … WHERE …, day column, {measure: SQL}). The same definitions as
# reports.metrics (its module docstring).
SOURCES = [
    (
        f"FROM incidents_ticket x {WITH_SERVICE} WHERE {_in('x.created_at')}",
        "x.created_at",
        {
            "opened": "1",
            **{m: f"(x.channel = '{c}')::int" for c, m in CHANNEL_MEASURES.items()},
        },
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


def _core_sql(bucket: Callable[[str], str], name: str) -> str:
    """Rows (bucket, dim, key, measures…) for the instants [lo, hi), every dimension; the
    bucket (`name`) of an instant is `bucket(column)`."""
    branches = []
    for source, column, measures in SOURCES:
        columns = ", ".join(f"{measures.get(m, '0')} AS {m}" for m in MEASURES)
        branches.append(f"SELECT {bucket(column)} AS {name}, {TICKET_DIMS}, {columns} {source}")
    sums = ", ".join(_sum(m) for m in MEASURES)
    # Per dimension, the tickets without a value (no group, no service…) have key -1.
    dim = " ".join(f"WHEN GROUPING({c}) = 0 THEN {d.value}" for c, d in DIMS.items())
    key = " ".join(f"WHEN GROUPING({c}) = 0 THEN COALESCE({c}, -1)" for c in DIMS)
    sets = ", ".join([f"({name})", *(f"({name}, {c})" for c in DIMS)])
    return (
        f"SELECT {name}, CASE {dim} ELSE 0 END AS dim, CASE {key} ELSE 0 END AS key, {sums} "
        f"FROM ({' UNION ALL '.join(branches)}) src "
        f"GROUP BY GROUPING SETS ({sets})"
    )


CORE_SQL = _core_sql(_day, "day")  # per day of the desk's zone
HOURS_SQL = _core_sql(_hour, "hour")  # per hour from %(origin)s


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


def _today(now: dt.datetime) -> dt.date:
    """The desk's day (not the reader's: the roll-up's days are the desk's)."""
    return now.astimezone(_zone()).date()


def _passed_hours(now: dt.datetime) -> list[dt.datetime]:
    """The first instants of today's hours that have ended by `now` (counted from the start
    of the day)."""
    origin = _start_of(_today(now))
    return [origin + n * HOUR for n in range(int((now - origin) / HOUR))]


def _current_hour(now: dt.datetime) -> dt.datetime:
    """The first instant of the hour `now` is in: what comes from it on is computed live."""
    origin = _start_of(_today(now))
    return origin + int((now - origin) / HOUR) * HOUR


def _runs(items: list[Any], step: dt.timedelta) -> list[tuple[Any, Any]]:
    """Consecutive days (or hours) as (first, last) runs."""
    runs: list[list[Any]] = []
    for item in sorted(items):
        if runs and item - runs[-1][1] == step:
            runs[-1][1] = item
        else:
            runs.append([item, item])
    return [(a, b) for a, b in runs]


def _touches(at: dt.datetime, hour: dt.datetime) -> bool:
    """Whether a mark (an hour in UTC) overlaps one of the day's hours (two of them with a
    half-hour offset)."""
    return hour - HOUR < at < hour + HOUR


def refresh(
    start: dt.date | None = None, end: dt.date | None = None, now: dt.datetime | None = None
) -> int:
    """Build the past days of [start, end] not built yet or marked dirty, and today's hours
    that have passed, not built yet or marked dirty; returns how many days and hours were
    built. Without bounds: every dirty day, and every unbuilt day since the first ticket.
    `now`: the reader's clock, so that what it reads next is what was built."""
    now = now or timezone.now()
    today = _today(now)
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
        cursor.execute("SELECT id, at, (at AT TIME ZONE %s)::date FROM reports_dirtymark", [zone])
        marks = cursor.fetchall()
        built, hours_built = _stored(cursor, start, now)
        dirty = {day for _id, _at, day in marks if start <= day <= end}
        wanted = dirty | {
            start + dt.timedelta(days=n)
            for n in range((end - start).days + 1)
            if start + dt.timedelta(days=n) not in built
        }
        for first, last in _runs(list(wanted), dt.timedelta(days=1)):
            cursor.execute(
                "DELETE FROM reports_dailyfigure WHERE day >= %s AND day <= %s", [first, last]
            )
            cursor.execute(
                "WITH rolled AS (INSERT INTO reports_rolledday (day, zone, built_at) "
                "SELECT d::date, %(zone)s, %(now)s "
                "FROM generate_series(%(first)s::date, %(last)s::date, '1 day') d "
                "ON CONFLICT (day) DO UPDATE SET zone = EXCLUDED.zone, "
                "built_at = EXCLUDED.built_at) "
                f"INSERT INTO reports_dailyfigure (day, dim, key, {', '.join(MEASURES)}) "
                f"SELECT * FROM ({CORE_SQL}) core",
                {
                    "lo": _start_of(first),
                    "hi": _start_of(last + dt.timedelta(days=1)),
                    "first": first,
                    "last": last,
                    "zone": zone,
                    "now": now,
                },
            )
        if len(wanted) >= ANALYZE_AFTER:
            # The planner's figures of a table just filled (a first build, an upgrade):
            # without them a year of a dimension's rows is taken for a handful.
            cursor.execute("ANALYZE reports_dailyfigure")
        instants = {at for _id, at, _day in marks}  # many marks share an hour
        rebuilt = {
            h
            for h in _passed_hours(now)
            if h not in hours_built or any(_touches(at, h) for at in instants)
        }
        _build_hours(cursor, rebuilt, now)
        hours_built |= rebuilt

        def done(at: dt.datetime, day: dt.date) -> bool:
            """Whether a mark's changes are in what is stored now: its day was just built,
            or it falls on a day not stored (today, later) and every stored hour it
            touches was just built (another reader's clock may be an hour ahead)."""
            if start <= day <= end:
                return True
            if day < today or day in built:
                return False
            return all(h in rebuilt for h in hours_built if _touches(at, h))

        verdicts = {pair: done(*pair) for pair in {(at, day) for _id, at, day in marks}}
        used = [i for i, at, day in marks if verdicts[at, day]]
        if used:
            cursor.execute("DELETE FROM reports_dirtymark WHERE id = ANY(%s)", [used])
    return len(wanted) + len(rebuilt)


def _stored(cursor: Any, start: dt.date, now: dt.datetime) -> tuple[set[Any], set[Any]]:
    """The days from `start` on and the hours from today on that are built (one query),
    once the hours of the days before yesterday are dropped (yesterday's stay a while, for
    a reader whose clock is still there)."""
    origin = _start_of(_today(now))
    cursor.execute(
        "WITH old_rows AS (DELETE FROM reports_hourlyfigure WHERE hour < %(old)s), "
        "old_hours AS (DELETE FROM reports_rolledhour WHERE hour < %(old)s) "
        "SELECT day, NULL::timestamptz FROM reports_rolledday "
        "WHERE day >= %(start)s AND zone = %(zone)s "
        "UNION ALL SELECT NULL, hour FROM reports_rolledhour WHERE hour >= %(origin)s",
        {
            "old": origin - dt.timedelta(days=1),
            "start": start,
            "zone": settings.TIME_ZONE,
            "origin": origin,
        },
    )
    rows = cursor.fetchall()
    return {d for d, _h in rows if d is not None}, {h for _d, h in rows if h is not None}


def _build_hours(cursor: Any, hours: set[dt.datetime], now: dt.datetime) -> None:
    """Build these hours of today (`HOURS_SQL`), in runs of consecutive hours."""
    origin = _start_of(_today(now))
    for first, last in _runs(list(hours), HOUR):
        params = {
            "lo": first,
            "hi": last + HOUR,
            "last": last,
            "origin": origin,
            "zone": settings.TIME_ZONE,
            "now": now,
        }
        # The run's rows, and any another zone's hours left there (their instants differ).
        cursor.execute(
            "DELETE FROM reports_hourlyfigure WHERE hour >= %(lo)s AND hour < %(hi)s", params
        )
        cursor.execute(
            "WITH rolled AS (INSERT INTO reports_rolledhour (hour, built_at) "
            "SELECT h, %(now)s FROM generate_series(%(lo)s, %(last)s, '1 hour') h "
            "ON CONFLICT (hour) DO UPDATE SET built_at = EXCLUDED.built_at) "
            f"INSERT INTO reports_hourlyfigure (hour, dim, key, {', '.join(MEASURES)}) "
            f"SELECT * FROM ({HOURS_SQL}) core",
            params,
        )


def _rows_sql(
    scope: Scope,
    dim: int,
    keys: list[int] | None,
    measures: list[str],
    params: dict[str, Any],
    now: dt.datetime,
) -> str:
    """Stored rows (day, key, measures…) of the scope's past days and of today's passed
    hours; the live rows from the current hour on are the `live` parameter's (`_prepare`).
    Only the `measures` asked for: a year of a dimension's rows is tens of thousands."""
    today = _today(now)
    stored_end = min(scope.end, today - dt.timedelta(days=1))
    key_filter = "" if keys is None else " AND key = ANY(%(keys)s)"
    params.update(
        {
            "start": scope.start,
            "stored_end": stored_end,
            "dim": dim,
            "keys": keys,
            "today": today,
            "origin": _start_of(today),
            "current": _current_hour(now),
        }
    )
    columns = ", ".join(["key", *measures])
    parts = [
        f"SELECT day, {columns} FROM reports_dailyfigure WHERE dim = %(dim)s "
        f"AND day >= %(start)s AND day <= %(stored_end)s{key_filter}"
    ]
    if scope.start <= today <= scope.end:
        parts.append(
            f"SELECT %(today)s::date AS day, {columns} FROM reports_hourlyfigure "
            f"WHERE dim = %(dim)s AND hour >= %(origin)s AND hour < %(current)s{key_filter}"
        )
    if "live" in params:
        types = ", ".join(f"{m} {'float8' if m in FLOAT_MEASURES else 'bigint'}" for m in measures)
        parts.append(
            f"SELECT day, {columns} FROM jsonb_to_recordset(%(live)s::jsonb) "
            f"AS live(day date, dim smallint, key bigint, {types}) "
            f"WHERE dim = %(dim)s{key_filter}"
        )
    return " UNION ALL ".join(parts)


def _prepare(scope: Scope, now: dt.datetime) -> str | None:
    """Rebuild the scope's past days and today's passed hours first when one is dirty or not
    built, and compute the live rows (day, dim, key, measures…) of every dimension from the
    current hour to the end of the scope (`CORE_SQL`), as JSON; None when the scope ends
    before today. One query when nothing is to be rebuilt, the usual case."""
    today = _today(now)
    end = min(scope.end, today - dt.timedelta(days=1))
    hours = _passed_hours(now) if scope.start <= today <= scope.end else []
    columns = []
    if scope.start <= end or hours:
        # A mark is an hour in UTC: one starting up to an hour before the period may fall
        # in it (zones with a half-hour offset); refresh() decides exactly.
        columns += [
            "(SELECT count(*) FROM reports_rolledday WHERE day >= %(start)s "
            "AND day <= %(end)s AND zone = %(zone)s)",
            "(SELECT count(*) FROM reports_rolledhour WHERE hour = ANY(%(hours)s))",
            "EXISTS (SELECT 1 FROM reports_dirtymark WHERE at >= %(marks_from)s "
            "AND at < %(marks_until)s)",
        ]
    if scope.end >= today:
        columns.append(f"(SELECT COALESCE(jsonb_agg(live), '[]') FROM ({CORE_SQL}) live)")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)}",
            {
                "start": scope.start,
                "end": end,
                "zone": settings.TIME_ZONE,
                "hours": hours,
                "marks_from": _start_of(scope.start) - HOUR,
                "marks_until": _current_hour(now) if hours else _start_of(end + dt.timedelta(1)),
                "lo": max(scope.since, _current_hour(now)),
                "hi": scope.until,
                "now": now,
            },
        )
        row = cursor.fetchone()
    if len(row) > 1:
        built, built_hours, dirty = row[:3]
        days = max((end - scope.start).days + 1, 0)
        if dirty or built < days or built_hours < len(hours):
            refresh(scope.start, end, now)
    return str(row[-1]) if scope.end >= today else None


class Reader:
    """Sums of one scope (filtered on one dimension at most: `usable`) read at one moment:
    its past days and today's hours are built first and the live rows, from the current
    hour on, computed once, however many sums are read."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.dim, self.keys = _usable_dim(scope)
        self.now = timezone.now()
        self._prepared = False
        self._live: str | None = None

    def _rows(
        self, dim: int, keys: list[int] | None, measures: list[str], params: dict[str, Any]
    ) -> str:
        """The rows of dimension `dim` (of `keys`, or all) with these `measures`, as a
        subquery and its `params`."""
        if not self._prepared:
            self._live = _prepare(self.scope, self.now)
            self._prepared = True
        if self._live is not None:
            params["live"] = self._live
        return _rows_sql(self.scope, dim, keys, measures, params, self.now)

    def totals(self) -> dict[str, Any]:
        """The sums of every measure over the scope's period and filter."""
        params: dict[str, Any] = {}
        rows = self._rows(self.dim, self.keys, MEASURES, params)
        sums = ", ".join(_sum(m) for m in MEASURES)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {sums} FROM ({rows}) r", params)
            return dict(zip(MEASURES, cursor.fetchone(), strict=True))

    def per_bucket(self, unit: str, measures: list[str]) -> list[dict[str, Any]]:
        """Sums per day or week (weeks start on Monday), in order."""
        params: dict[str, Any] = {}
        rows = self._rows(self.dim, self.keys, measures, params)
        bucket = "day" if unit == "day" else "date_trunc('week', day)::date"
        sums = ", ".join(_sum(m) for m in measures)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {bucket} AS bucket, {sums} FROM ({rows}) r GROUP BY 1 ORDER BY 1",
                params,
            )
            names = ["bucket", *measures]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def per_key(self, by: int, measures: list[str]) -> list[dict[str, Any]]:
        """Sums per group, service, unit or priority (`key`; None for the tickets without
        one), for the keys the scope allows."""
        params: dict[str, Any] = {}
        rows = self._rows(by, self.keys if self.dim == by else None, measures, params)
        sums = ", ".join(_sum(m) for m in measures)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT key, {sums} FROM ({rows}) r GROUP BY key", params)
            names = ["key", *measures]
            return [
                {**dict(zip(names, row, strict=True)), "key": None if row[0] == -1 else row[0]}
                for row in cursor.fetchall()
            ]

    def top(
        self, by: int, table: str, columns: tuple[str, ...], limit: int
    ) -> list[dict[str, Any]]:
        """The keys of dimension `by` with the most tickets opened in the period (ties by
        name), labelled from `table`'s `columns` in the reader's language."""
        params: dict[str, Any] = {"limit": limit}
        rows = self._rows(by, self.keys if self.dim == by else None, ["opened"], params)
        names = ", ".join(f"t.{c}" for c in columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT r.key, r.n, {names} FROM (SELECT key, sum(opened) AS n FROM ({rows}) z "
                f"GROUP BY key HAVING sum(opened) > 0) r JOIN {table} t ON t.id = r.key "
                f"ORDER BY r.n DESC, t.{columns[0]} LIMIT %(limit)s",
                params,
            )
            return [{"id": k, "name": label(rest), "count": c} for k, c, *rest in cursor.fetchall()]
