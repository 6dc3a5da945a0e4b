"""The upgrade benchmark: `make bench-migrate` (`python -m bench.migrate`).

Against the scale benchmark's seeded PostgreSQL database (DATABASE_URL, seeded by
`python -m bench.seed`, which this command does not run: it refuses a database without the
seed's record), measures what an upgrade's index builds cost a desk that keeps working. A
thread opens tickets one after another through the real service
(`incidents.services.create_ticket`, as bench-requester, with the seed's
`create_ticket_body`) while each step below runs, and each step reports its wall time, the
tickets opened meanwhile and the longest single creation:

1. baseline: `--baseline` seconds with no DDL (the creation's normal latency);
2. plain: the indexes built with a plain CREATE INDEX, what `makemigrations` would have
   written (Django's `AddIndex`, or the SQL index's CREATE without CONCURRENTLY); then
   dropped again, concurrently and outside the measure;
3. concurrent: the same indexes built by common.indexes' operations.

Which indexes: the newest applied migrations of each app whose operations are all
common.indexes' concurrent ones (the index migrations of an upgrade) are reversed first
(`manage.py migrate APP PREVIOUS`), step 2 builds their indexes plainly, and step 3 is
`manage.py migrate` forward in a subprocess: the real upgrade, its wall time and, from its
`-v 2` output, each migration's own. Reversing anything else (a field, data) is refused.
Without such migrations (or with `--index NAME`), step 2 and 3 build a copy of a real index
on a large table under a scratch name (`bench_migrate_…`; default `ticket_title_trgm`, a
trigram GIN index over the million tickets' titles) by calling the operations'
`database_forwards` with a schema editor, and drop it after each step.

The tickets it opens are deleted at the end (`--keep-tickets` keeps them), so a rerun or
`make bench-scale` finds the seed as it was. Prints a table with the machine's load average
before and after; writes JSON (`var/bench/migrate.json` unless `--json`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    from django.db.backends.base.schema import BaseDatabaseSchemaEditor
    from django.db.migrations.migration import Migration
    from django.db.migrations.operations.base import Operation
    from django.db.migrations.state import ProjectState

    from accounts.models import User
    from catalog.models import CatalogItem

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INDEX = "ticket_title_trgm"
SCRATCH_PREFIX = "bench_migrate_"
WARMUP_TICKETS = 5
DELETE_BATCH = 1000
# `manage.py migrate -v 2`: "  Applying incidents.0003_x... OK (12.345s)".
APPLIED_LINE = re.compile(r"Applying (\S+)\.\.\. OK \(([\d.]+)s\)")

# A raw row of the seed's facts (bench.seed.Seeder.facts): JSON, as recorded.
Facts = dict[str, Any]


class StepFigures(TypedDict):
    """One row of the table."""

    step: str
    seconds: float
    tickets_created: int
    creates_per_second: float
    p50_ms: float | None
    longest_ms: float | None
    errors: int


@dataclass
class Create:
    """One ticket creation: when it started and ended (monotonic seconds), or its error."""

    began: float
    ended: float
    ticket_id: int | None
    error: str = ""


@dataclass
class TicketLoop:
    """Opens tickets through the service, one after another, in a thread of its own (with
    its own database connection), until stopped."""

    requester: User
    item: CatalogItem
    body: dict[str, Any]
    creates: list[Create] = field(default_factory=list)
    warmup: list[Create] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def create_one(self, n: int) -> Create:
        from incidents.services import NewTicket, create_ticket

        began = time.monotonic()
        try:
            ticket = create_ticket(
                self.requester,
                NewTicket(
                    catalog_item=self.item,
                    title=f"{self.body['title']} migrate #{n}",
                    description=self.body["description"],
                    urgency=self.body["urgency"],
                ),
            )
        except Exception as exc:  # a failure is a figure of the run, not its end
            return Create(began, time.monotonic(), None, f"{type(exc).__name__}: {exc}")
        return Create(began, time.monotonic(), ticket.pk)

    def _run(self) -> None:
        from django.db import connection

        try:
            n = len(self.creates)
            while not self._stop.is_set():
                n += 1
                self.creates.append(self.create_one(n))
        finally:
            connection.close()

    def start(self) -> None:
        # The first calls fill caches: not measured, but their tickets are deleted too.
        self.warmup = [self.create_one(n) for n in range(WARMUP_TICKETS)]
        self._thread = threading.Thread(target=self._run, name="ticket-loop", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def figures(self, step: str, began: float, ended: float) -> StepFigures:
        """The creations that ended within [began, ended], and the latencies of all that
        overlapped it (one blocked by the step ends after it, and counts)."""
        done = [c for c in self.creates if began <= c.ended <= ended and not c.error]
        overlapping = [c for c in self.creates if c.began < ended and c.ended > began]
        latencies = [(c.ended - c.began) * 1000 for c in overlapping if not c.error]
        seconds = ended - began
        return StepFigures(
            step=step,
            seconds=round(seconds, 2),
            tickets_created=len(done),
            creates_per_second=round(len(done) / seconds, 1) if seconds else 0.0,
            p50_ms=round(statistics.median(latencies), 1) if latencies else None,
            longest_ms=round(max(latencies), 1) if latencies else None,
            errors=sum(1 for c in overlapping if c.error),
        )

    def created_ids(self) -> list[int]:
        return [c.ticket_id for c in self.warmup + self.creates if c.ticket_id is not None]


# --- what is built -------------------------------------------------------------------------


@dataclass
class Build:
    """An index build in both forms: `plain` and `concurrent` do the work (a schema editor
    outside any transaction is theirs), `drop` undoes either; `describe` for the table."""

    describe: str
    plain: Callable[[], None]
    concurrent: Callable[[], None]
    drop: Callable[[], None]


def _editor() -> BaseDatabaseSchemaEditor:
    """A schema editor outside any transaction, as a non-atomic migration has."""
    from django.db import connection

    return connection.schema_editor(atomic=False)


def _edit(work: Callable[[BaseDatabaseSchemaEditor], object]) -> None:
    with _editor() as editor:
        work(editor)


def plain_twin(operation: Operation) -> Operation | None:
    """What the operation would be without CONCURRENTLY (None: it builds nothing)."""
    from django.db import migrations

    from common import indexes

    if isinstance(operation, indexes.AddIndexConcurrently):
        return migrations.AddIndex(operation.model_name, operation.index)
    if isinstance(operation, indexes.AddIndexSQL):
        return migrations.RunSQL(
            indexes.create_index_sql(
                operation.name,
                operation.definition,
                concurrently=False,
                unique=operation.unique,
            )
        )
    return None


def built_index_names(operation: Operation) -> list[str]:
    from common import indexes

    if isinstance(operation, indexes.AddIndexConcurrently):
        return [str(operation.index.name)]
    if isinstance(operation, indexes.AddIndexSQL):
        return [operation.name]
    return []


def is_index_migration(migration: Migration) -> bool:
    """Only common.indexes' concurrent operations, at least one of which builds an index."""
    from common.indexes import CONCURRENT_OPERATIONS

    operations = migration.operations
    return all(isinstance(op, CONCURRENT_OPERATIONS) for op in operations) and any(
        built_index_names(op) for op in operations
    )


@dataclass
class IndexMigrations:
    """The newest index migrations of each app, to reverse and apply again."""

    migrations: list[Migration]
    targets: list[tuple[str, str]]  # (app, the migration before them) for `migrate`


def index_migrations() -> tuple[IndexMigrations | None, str]:
    """The index migrations at the top of each app's applied history, or None and why."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    loader = executor.loader
    graph = loader.graph
    found: list[Migration] = []
    targets: list[tuple[str, str]] = []
    for app, name in sorted(graph.leaf_nodes()):
        node: tuple[str, str] | None = (app, name)
        tail: list[Migration] = []
        while node is not None and node in loader.applied_migrations:
            migration = loader.get_migration(*node)
            if not is_index_migration(migration):
                break
            tail.append(migration)
            parents = [p for p in graph.node_map[node].parents if p.key[0] == app]
            node = parents[0].key if parents else None
        if tail and node is not None:
            found += tail
            targets.append(node)
    if not found:
        return None, "no applied migration holds only common.indexes' concurrent operations"
    plan = executor.migration_plan(targets)
    keys = {(m.app_label, m.name) for m in found}
    others = [f"{m.app_label}.{m.name}" for m, _ in plan if (m.app_label, m.name) not in keys]
    if others:
        return None, f"reversing them would also reverse {', '.join(others)}"
    return IndexMigrations(found, targets), ""


def migration_build(found: IndexMigrations, out: Callable[[str], None]) -> Build:
    """Reverse the index migrations now; the build is theirs: plainly, then `migrate`."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from common.indexes import drop_index_sql

    names = ", ".join(f"{m.app_label}.{m.name}" for m in found.migrations)
    for app, name in found.targets:
        out(f"reversing to {app}.{name} ({names})")
        began = time.monotonic()
        _manage("migrate", app, name, "--no-input")
        out(f"  reversed in {time.monotonic() - began:.1f} s")
    loader = MigrationLoader(connection)
    steps: list[tuple[str, Operation, ProjectState]] = []
    for migration in found.migrations:
        state = loader.project_state((migration.app_label, migration.name), at_end=False)
        for operation in migration.operations:
            steps.append((migration.app_label, operation, state.clone()))
            operation.state_forwards(migration.app_label, state)
    index_names = [name for _, op, _ in steps for name in built_index_names(op)]

    def plain() -> None:
        for app, operation, state in steps:
            twin = plain_twin(operation)
            if twin is not None:
                after = state.clone()
                twin.state_forwards(app, after)
                with _editor() as editor:
                    twin.database_forwards(app, editor, state, after)

    def drop() -> None:
        for name in index_names:
            with _editor() as editor:
                editor.execute(drop_index_sql(name, concurrently=True), None)

    return Build(
        describe=f"{names}: {', '.join(index_names)}",
        plain=plain,
        concurrent=lambda: _migrate_forward(out),
        drop=drop,
    )


def _manage(*args: str) -> str:
    """`manage.py …` in a subprocess on this environment; its output."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


MIGRATE_TIMES: dict[str, float] = {}


def _migrate_forward(out: Callable[[str], None]) -> None:
    for name, seconds in APPLIED_LINE.findall(_manage("migrate", "--no-input", "-v", "2")):
        MIGRATE_TIMES[name] = float(seconds)
        out(f"  applied {name} in {float(seconds):.1f} s")


def copy_build(index: str) -> Build:
    """A copy of a real index under a scratch name, built through common.indexes."""
    from django.apps import apps
    from django.db import connection, migrations
    from django.db.migrations.loader import MigrationLoader

    from common.indexes import AddIndexConcurrently, AddIndexSQL, RemoveIndexConcurrently

    scratch = (SCRATCH_PREFIX + index)[:63]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT x.indisunique, pg_get_indexdef(x.indexrelid), a.attstattarget, "
            "x.indrelid::regclass::text FROM pg_index x "
            "JOIN pg_attribute a ON a.attrelid = x.indexrelid AND a.attnum = 1 "
            "WHERE x.indexrelid = to_regclass(%s)",
            [index],
        )
        row = cursor.fetchone()
    if row is None:
        sys.exit(f"bench.migrate: no index named {index}")
    unique, definition, target, table = row
    model = next(
        (
            m
            for m in apps.get_models(include_auto_created=True)
            for i in m._meta.indexes
            if i.name == index
        ),
        None,
    )
    if model is not None:
        model_index = next(i for i in model._meta.indexes if i.name == index).clone()
        model_index.name = scratch
        app, model_name = model._meta.app_label, model._meta.model_name or ""
        before = MigrationLoader(connection).project_state()
        after = before.clone()
        add = AddIndexConcurrently(model_name, model_index)
        add.state_forwards(app, after)
        plain_op = migrations.AddIndex(model_name, model_index)
        remove = RemoveIndexConcurrently(model_name, scratch)
        return Build(
            describe=f"copy of {index} (model index on {table})",
            plain=lambda: _edit(lambda e: plain_op.database_forwards(app, e, before, after)),
            concurrent=lambda: _edit(lambda e: add.database_forwards(app, e, before, after)),
            drop=lambda: _edit(lambda e: remove.database_forwards(app, e, after, before.clone())),
        )
    # `CREATE [UNIQUE] INDEX name ON public.table USING …`: keep what follows ON.
    on = definition.split(" ON ", 1)[1]
    sql_index = AddIndexSQL(
        scratch, on, unique=bool(unique), statistics=target if target and target > 0 else None
    )
    plain_twin_op = plain_twin(sql_index)
    assert plain_twin_op is not None
    state = MigrationLoader(connection).project_state()
    return Build(
        describe=f"copy of {index} (SQL index on {table})",
        plain=lambda: _edit(lambda e: plain_twin_op.database_forwards("bench", e, state, state)),
        concurrent=lambda: _edit(lambda e: sql_index.database_forwards("bench", e, state, state)),
        drop=lambda: _edit(lambda e: sql_index.database_backwards("bench", e, state, state)),
    )


# --- the run -------------------------------------------------------------------------------


def _table_sizes(tables: list[str]) -> dict[str, int]:
    """Rows of each table (counted: the estimate drifts with the tickets this opens)."""
    from django.db import connection

    sizes = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")
            sizes[table] = int(cursor.fetchone()[0])
    return sizes


def _delete_tickets(ids: list[int]) -> None:
    from incidents.models import Ticket
    from notifications.models import Notification

    for start in range(0, len(ids), DELETE_BATCH):
        batch = ids[start : start + DELETE_BATCH]
        Notification.objects.filter(ticket_id__in=batch).delete()
        Ticket.objects.filter(pk__in=batch).delete()


def _fmt(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def table(rows: list[StepFigures]) -> str:
    lines = [
        "| step | wall s | tickets created | creates/s | p50 create ms | longest create ms "
        "| errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['step']} | {_fmt(row['seconds'], 1)} | {row['tickets_created']:,} "
            f"| {_fmt(row['creates_per_second'], 1)} | {_fmt(row['p50_ms'])} "
            f"| {_fmt(row['longest_ms'])} | {row['errors']} |"
        )
    return "\n".join(lines)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itsm.settings_test")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("bench.migrate needs the scale benchmark's PostgreSQL in DATABASE_URL.")
    import django

    django.setup()


def run(
    *, index: str | None, baseline: float, keep_tickets: bool, out: Callable[[str], None]
) -> dict[str, Any]:
    """The three steps (module docstring); returns what the JSON holds."""
    from django.db import connection

    from accounts.models import User
    from bench.scale import machine
    from bench.seed import _read_marker
    from catalog.models import CatalogItem

    with connection.cursor() as cursor:
        marker = _read_marker(cursor)
    if marker is None:
        sys.exit(
            "bench.migrate: this database holds no complete seed; run "
            "`python -m bench.seed` on it first (the seed empties it)."
        )
    facts: Facts = marker["facts"]
    info = machine()
    found, why = (None, "--index given") if index else index_migrations()
    if found is not None:
        build = migration_build(found, out)
    else:
        out(f"no index migration to replay ({why}): a copy of {index or DEFAULT_INDEX}")
        build = copy_build(index or DEFAULT_INDEX)
    out(f"built: {build.describe}")
    sizes = _table_sizes(["incidents_ticket", "incidents_comment", "sla_slatimer"])
    body = facts["create_ticket_body"]
    loop = TicketLoop(
        requester=User.objects.get(username=facts["logins"]["requester"]),
        item=CatalogItem.objects.get(pk=body["catalog_item"]),
        body=body,
    )
    # (step, its work, whether the index is dropped after it): a replayed migration stays.
    steps: list[tuple[str, Callable[[], None], bool]] = [
        ("baseline: no DDL", lambda: time.sleep(baseline), False),
        ("plain CREATE INDEX", build.plain, True),
        (
            "manage.py migrate (CONCURRENTLY)" if found else "CONCURRENTLY (common.indexes)",
            build.concurrent,
            found is None,
        ),
    ]
    rows: list[StepFigures] = []
    if found is None:
        build.drop()  # a scratch copy an interrupted run left would make CREATE a no-op
    loop.start()
    try:
        for step, work, drop in steps:
            out(f"{step} …")
            began = time.monotonic()
            work()
            ended = time.monotonic()
            time.sleep(0.5)  # a creation blocked until the end finishes, and counts
            rows.append(loop.figures(step, began, ended))
            out(f"  {rows[-1]}")
            if drop:
                build.drop()
    finally:
        loop.stop()
        if found is None:
            build.drop()
        connection.close()
    ids = loop.created_ids()
    if not keep_tickets:
        _delete_tickets(ids)
    info["load_average_after"] = os.getloadavg()[0]
    return {
        "machine": info,
        "database": connection.settings_dict["NAME"],
        "built": build.describe,
        "replayed_migrations": found is not None,
        "migration_seconds": MIGRATE_TIMES,
        "rows": sizes,
        "steps": rows,
        "tickets_opened": len(ids),
        "tickets_kept": keep_tickets,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--index",
        help=f"build a copy of this index instead of replaying migrations (e.g. {DEFAULT_INDEX})",
    )
    parser.add_argument("--baseline", type=float, default=10.0, help="seconds without DDL")
    parser.add_argument("--keep-tickets", action="store_true")
    parser.add_argument("--json", default=str(ROOT / "var" / "bench" / "migrate.json"))
    args = parser.parse_args()
    _setup_django()
    result = run(
        index=args.index, baseline=args.baseline, keep_tickets=args.keep_tickets, out=print
    )
    info = result["machine"]
    rows = ", ".join(f"{table} {n:,}" for table, n in result["rows"].items())
    print()
    print(f"{result['built']}; rows: {rows}")
    print(
        f"machine: {info['cpu']}, {info['cores']} cores, PostgreSQL {info['postgresql']}, "
        f"load average {info['load_average_before']:.2f} before, "
        f"{info['load_average_after']:.2f} after"
    )
    print(table(result["steps"]))
    for name, seconds in result["migration_seconds"].items():
        print(f"migrate applied {name} in {seconds:.1f} s (the rest of its wall time: startup)")
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    print(f"written: {path}")


if __name__ == "__main__":
    main()
