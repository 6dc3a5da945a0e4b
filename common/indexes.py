"""Index migrations on large tables: built beside the desk's writes, and the rule that says
which tables are large (docs/conventions.md, "Migrations").

A plain `CREATE INDEX` holds a SHARE lock on its table for the whole build: reads go on, but
every INSERT, UPDATE and DELETE waits, and on a million tickets an upgrade stops the desk
for minutes. PostgreSQL's `CREATE INDEX CONCURRENTLY` builds beside the writes (two passes,
no write lock) but cannot run inside a transaction, so the migration that uses it says
`atomic = False`. SQLite (`make run`, the tests without DATABASE_URL) builds plainly.

- `AddIndexConcurrently`, `RemoveIndexConcurrently`: a model's `Meta.indexes` entry, in place
  of what `makemigrations` writes (`AddIndex`, `RemoveIndex`): the same state change, so
  `makemigrations --check` stays clean.
- `AddIndexSQL`: an index PostgreSQL alone has (trigram and gram GIN, expressions), given as
  SQL like the initial migrations' `SEARCH_INDEXES`; nothing on other databases.
- `LARGE_TABLES` and `blocking_index_builds()`: the rule tests/test_migrations.py applies to
  every migration after an app's initial one.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from typing import Any

from django.contrib.postgres import operations as postgres
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.migration import Migration
from django.db.migrations.operations.base import Operation, OperationCategory
from django.db.migrations.state import ProjectState

# Tables whose rows grow with the tickets, the people or the CIs: an index built on one of
# them with a plain CREATE INDEX holds its writes for seconds to minutes. A new table joins
# this list when it grows with the desk's work (one row per ticket, mail, event or change).
LARGE_TABLES: frozenset[str] = frozenset(
    {
        # One or more rows per ticket.
        "incidents_ticket",
        "incidents_comment",
        "incidents_ticketevent",
        "incidents_tickettask",
        "incidents_attachment",
        "incidents_creationkey",
        "sla_slatimer",
        "satisfaction_survey",
        "satisfaction_followup",
        "approvals_approval",
        "notifications_notification",
        "knowledge_ticketarticle",
        "knowledge_deflection",
        # Mail and alerts received.
        "inbound_inboundmessage",
        "inbound_alertthread",
        # The CMDB and the people, with their change histories (every login writes a user).
        "assets_asset",
        "assets_assetrelation",
        "assets_historicalasset",
        "assets_historicalassetrelation",
        "accounts_user",
        "accounts_historicaluser",
        # Searched through trigram indexes, whose GIN builds are slow even on thousands.
        "knowledge_article",
        "knowledge_feedback",
        # The reports' roll-up: a row per day and dimension value.
        "reports_dailyfigure",
    }
)


def builds_concurrently(schema_editor: BaseDatabaseSchemaEditor) -> bool:
    """PostgreSQL builds and drops indexes concurrently; other databases plainly."""
    return schema_editor.connection.vendor == "postgresql"


def create_index_sql(
    name: str, definition: str, *, concurrently: bool, unique: bool = False
) -> str:
    """`CREATE [UNIQUE] INDEX [CONCURRENTLY] IF NOT EXISTS name ON definition`, where the
    definition is `table USING method (expression ...)` as in the initial migrations."""
    return (
        f"CREATE {'UNIQUE ' if unique else ''}INDEX {'CONCURRENTLY ' if concurrently else ''}"
        f"IF NOT EXISTS {name} ON {definition}"
    )


def drop_index_sql(name: str, *, concurrently: bool) -> str:
    """`DROP INDEX [CONCURRENTLY] IF EXISTS name`."""
    return f"DROP INDEX {'CONCURRENTLY ' if concurrently else ''}IF EXISTS {name}"


def drop_invalid_index(schema_editor: BaseDatabaseSchemaEditor, name: str) -> bool:
    """Drop what a failed or cancelled concurrent build left: an INVALID index of this name,
    which `IF NOT EXISTS` would keep and a plain CREATE would trip on. True if one was."""
    if schema_editor.collect_sql:  # sqlmigrate: print, do not look
        return False
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)",
            [schema_editor.quote_name(name)],
        )
        row = cursor.fetchone()
    if not row or not row[0]:
        return False
    schema_editor.execute(drop_index_sql(schema_editor.quote_name(name), concurrently=True), None)
    return True


# --- the operations ---------------------------------------------------------------------------


class _ConcurrentOnPostgres:
    """What both operations below share: on PostgreSQL, Django's concurrent operation
    (after dropping an invalid leftover of the index a direction builds); elsewhere the
    plain one, `plain`, with the same state change."""

    plain: type[Operation]

    def _builds(self, forwards: bool) -> str | None:
        """The name of the index this direction builds, or None when it drops one."""
        raise NotImplementedError

    def _run(
        self,
        forwards: bool,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        name = "database_forwards" if forwards else "database_backwards"
        if not builds_concurrently(schema_editor):
            getattr(self.plain, name)(self, app_label, schema_editor, from_state, to_state)
            return
        built = self._builds(forwards)
        if built is not None:
            self._ensure_not_in_transaction(schema_editor)  # type: ignore[attr-defined]
            drop_invalid_index(schema_editor, built)
        getattr(super(), name)(app_label, schema_editor, from_state, to_state)

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        self._run(True, app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        self._run(False, app_label, schema_editor, from_state, to_state)


class AddIndexConcurrently(_ConcurrentOnPostgres, postgres.AddIndexConcurrently):
    """`AddIndex` built with CREATE INDEX CONCURRENTLY on PostgreSQL (in a migration with
    `atomic = False`), with a plain CREATE INDEX elsewhere."""

    plain = migrations.AddIndex

    def _builds(self, forwards: bool) -> str | None:
        return self.index.name if forwards else None


class RemoveIndexConcurrently(_ConcurrentOnPostgres, postgres.RemoveIndexConcurrently):
    """`RemoveIndex` with DROP INDEX CONCURRENTLY on PostgreSQL (no lock that queues the
    table's readers and writers behind a long query), a plain DROP INDEX elsewhere."""

    plain = migrations.RemoveIndex

    def _builds(self, forwards: bool) -> str | None:
        return None if forwards else self.name


class AddIndexSQL(postgres.NotInTransactionMixin, Operation):
    """An index on PostgreSQL only, as SQL: `AddIndexSQL("ticket_title_trgm",
    "incidents_ticket USING gin (upper(title::text) gin_trgm_ops)", statistics=1000)`.

    Built CONCURRENTLY IF NOT EXISTS (after dropping an invalid leftover of the same name),
    optionally with a statistics target on its first column; reversed by DROP INDEX
    CONCURRENTLY IF EXISTS. No model state; nothing on other databases."""

    reversible = True
    atomic = False
    category = OperationCategory.ADDITION

    def __init__(
        self, name: str, definition: str, *, unique: bool = False, statistics: int | None = None
    ) -> None:
        self.name = name
        self.definition = definition
        self.unique = unique
        self.statistics = statistics

    @property
    def table(self) -> str:
        """The indexed table: the definition's first word, unquoted and without schema."""
        return _table_name(self.definition.split(None, 1)[0])

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if not builds_concurrently(schema_editor):
            return
        self._ensure_not_in_transaction(schema_editor)
        drop_invalid_index(schema_editor, self.name)
        schema_editor.execute(
            create_index_sql(self.name, self.definition, concurrently=True, unique=self.unique),
            None,
        )
        if self.statistics is not None:
            schema_editor.execute(
                f"ALTER INDEX {self.name} ALTER COLUMN 1 SET STATISTICS {int(self.statistics)}",
                None,
            )

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if not builds_concurrently(schema_editor):
            return
        self._ensure_not_in_transaction(schema_editor)
        schema_editor.execute(drop_index_sql(self.name, concurrently=True), None)

    def describe(self) -> str:
        return f"Concurrently create index {self.name} on {self.table} (PostgreSQL only)"

    @property
    def migration_name_fragment(self) -> str:
        return self.name.lower()


CONCURRENT_OPERATIONS = (AddIndexConcurrently, RemoveIndexConcurrently, AddIndexSQL)


# --- the rule ---------------------------------------------------------------------------------

# CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table
_CREATE_INDEX = re.compile(
    r"\bCREATE\s+(?:UNIQUE\s+)?INDEX\s+(CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?"
    r"(?:[^\s(]+\s+)?ON\s+(?:ONLY\s+)?([\w.\"]+)",
    re.IGNORECASE,
)
_PLAIN_INDEX_IN_CODE = re.compile(r"\bCREATE\s+(?:UNIQUE\s+)?INDEX\b(?!\s+CONCURRENTLY)", re.I)


def _table_name(identifier: str) -> str:
    return identifier.rsplit(".", 1)[-1].strip('"')


def _sql_statements(sql: object) -> Iterator[str]:
    """The statements of a RunSQL's `sql`: a string, or a list of strings and (sql, params)."""
    if isinstance(sql, str):
        yield sql
    elif isinstance(sql, list | tuple):
        for item in sql:
            if isinstance(item, str):
                yield item
            elif isinstance(item, list | tuple) and item and isinstance(item[0], str):
                yield item[0]


def _table(state: ProjectState, app_label: str, model_name: str) -> str:
    model = state.models.get((app_label, model_name.lower()))
    table = model.options.get("db_table") if model is not None else None
    return str(table) if table else f"{app_label}_{model_name.lower()}"


def _field_indexes(field: models.Field[Any, Any] | None) -> tuple[bool, bool]:
    """(an index of its own, a unique index): a ForeignKey has the first unless it says
    db_index=False; a OneToOneField the second."""
    if field is None or field.many_to_many:
        return (False, False)
    unique = bool(field.unique or field.primary_key)
    # django-stubs types the argument, not the attribute.
    return (bool(getattr(field, "db_index", False)) and not unique, unique)


def blocking_index_builds(migration: Migration, state: ProjectState) -> list[str]:
    """What `migration` does that builds or drops an index on a large table while the
    table's writes wait, one line each; `state` is the project state before it.

    An app's initial migration and tables created in the same migration are empty: any
    build is fine there. Elsewhere an index on a `LARGE_TABLES` table is an operation of
    this module in a migration with `atomic = False`. A RunPython step that runs CREATE
    INDEX without CONCURRENTLY is reported whatever its table (its code hides the table)."""
    app = migration.app_label
    label = f"{app}.{migration.name}"
    # Django's own reading of `initial`: when unset, the first migration of its app.
    initial = (
        bool(migration.initial)
        if migration.initial is not None
        else not any(dependency[0] == app for dependency in migration.dependencies)
    )
    state = state.clone()
    new_tables: set[str] = set()
    found: list[str] = []

    def large(table: str) -> bool:
        return not initial and table in LARGE_TABLES and table not in new_tables

    def check(operation: Operation) -> None:
        if isinstance(operation, CONCURRENT_OPERATIONS):
            if migration.atomic:
                found.append(f"{label}: {operation.describe()} needs `atomic = False`")
            return
        if isinstance(operation, postgres.AddIndexConcurrently | postgres.RemoveIndexConcurrently):
            found.append(
                f"{label}: django.contrib.postgres' {type(operation).__name__} fails on SQLite; "
                f"use common.indexes.{type(operation).__name__}"
            )
            return
        if isinstance(operation, migrations.SeparateDatabaseAndState):
            for inner in operation.database_operations:
                check(inner)
            return
        what = ""
        if isinstance(operation, migrations.CreateModel):
            new_tables.add(
                str(operation.options.get("db_table") or f"{app}_{operation.name_lower}")
            )
        elif isinstance(operation, migrations.AddIndex):
            if large(_table(state, app, operation.model_name)):
                what = f"adds index {operation.index.name} with a plain CREATE INDEX"
        elif isinstance(operation, migrations.RemoveIndex):
            if large(_table(state, app, operation.model_name)):
                what = f"drops index {operation.name} with a plain DROP INDEX"
        elif isinstance(operation, migrations.AddField | migrations.AlterField):
            if large(_table(state, app, operation.model_name)):
                old = None
                if isinstance(operation, migrations.AlterField):
                    model = state.models.get((app, operation.model_name_lower))
                    old = model.fields.get(operation.name_lower) if model else None
                before, after = _field_indexes(old), _field_indexes(operation.field)
                if after != before and any(before + after):
                    verb = "adds" if isinstance(operation, migrations.AddField) else "alters"
                    what = (
                        f"{verb} field {operation.name}, whose index is built or dropped in the "
                        "ALTER TABLE (db_index=False on the field, and an AddIndexConcurrently)"
                    )
        elif isinstance(operation, migrations.AddConstraint):
            # django-stubs leaves the attributes out: they are the constructor's arguments.
            constraint: models.BaseConstraint = getattr(operation, "constraint")  # noqa: B009
            model_name: str = getattr(operation, "model_name")  # noqa: B009
            if not isinstance(constraint, models.CheckConstraint) and large(
                _table(state, app, model_name)
            ):
                what = f"adds constraint {constraint.name}, whose index is built plainly"
        elif isinstance(operation, migrations.AlterUniqueTogether):
            if operation.option_value and large(_table(state, app, operation.name)):
                what = "alters unique_together, whose indexes are built plainly"
        elif isinstance(operation, migrations.RunSQL):
            for statement in _sql_statements(operation.sql):
                for match in _CREATE_INDEX.finditer(statement):
                    if match.group(1) and migration.atomic:
                        what = "runs CREATE INDEX CONCURRENTLY in an atomic migration"
                    elif not match.group(1) and large(_table_name(match.group(2))):
                        what = f"runs CREATE INDEX on {_table_name(match.group(2))} plainly"
        elif isinstance(operation, migrations.RunPython) and not initial:
            try:
                source = inspect.getsource(operation.code)
            except (OSError, TypeError):
                source = ""
            if _PLAIN_INDEX_IN_CODE.search(source):
                what = "runs CREATE INDEX from Python (write it as common.indexes.AddIndexSQL)"
        if what:
            found.append(f"{label}: {what}")

    for operation in migration.operations:
        check(operation)
        operation.state_forwards(app, state)
    return found
