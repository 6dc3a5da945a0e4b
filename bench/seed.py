"""Data seeder of the scale benchmark: `python -m bench.seed [--tickets N …] [--force]`.

Against the PostgreSQL database in DATABASE_URL (anything else is refused), migrates, empties
the product tables (TRUNCATE … RESTART IDENTITY CASCADE) and seeds, in one transaction, with
set-based SQL (a few minutes for the default sizes on 2 cores):

- 20,000 users: ~18,800 requesters over ~60 customer units, ~1,000 agents, ~150 managers,
  a few admins, all with one precomputed password hash; 200 support groups of 4-10 agents
  and a manager each;
- the catalog (6 categories, 40 services, 150 items), two calendars (Shanghai office hours
  with the official holidays, 7×24) and SLA policies per priority and for three services;
- 100,000 configuration items with valid unique tags (`assets.tags`) in buildings and rooms,
  owners and ~150,000 relations;
- 1,000,000 tickets over the last three years: incidents and requests, every channel,
  priorities 1-5 skewed low. Old tickets are closed or resolved (3 % cancelled); the open
  backlog is recent and sized so that ~100,000 SLA timers run. Each ticket has its response
  and resolution timers in the state its status asks for (`sla.timers.desired_state`), with
  segments, elapsed business time, due and warning instants, and ~8 % breaches; ~2.6
  comments (public replies, internal notes, the first agent reply at `first_response_at`)
  and ~5 history rows (created, assignment, each status transition; comment, SLA and
  survey events are not written); surveys for ~25 % of the resolved ones, ratings skewed
  to 4-5, follow-ups for the low ones.
- fixed logins, password `bench-2026`: `bench-admin`, `bench-manager` (manages 5 groups),
  `bench-agent` (member of 3 groups, ~40 open tickets of its own and many closed ones),
  `bench-requester` (~60 tickets, a few open).

Safety and re-runs: the table `bench_seed` (not a product table) records the parameters and
the facts of the seed, written in the same transaction as the data, so it exists only for a
complete seed. The seeder refuses to empty a database that holds tickets but no such record,
unless `--force`; when the record holds the same parameters it seeds nothing and returns the
recorded facts with `skipped: true` (a rerun of the runner costs seconds). Outside a
transaction the big tables are vacuumed (frozen) after the commit, so that neither the first
reads nor autovacuum rewrite them during a measurement. The password hash is made by the
settings' hasher (settings_test: MD5): seed with the settings the server runs with, or rerun,
which re-hashes when the hasher changed.

`seed()` returns the facts the runner needs (`Seeder.facts`): the logins and password, ~200
`ticket_page_ids` (every status, all with comments), `transition_ticket_ids`, `group_ids`,
`asset_ids`, a `catalog_item_id` and a `create_ticket_body` for `POST /api/v1/tickets/`,
`search_words` (common and rare, Chinese and English, with how many tickets match), the row
`counts`, the `steps` and `seconds`. Transitions: the `transition_ticket_ids` are tickets of
bench-agent's groups, `assigned` when seeded; `start` takes one to `in_progress` once, then
`pend` (body `pend_body`) and `resume` cycle it between `in_progress` and `pending` forever
(`transition_cycle` maps each status to its safe next action, so a rerun continues wherever the
last one stopped). `assign`, `resolve`, `reopen`, `close` and `cancel` are not safe to repeat.
"""

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any, TypedDict

from bench import seed_org, seed_tickets
from bench import seed_words as words
from bench.seed_org import (
    AGENT_GROUPS,
    BENCH_ADMIN,
    BENCH_AGENT,
    BENCH_MANAGER,
    BENCH_REQUESTER,
    LOGINS,
    MANAGER_GROUPS,
    MONITOR,
    PASSWORD,
    YEARS,
)

SEED_VERSION = 1
# The organisation's shape, from the number of users asked for.
USERS_PER_UNIT = 330
MIN_UNITS = 3
MANAGER_SHARE, MIN_MANAGERS = 0.0075, 2
AGENT_SHARE, MIN_AGENTS = 0.05, 11
ADMINS = 4
# End-user devices among the configuration items (one per requester, in id order).
OWNED_ASSET_SHARE = 0.6
# The tickets' shape.
AGENT_OPEN_TICKETS = 40
BENCH_REQUESTER_TICKETS = 60  # every (tickets / 60)-th ticket is bench-requester's
RARE_WORD_TICKETS = 40  # a rare search word in 1 of (tickets / 40) tickets …
RARE_WORD_MIN_EVERY = 100  # … and never more often than 1 in 100
BREACH_SHARE = 0.08
SURVEY_SHARE = 0.25
# The facts for the runner: ~200 ticket pages over every status, 200 ids of each kind.
TICKET_PAGE_QUOTAS = {
    "closed": 110,
    "resolved": 15,
    "in_progress": 25,
    "pending": 20,
    "assigned": 15,
    "new": 5,
    "cancelled": 10,
}
TICKET_PAGE_SPREAD = 5000  # the pages are picked among 1 in (tickets / 5000) tickets
FACT_IDS = 200
OTHER_GROUPS = (10, 20)  # groups neither bench-agent nor bench-manager is in (first, last)
# The self-check: this many timers, spread over the tickets by a prime stride.
CHECK_SAMPLE = 60
CHECK_STRIDE = 7919
MARKER_TABLE = "bench_seed"
# Big tables: secondary indexes and foreign keys are dropped for the load and rebuilt.
BIG_TABLES = [
    "assets_asset",
    "assets_assetrelation",
    "incidents_ticket",
    "incidents_comment",
    "incidents_ticketevent",
    "sla_slatimer",
    "satisfaction_survey",
]
# Reference data that migrations create and the seed keeps.
KEPT_MODELS = {"incidents.resolutioncode", "catalog.admissioncriterion"}
# The apps whose tables the seed empties: the product's (itsm.urls) and the outbox.
OTHER_APPS = ["notifications"]


def _product_apps() -> list[str]:
    """The apps whose tables the seed empties and whose sequences it resets."""
    from itsm.urls import PRODUCT_APPS

    return [*PRODUCT_APPS, *OTHER_APPS]


TRANSITION_CYCLE = {"assigned": "start", "in_progress": "pend", "pending": "resume"}
PEND_BODY = {"reason": "Awaiting the customer / 等待用户回复"}


class SeedRefused(Exception):
    """The database is not one the seeder may (re)seed."""


def seed(
    *,
    tickets: int = 1_000_000,
    assets: int = 100_000,
    groups: int = 200,
    users: int = 20_000,
    running_timers: int = 100_000,
    force: bool = False,
    out: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Seed the database (Django set up, PostgreSQL); return the facts for the runner."""
    from django.core.management import call_command
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        raise SeedRefused(
            f"The benchmark seeds PostgreSQL only; this database is {connection.vendor}. "
            "Set DATABASE_URL to a scratch PostgreSQL database."
        )
    params = _check_params(
        tickets=tickets,
        assets=assets,
        groups=groups,
        users=users,
        running_timers=running_timers,
    )
    began = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        marker = _read_marker(cursor)
        if marker is not None and marker["params"] == params and not force:
            _ensure_password(cursor)
            out(f"seed: {connection.settings_dict['NAME']} already holds this seed, skipped")
            return {**marker["facts"], "skipped": True}
        cursor.execute("SELECT EXISTS (SELECT 1 FROM incidents_ticket)")
        if cursor.fetchone()[0] and marker is None and not force:
            raise SeedRefused(
                f"{connection.settings_dict['NAME']} holds tickets that this benchmark did not "
                "seed; use force=True (--force) to empty it anyway."
            )
    steps: dict[str, float] = {}
    outer = connection.in_atomic_block
    with transaction.atomic():
        seeder = Seeder(connection, params, steps, out)
        seeder.run()
        with seeder.step("facts"):
            facts = seeder.facts()
        facts["steps"] = steps
        facts["seconds"] = round(time.perf_counter() - began, 1)
        with connection.cursor() as cursor:
            _write_marker(cursor, params, facts)
    if not outer:
        # Outside a transaction only: set hint bits and the visibility map now, so that
        # neither the first reads nor autovacuum do it in the middle of a measurement.
        with seeder.step("vacuum"), connection.cursor() as cursor:
            cursor.execute(f"VACUUM (FREEZE) {', '.join(BIG_TABLES)}, accounts_user")
        facts["seconds"] = round(time.perf_counter() - began, 1)
        with connection.cursor() as cursor:
            _write_marker(cursor, params, facts)
    out(f"seed: done in {facts['seconds']:.1f} s")
    return {**facts, "skipped": False}


def _check_params(**params: int) -> dict[str, int]:
    """The sizes, refused when the seed cannot honour them; with the seed's version."""
    if params["groups"] < max(AGENT_GROUPS + MANAGER_GROUPS) or params["groups"] > 999:
        raise ValueError("groups must be between 5 and 999")
    if params["users"] < 200:
        raise ValueError("at least 200 users")
    if params["tickets"] < 1000 or params["assets"] < 100:
        raise ValueError("at least 1,000 tickets and 100 assets")
    if not 0 < params["running_timers"] <= params["tickets"]:
        raise ValueError("running_timers must be between 1 and the number of tickets")
    return {**params, "version": SEED_VERSION}


def _read_marker(cursor: Any) -> dict[str, Any] | None:
    """The parameters and facts of the seed this database holds, if it holds a whole one."""
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [MARKER_TABLE])
    if not cursor.fetchone()[0]:
        return None
    cursor.execute(f"SELECT params, facts FROM {MARKER_TABLE} WHERE id = 1")
    row = cursor.fetchone()
    if row is None:
        return None
    params, facts = (json.loads(v) if isinstance(v, str) else v for v in row)
    return {"params": params, "facts": facts}


def _write_marker(cursor: Any, params: dict[str, int], facts: dict[str, Any]) -> None:
    """Record the seed in the same transaction as its data (see "Safety and re-runs")."""
    cursor.execute(
        f"""CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (
            id integer PRIMARY KEY, params jsonb NOT NULL, facts jsonb NOT NULL,
            seeded_at timestamptz NOT NULL)"""
    )
    cursor.execute(f"DELETE FROM {MARKER_TABLE}")
    cursor.execute(
        f"INSERT INTO {MARKER_TABLE} VALUES (1, %s, %s, now())",
        [json.dumps(params), json.dumps(facts, ensure_ascii=False)],
    )


def _ensure_password(cursor: Any) -> None:
    """The hash follows the settings' hasher: re-hash once if the seed used another one."""
    from django.contrib.auth.hashers import check_password, make_password

    cursor.execute("SELECT password FROM accounts_user WHERE username = %s", [LOGINS["admin"]])
    row = cursor.fetchone()
    if row is not None and not check_password(PASSWORD, row[0]):
        cursor.execute("UPDATE accounts_user SET password = %s", [make_password(PASSWORD)])


class Seeder:
    """The steps of one seed, sharing the cursor, the sizes and the ids they create.

    `bench.seed_org` and `bench.seed_tickets` hold most steps; each takes the seeder and
    writes through `sql()`, which counts the rows per table for the facts. The attributes
    below the sizes are filled by the steps that create those rows, in `STEPS` order.
    """

    def __init__(
        self,
        connection: Any,
        params: dict[str, int],
        steps: dict[str, float],
        out: Callable[[str], None],
    ) -> None:
        self.connection = connection
        self.p = params
        self.steps = steps
        self.out = out
        self.counts: dict[str, int] = {}
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.now_e = int(self.now.timestamp())
        self.start_e = self.now_e - YEARS * 365 * 86_400
        # The day the organisation's records begin (units, people, groups, buildings).
        self.founded = self.now - dt.timedelta(days=YEARS * 366)
        self._plan_sizes()
        # Filled by the steps: the CMDB's rooms, the catalog, the service levels, tickets.
        self.n_rooms = 0
        self.items: list[Any] = []
        self.services: list[Any] = []
        self.calendars: dict[str, int] = {}
        self.policies: dict[int | None, Any] = {}
        self.service_policies: dict[int | None, Any] = {}
        self.tp: dict[str, Any] = {}
        self.rebuild: list[str] = []

    def _plan_sizes(self) -> None:
        """How many of each role and unit, and the id blocks of each role."""
        p = self.p
        self.n_units = max(MIN_UNITS, round(p["users"] / USERS_PER_UNIT))
        self.n_managers = max(MIN_MANAGERS, round(p["users"] * MANAGER_SHARE))
        self.n_agents = max(MIN_AGENTS, round(p["users"] * AGENT_SHARE))
        self.n_admins = ADMINS
        # Ids: 1-5 the fixed users, then admins, managers, agents and requesters in blocks.
        first = MONITOR + 1
        self.admin_ids = [BENCH_ADMIN, *range(first, first + self.n_admins - 1)]
        first += self.n_admins - 1
        self.manager_ids = [BENCH_MANAGER, *range(first, first + self.n_managers - 1)]
        first += self.n_managers - 1
        self.agent_ids = [BENCH_AGENT, *range(first, first + self.n_agents - 1)]
        first += self.n_agents - 1
        self.owner_ids = [BENCH_REQUESTER, *range(first, p["users"] + 1)]
        self.n_owned = max(1, round(p["assets"] * OWNED_ASSET_SHARE))

    # --- the run -------------------------------------------------------------------------

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time one named step (the facts' `steps`, the runner's log)."""
        began = time.perf_counter()
        yield
        seconds = time.perf_counter() - began
        self.steps[name] = round(seconds, 2)
        self.out(f"seed: {name:<28} {seconds:6.1f} s")

    def sql(self, statement: str, params: Any = None, count: str | None = None) -> int:
        """Run one statement; with `count`, add its rows to that table's count."""
        with self.connection.cursor() as cursor:
            cursor.execute(statement, params)
            if count:
                self.counts[count] = self.counts.get(count, 0) + cursor.rowcount
            return int(cursor.rowcount)

    def run(self) -> None:
        """Every step in order, each timed under its name."""
        for name, work in self.named_steps():
            with self.step(name):
                for do in work:
                    do()

    def named_steps(self) -> list[tuple[str, list[Callable[[], object]]]]:
        """The seed as named steps, each a list of calls; the names are the facts' `steps`."""
        return [
            ("truncate", [self._session, self._truncate, self._install_sql, self._drop_keys]),
            (
                "organisation and users",
                [
                    lambda: seed_org.organisation(self),
                    lambda: seed_org.users(self),
                    lambda: seed_org.groups(self),
                ],
            ),
            ("cmdb", [lambda: seed_org.cmdb(self)]),
            (
                "catalog and sla",
                [lambda: seed_org.catalog(self), lambda: seed_org.service_levels(self)],
            ),
            ("tickets: plan", [self._plan_tickets]),
            ("tickets", [self._tickets]),
            ("sla timers", [lambda: self._insert(seed_tickets.TIMERS_SQL, "sla_slatimer")]),
            ("comments", [lambda: self._insert(seed_tickets.COMMENTS_SQL, "incidents_comment")]),
            ("history", [lambda: self._insert(seed_tickets.EVENTS_SQL, "incidents_ticketevent")]),
            (
                "surveys",
                [
                    lambda: self._insert(seed_tickets.SURVEYS_SQL, "satisfaction_survey"),
                    lambda: self._insert(seed_tickets.FOLLOW_UPS_SQL, "satisfaction_followup"),
                ],
            ),
            ("indexes and keys", [self._rebuild_keys, self._reset_sequences]),
            ("analyze", [lambda: self.sql("ANALYZE")]),
            ("check", [self._check]),
        ]

    def _install_sql(self) -> None:
        """The session's SQL helpers: `u(id, k)`, `pick`, `iso` (bench.seed_tickets)."""
        with self.connection.cursor() as cursor:
            seed_tickets.install_random(cursor)

    def _drop_keys(self) -> None:
        """Drop the big tables' secondary indexes and foreign keys for the load."""
        self.rebuild = self._drop_secondary()

    def _rebuild_keys(self) -> None:
        """Rebuild what `_drop_keys` dropped, now that the rows are in."""
        for statement in self.rebuild:
            self.sql(statement)

    def _insert(self, statement: str, table: str) -> None:
        """One of bench.seed_tickets' set-based inserts over the staged tickets."""
        self.sql(statement, self.tp, count=table)

    def _session(self) -> None:
        """Settings for one big transaction: no synchronous commit, no JIT, more memory."""
        from django.db import DatabaseError, transaction

        for setting in (
            "synchronous_commit = off",
            # The statements are large and run once: compiling them (JIT) costs far more.
            "jit = off",
            "work_mem = '256MB'",
            "maintenance_work_mem = '512MB'",
            "TimeZone = 'UTC'",
            "DateStyle = 'ISO, MDY'",
        ):
            self.sql(f"SET LOCAL {setting}")
        # Only before the session's first temporary table: a later call keeps its buffers.
        with contextlib.suppress(DatabaseError), transaction.atomic():
            self.sql("SET LOCAL temp_buffers = '256MB'")

    def _truncate(self) -> None:
        """Empty the product tables, then put back the reference data migrations made."""
        from django.apps import apps

        tables = {"django_session", "django_admin_log", "authtoken_token"}
        for label in _product_apps():
            for model in apps.get_app_config(label).get_models(include_auto_created=True):
                if model._meta.label_lower not in KEPT_MODELS:
                    tables.add(model._meta.db_table)
        # Checks still deferred in this transaction would block the TRUNCATE: run them now.
        self.sql("SET CONSTRAINTS ALL IMMEDIATE")
        self.sql(f"TRUNCATE {', '.join(sorted(tables))} RESTART IDENTITY CASCADE")
        self.sql("SET CONSTRAINTS ALL DEFERRED")
        from catalog.defaults import ensure_admission_criteria
        from catalog.models import AdmissionCriterion
        from incidents.defaults import ensure_resolution_codes
        from incidents.models import ResolutionCode

        ensure_resolution_codes(ResolutionCode)
        ensure_admission_criteria(AdmissionCriterion)

    def _drop_secondary(self) -> list[str]:
        """Drop the big tables' non-unique indexes and foreign keys; return how to rebuild
        them (faster than maintaining them row by row, and the keys are still checked).
        An index keeps the statistics target its migration set on its columns."""
        rebuild_indexes, rebuild_keys = [], []
        with self.connection.cursor() as cursor:
            for table in BIG_TABLES:
                cursor.execute(
                    "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
                    "WHERE indrelid = %s::regclass AND NOT indisunique AND NOT indisprimary",
                    [table],
                )
                for name, definition in cursor.fetchall():
                    cursor.execute(
                        "SELECT attnum, attstattarget FROM pg_attribute "
                        "WHERE attrelid = %s::regclass AND attstattarget > 0 ORDER BY attnum",
                        [name],
                    )
                    statistics = [
                        f"ALTER INDEX {name} ALTER COLUMN {column} SET STATISTICS {target}"
                        for column, target in cursor.fetchall()
                    ]
                    cursor.execute(f"DROP INDEX {name}")
                    rebuild_indexes += [definition, *statistics]
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'f'",
                    [table],
                )
                for name, definition in cursor.fetchall():
                    cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                    rebuild_keys.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        return rebuild_indexes + rebuild_keys

    def _reset_sequences(self) -> None:
        """Each table's id sequence continues after the ids the seed wrote itself."""
        from django.apps import apps
        from django.core.management.color import no_style

        models = [
            model
            for label in _product_apps()
            for model in apps.get_app_config(label).get_models(include_auto_created=True)
        ]
        for statement in self.connection.ops.sequence_reset_sql(no_style(), models):
            self.sql(statement)

    # --- tickets -------------------------------------------------------------------------

    def _plan_tickets(self) -> None:
        """Stage every ticket's life in `bench_t` (bench.seed_tickets), with the parameters
        its SQL reads: sizes, the priority matrix, items and their policies, people."""
        from django.conf import settings

        from incidents.services.common import matrix

        n = self.p["tickets"]
        span = self.now_e - self.start_e
        open_tickets = self.p["running_timers"] / seed_tickets.RUNNING_PER_OPEN
        tau = seed_tickets.open_share(n, open_tickets, span)
        prio = [self.policies[p] for p in range(1, 6)]

        def per_item(attr: Callable[[Any], object]) -> list[object]:
            """`attr` of each item's service policy (None for items without one)."""
            values: list[object] = []
            for item in self.items:
                policy = self.service_policies.get(item.service_id)
                values.append(attr(policy) if policy else None)
            return values

        table = matrix()
        self.tp = seed_tickets.ticket_params(
            {
                "n": n,
                "now": self.now_e,
                "now_ts": self.now,
                "start": self.start_e,
                "step": span / n,
                "tau": tau,
                "req_step": max(1, n // BENCH_REQUESTER_TICKETS),
                "req_phase": max(1, n // BENCH_REQUESTER_TICKETS) // 2,
                "mix_new": seed_tickets.OPEN_MIX[0][1],
                "mix_assigned": seed_tickets.OPEN_MIX[1][1],
                "mix_in_progress": seed_tickets.OPEN_MIX[2][1],
                "matrix": [table[(i, u)] for i in (1, 2, 3) for u in (1, 2, 3)],
                "n_items": len(self.items),
                "item_ids": [item.pk for item in self.items],
                "item_incident": [item.kind == "incident" for item in self.items],
                "item_group": [item.assignment_group_id for item in self.items],
                "item_en": [item.name for item in self.items],
                "item_zh": [item.name_zh for item in self.items],
                "item_pol": per_item(lambda p: p.pk),
                "item_pol_resp": per_item(lambda p: p.response_minutes * 60),
                "item_pol_res": per_item(lambda p: p.resolution_minutes * 60),
                "item_pol_office": per_item(lambda p: p.calendar_id == self.calendars["office"]),
                "pol": [p.pk for p in prio],
                "pol_resp": [p.response_minutes * 60 for p in prio],
                "pol_res": [p.resolution_minutes * 60 for p in prio],
                "pol_office": [p.calendar_id == self.calendars["office"] for p in prio],
                "owners": self.owner_ids,
                "n_owners": len(self.owner_ids),
                "n_owned": self.n_owned,
                "n_assets": self.p["assets"],
                "monitor": MONITOR,
                "groups": self.p["groups"],
                "agents": self.agent_ids,
                "n_agents": len(self.agent_ids),
                "breach": BREACH_SHARE,
                "warn_pct": seed_tickets.WARN_PERCENT,
                "office_cal": self.calendars["office"],
                "always_cal": self.calendars["24x7"],
                "rare_every": max(RARE_WORD_MIN_EVERY, n // RARE_WORD_TICKETS),
                "survey_share": SURVEY_SHARE,
                "delay_minutes": settings.SURVEY_DELAY_MINUTES,
                "expiry_days": settings.SURVEY_EXPIRY_DAYS,
                "reminder_days": settings.SURVEY_REMINDER_DAYS,
            }
        )
        self.sql(seed_tickets.STAGE_SQL, self.tp)
        self.sql(seed_tickets.TIMELINE_SQL, self.tp)
        self.sql("CREATE UNIQUE INDEX ON bench_t (id)")
        # bench-agent keeps ~40 open tickets; the rest of its open share goes to colleagues.
        self.sql(
            """
            UPDATE bench_t AS t
            SET assignee_id = m.others[1 + mod(t.id, cardinality(m.others))::int]
            FROM (SELECT supportgroup_id AS gid,
                         array_agg(user_id) FILTER (WHERE user_id <> %(agent)s) AS others
                  FROM accounts_supportgroup_members GROUP BY supportgroup_id) AS m
            WHERE m.gid = t.group_id AND t.id IN (
                SELECT id FROM bench_t WHERE assignee_id = %(agent)s
                AND status IN ('new', 'assigned', 'in_progress', 'pending')
                ORDER BY pg_temp.u(id, 99) OFFSET %(keep)s)
            """,
            {"agent": BENCH_AGENT, "keep": AGENT_OPEN_TICKETS},
        )
        self.sql("ANALYZE bench_t")

    def _tickets(self) -> None:
        """The tickets themselves, from the staged plan."""
        self.sql(seed_tickets.TICKETS_SQL, self.tp, count="incidents_ticket")

    # --- checks and facts ------------------------------------------------------------------

    def _check(self) -> None:
        """Recompute a sample of timers with sla.timers.project: the SQL must agree."""
        from sla.models import SLATimer
        from sla.timers import project

        sample = list(
            SLATimer.objects.select_related("calendar")
            .filter(
                ticket_id__in=[
                    1 + (k * CHECK_STRIDE) % self.p["tickets"] for k in range(CHECK_SAMPLE)
                ]
            )
            .order_by("pk")
        )
        for timer in sample:
            stored = (timer.elapsed, timer.due_at, timer.warn_at)
            project(timer)
            if stored != (timer.elapsed, timer.due_at, timer.warn_at):
                raise AssertionError(
                    f"timer {timer.pk} ({timer.state}) disagrees with sla.timers.project: "
                    f"stored {stored}, computed {(timer.elapsed, timer.due_at, timer.warn_at)}"
                )

    def facts(self) -> dict[str, Any]:
        """What the runner needs to know of this seed (see the module's docstring)."""

        def ids(statement: str, params: Any = None) -> list[Any]:
            with self.connection.cursor() as cursor:
                cursor.execute(statement, params)
                return [row[0] for row in cursor.fetchall()]

        ticket_page = ids(
            """
            SELECT id FROM (
                SELECT t.id, t.status,
                    row_number() OVER (PARTITION BY t.status ORDER BY pg_temp.u(t.id, 90)) AS rn
                FROM incidents_ticket AS t
                WHERE (mod(t.id, %(every)s) = 0 OR t.status = 'resolved')
                  AND EXISTS (SELECT 1 FROM incidents_comment AS c WHERE c.ticket_id = t.id)
            ) AS s
            WHERE rn <= (%(quota)s::jsonb ->> status)::int ORDER BY id
            """,
            {
                "every": max(1, self.p["tickets"] // TICKET_PAGE_SPREAD),
                "quota": json.dumps(TICKET_PAGE_QUOTAS),
            },
        )
        transition = ids(
            "SELECT id FROM incidents_ticket WHERE status = 'assigned' "
            "AND assignment_group_id = ANY(%s) ORDER BY id DESC LIMIT %s",
            [list(AGENT_GROUPS), FACT_IDS],
        )
        assets = ids(
            "SELECT id FROM assets_asset WHERE mod(id, %s) = 0 ORDER BY id LIMIT %s",
            [max(1, self.p["assets"] // FACT_IDS), FACT_IDS],
        )
        item = next(
            i
            for i in self.items
            if i.kind == "incident" and i.assignment_group_id and not i.form_schema
        )
        requester_tickets = ids(
            "SELECT id FROM incidents_ticket WHERE requester_id = %s ORDER BY id",
            [BENCH_REQUESTER],
        )
        requester_open = ids(
            "SELECT id FROM incidents_ticket WHERE requester_id = %s "
            "AND status IN ('new', 'assigned', 'in_progress', 'pending') ORDER BY id",
            [BENCH_REQUESTER],
        )
        agent_open = ids(
            "SELECT count(*) FROM incidents_ticket WHERE assignee_id = %s "
            "AND status IN ('new', 'assigned', 'in_progress', 'pending')",
            [BENCH_AGENT],
        )[0]
        running = ids("SELECT count(*) FROM sla_slatimer WHERE state = 'running'")[0]
        search: dict[str, dict[str, Any]] = {}
        for rarity, by_language in (("common", words.COMMON_WORDS), ("rare", words.RARE_WORDS)):
            for language, word in by_language.items():
                search[f"{rarity}_{language}"] = {"word": word, "tickets": self._matches(word)}
        return {
            "database": self.connection.settings_dict["NAME"],
            "params": self.p,
            "seeded_at": self.now.isoformat(),
            "password": PASSWORD,
            "logins": LOGINS,
            "user_ids": {
                "admin": BENCH_ADMIN,
                "manager": BENCH_MANAGER,
                "agent": BENCH_AGENT,
                "requester": BENCH_REQUESTER,
            },
            "ticket_page_ids": ticket_page,
            "transition_ticket_ids": transition,
            "transition_cycle": TRANSITION_CYCLE,
            "pend_body": PEND_BODY,
            "group_ids": {
                "agent": list(AGENT_GROUPS),
                "manager": list(MANAGER_GROUPS),
                "other": list(range(OTHER_GROUPS[0], min(self.p["groups"], OTHER_GROUPS[1]) + 1)),
            },
            "asset_ids": assets,
            "catalog_item_id": item.pk,
            "create_ticket_body": {
                "catalog_item": item.pk,
                "title": "打印机无法打印 bench",
                "description": "Created by the scale benchmark. / 压测创建。",
                "urgency": 3,
            },
            "requester_ticket_count": len(requester_tickets),
            "requester_open_ticket_ids": requester_open,
            "agent_open_tickets": agent_open,
            "running_timers": running,
            "search_words": search,
            "counts": self.counts,
        }

    def _matches(self, word: str) -> int:
        """Tickets whose title, description or comments contain `word`."""
        pattern = f"%{word}%"
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM incidents_ticket AS t WHERE t.title LIKE %(p)s "
                "OR t.description LIKE %(p)s OR t.id IN "
                "(SELECT ticket_id FROM incidents_comment WHERE body LIKE %(p)s)",
                {"p": pattern},
            )
            return int(cursor.fetchone()[0])


def _setup_django() -> None:
    """Django on the test settings and a PostgreSQL DATABASE_URL, else exit."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itsm.settings_test")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit(
            "bench.seed needs PostgreSQL: set DATABASE_URL to a scratch PostgreSQL database "
            "(it is migrated and emptied)."
        )
    import django

    django.setup()


class Sizes(TypedDict):
    """How big a seed is (`seed()`'s keyword arguments, the command's options)."""

    tickets: int
    assets: int
    groups: int
    users: int
    running_timers: int


SIZES: Sizes = {
    "tickets": 1_000_000,
    "assets": 100_000,
    "groups": 200,
    "users": 20_000,
    "running_timers": 100_000,
}


def add_size_arguments(parser: argparse.ArgumentParser) -> None:
    """--tickets, --assets, --groups, --users, --running-timers (also the runner's)."""
    for name, default in SIZES.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=default)


def sizes(args: argparse.Namespace) -> Sizes:
    """The sizes parsed by `add_size_arguments`."""
    return Sizes(
        tickets=args.tickets,
        assets=args.assets,
        groups=args.groups,
        users=args.users,
        running_timers=args.running_timers,
    )


def main() -> None:
    """`python -m bench.seed`: seed, print the counts, optionally write the facts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_size_arguments(parser)
    parser.add_argument("--force", action="store_true", help="empty a database not seeded here")
    parser.add_argument("--facts", help="also write the facts as JSON to this file")
    args = parser.parse_args()
    _setup_django()
    try:
        facts = seed(**sizes(args), force=args.force)
    except (SeedRefused, ValueError) as exc:
        sys.exit(f"bench.seed: {exc}")
    counts = ", ".join(f"{table} {n:,}" for table, n in sorted(facts["counts"].items()))
    print(f"rows: {counts}")
    print(f"running timers: {facts['running_timers']:,}; search: {facts['search_words']}")
    if args.facts:
        with open(args.facts, "w", encoding="utf-8") as handle:
            json.dump(facts, handle, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
