"""Index migrations on large tables (common.indexes): the operations build CONCURRENTLY on
PostgreSQL, in a non-atomic migration, and plainly on SQLite, with the same state either
way; and the rule that reports a migration building an index on a large table plainly."""

import pytest
from django.contrib.postgres import operations as postgres
from django.db import NotSupportedError, connection, migrations, models
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.writer import OperationWriter
from django.test.utils import CaptureQueriesContext

from common.indexes import (
    LARGE_TABLES,
    AddIndexConcurrently,
    AddIndexSQL,
    RemoveIndexConcurrently,
    blocking_index_builds,
    create_index_sql,
    drop_index_sql,
)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent builds are PostgreSQL's"
)
# Runs DDL outside the test's transaction (CONCURRENTLY refuses one; SQLite's schema editor
# too, with its foreign keys on).
ddl = pytest.mark.django_db(transaction=True)

INDEX = "test_comment_internal_idx"  # not one of the models' indexes
TITLE_TRGM = "incidents_ticket USING gin (upper(title::text) gin_trgm_ops)"


def leaf(app: str) -> tuple[str, str]:
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return graph.leaf_nodes(app)[0]


def migration(*operations, app="incidents", atomic=False, initial=None, depends=True):
    """A migration after the app's latest, holding `operations`."""
    made = migrations.Migration("9999_test_indexes", app)
    made.operations = list(operations)
    made.atomic = atomic
    made.initial = initial
    made.dependencies = [leaf(app)] if depends else []
    return made


def indexes(table: str) -> dict[str, dict]:
    with connection.cursor() as cursor:
        return {
            name: info
            for name, info in connection.introspection.get_constraints(cursor, table).items()
            if info["index"]
        }


def pg_index(name: str) -> tuple[bool, str, int] | None:
    """(valid, definition, statistics target of the first column) of an index, or None."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT x.indisvalid, pg_get_indexdef(x.indexrelid), a.attstattarget "
            "FROM pg_index x JOIN pg_attribute a ON a.attrelid = x.indexrelid AND a.attnum = 1 "
            "WHERE x.indexrelid = to_regclass(%s)",
            [name],
        )
        return cursor.fetchone()


def apply(made, *, backwards=False):
    """Apply (or unapply) a migration through Django's executor, as `migrate` does; return
    the SQL it ran."""
    executor = MigrationExecutor(connection)
    state = executor.loader.project_state(made.dependencies or None)
    with CaptureQueriesContext(connection) as queries:
        if backwards:
            executor.unapply_migration(state, made)  # the state before it, as migrate passes
        else:
            executor.apply_migration(state, made)
    return [query["sql"] for query in queries.captured_queries]


def test_the_sql_of_a_postgresql_only_index():
    assert create_index_sql("i", "t USING gin (x)", concurrently=True) == (
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t USING gin (x)"
    )
    assert create_index_sql("i", "t (x)", concurrently=False, unique=True) == (
        "CREATE UNIQUE INDEX IF NOT EXISTS i ON t (x)"
    )
    assert drop_index_sql("i", concurrently=True) == "DROP INDEX CONCURRENTLY IF EXISTS i"
    assert AddIndexSQL("i", 'public."incidents_ticket" USING gin (x)').table == "incidents_ticket"


def test_the_operations_change_the_state_as_djangos_own_do():
    """So `makemigrations --check` sees the same models whichever is written, and a
    squash writes them back with their import path."""
    index = models.Index(fields=["internal", "created_at"], name=INDEX)
    base = MigrationLoader(None, ignore_no_migrations=True).project_state()
    ours, django = base.clone(), base.clone()
    AddIndexConcurrently("comment", index).state_forwards("incidents", ours)
    migrations.AddIndex("comment", index).state_forwards("incidents", django)
    assert (
        ours.models["incidents", "comment"].options["indexes"]
        == (django.models["incidents", "comment"].options["indexes"])
    )
    RemoveIndexConcurrently("comment", INDEX).state_forwards("incidents", ours)
    assert ours.models["incidents", "comment"] == base.models["incidents", "comment"]
    AddIndexSQL("x", TITLE_TRGM).state_forwards("incidents", ours)
    assert ours.models == base.models
    written, imports = OperationWriter(AddIndexConcurrently("comment", index)).serialize()
    assert written.strip().startswith("common.indexes.AddIndexConcurrently(")
    assert "import common.indexes" in imports


@ddl
def test_add_index_builds_concurrently_on_postgresql_and_plainly_elsewhere_and_reverses():
    made = migration(
        AddIndexConcurrently("comment", models.Index(fields=["internal", "created_at"], name=INDEX))
    )
    built = apply(made)
    assert INDEX in indexes("incidents_comment")
    creates = [sql for sql in built if "CREATE INDEX" in sql]
    assert len(creates) == 1
    assert ("CONCURRENTLY" in creates[0]) is (connection.vendor == "postgresql")
    if connection.vendor == "postgresql":
        valid, definition, _ = pg_index(INDEX)
        assert valid
        assert "(internal, created_at)" in definition

    dropped = apply(made, backwards=True)
    assert INDEX not in indexes("incidents_comment")
    drops = [sql for sql in dropped if "DROP INDEX" in sql]
    assert len(drops) == 1
    assert ("CONCURRENTLY" in drops[0]) is (connection.vendor == "postgresql")


@ddl
def test_remove_index_drops_concurrently_and_its_reverse_builds_it_back():
    add = migration(
        AddIndexConcurrently("comment", models.Index(fields=["internal", "created_at"], name=INDEX))
    )
    apply(add)
    remove = migration(RemoveIndexConcurrently("comment", INDEX))
    remove.name, remove.dependencies = "9999_test_indexes_remove", [("incidents", add.name)]
    executor = MigrationExecutor(connection)
    with_index = add.mutate_state(executor.loader.project_state(add.dependencies), preserve=True)
    for backwards in (False, True):
        with CaptureQueriesContext(connection) as queries:
            if backwards:
                executor.unapply_migration(with_index.clone(), remove)
            else:
                executor.apply_migration(with_index.clone(), remove)
        assert (INDEX in indexes("incidents_comment")) is backwards
        sql = [q["sql"] for q in queries.captured_queries if " INDEX " in q["sql"]]
        assert len(sql) == 1
        assert sql[0].startswith("CREATE INDEX" if backwards else "DROP INDEX")
        assert ("CONCURRENTLY" in sql[0]) is (connection.vendor == "postgresql")
    apply(add, backwards=True)
    assert INDEX not in indexes("incidents_comment")


@postgresql_only
@ddl
def test_on_postgresql_a_concurrent_build_refuses_an_atomic_migration():
    made = migration(
        AddIndexConcurrently("comment", models.Index(fields=["internal"], name=INDEX)),
        atomic=True,
    )
    with pytest.raises(NotSupportedError, match="atomic = False"):
        apply(made)
    assert INDEX not in indexes("incidents_comment")
    with pytest.raises(NotSupportedError, match="atomic = False"):
        apply(migration(AddIndexSQL("test_title_trgm", TITLE_TRGM), atomic=True))
    assert pg_index("test_title_trgm") is None


@postgresql_only
@ddl
def test_on_postgresql_the_sql_index_is_built_concurrently_with_its_statistics_and_dropped():
    made = migration(AddIndexSQL("test_title_trgm", TITLE_TRGM, statistics=1000))
    built = apply(made)
    assert any(
        sql.startswith("CREATE INDEX CONCURRENTLY IF NOT EXISTS test_title_trgm") for sql in built
    )
    valid, definition, statistics = pg_index("test_title_trgm")
    assert valid
    assert "USING gin (upper((title)::text) gin_trgm_ops)" in definition
    assert statistics == 1000
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'test_title_trgm'")
        assert cursor.fetchone()[0] == definition
    dropped = apply(made, backwards=True)
    assert "DROP INDEX CONCURRENTLY IF EXISTS test_title_trgm" in dropped
    assert pg_index("test_title_trgm") is None


@postgresql_only
@ddl
def test_on_postgresql_a_failed_concurrent_build_is_dropped_and_built_again():
    """A cancelled or failed CONCURRENTLY leaves an INVALID index: the rerun replaces it."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE test_indexes_scratch (v integer)")
        cursor.execute("INSERT INTO test_indexes_scratch VALUES (1), (1)")
    try:
        with pytest.raises(Exception, match="could not create unique index"):
            apply(migration(AddIndexSQL("test_scratch_v", "test_indexes_scratch (v)", unique=True)))
        assert pg_index("test_scratch_v")[0] is False  # left INVALID by the failed build
        apply(migration(AddIndexSQL("test_scratch_v", "test_indexes_scratch (v)")))
        assert pg_index("test_scratch_v")[0] is True
    finally:
        MigrationRecorder(connection).record_unapplied("incidents", "9999_test_indexes")
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE test_indexes_scratch")


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the other databases")
@ddl
def test_elsewhere_the_sql_index_does_nothing_either_way():
    made = migration(AddIndexSQL("test_title_trgm", TITLE_TRGM, statistics=1000))
    assert not any("test_title_trgm" in sql for sql in apply(made))
    assert "test_title_trgm" not in indexes("incidents_ticket")
    apply(made, backwards=True)


# --- the rule ---------------------------------------------------------------------------------


def problems(made):
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return blocking_index_builds(made, loader.project_state(made.dependencies or None))


ticket_fk = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL)


@pytest.mark.parametrize(
    ("operations", "atomic", "blocked"),
    [
        # The case the rule is for: makemigrations' own AddIndex on tickets.
        ([migrations.AddIndex("ticket", models.Index(fields=["title"], name="t_x"))], True, 1),
        ([migrations.AddIndex("ticket", models.Index(fields=["title"], name="t_x"))], False, 1),
        ([AddIndexConcurrently("ticket", models.Index(fields=["title"], name="t_x"))], False, 0),
        ([AddIndexConcurrently("ticket", models.Index(fields=["title"], name="t_x"))], True, 1),
        (
            [postgres.AddIndexConcurrently("ticket", models.Index(fields=["title"], name="t_x"))],
            False,
            1,
        ),
        ([migrations.RemoveIndex("ticket", "ticket_newest")], True, 1),
        ([RemoveIndexConcurrently("ticket", "ticket_newest")], False, 0),
        ([AddIndexSQL("t_trgm", TITLE_TRGM)], False, 0),
        ([AddIndexSQL("t_trgm", TITLE_TRGM)], True, 1),
        # A foreign key, a db_index or a unique field brings its index along.
        ([migrations.AddField("ticket", "watcher", ticket_fk)], True, 1),
        (
            [
                migrations.AddField(
                    "ticket",
                    "watcher",
                    models.ForeignKey(
                        "accounts.User", null=True, on_delete=models.SET_NULL, db_index=False
                    ),
                ),
                AddIndexConcurrently("ticket", models.Index(fields=["watcher"], name="t_w")),
            ],
            False,
            0,
        ),
        (
            [migrations.AddField("ticket", "ref", models.CharField(max_length=9, db_index=True))],
            True,
            1,
        ),
        (
            [
                migrations.AddField(
                    "ticket", "ref", models.CharField(max_length=9, unique=True, null=True)
                )
            ],
            True,
            1,
        ),
        (
            [migrations.AddField("ticket", "ref", models.CharField(max_length=9, default=""))],
            True,
            0,
        ),
        (
            [
                migrations.AlterField(
                    "ticket", "title", models.CharField(max_length=200, db_index=True)
                )
            ],
            True,
            1,
        ),
        ([migrations.AlterField("ticket", "title", models.CharField(max_length=300))], True, 0),
        (
            [
                migrations.AddConstraint(
                    "ticket", models.UniqueConstraint(fields=["title"], name="t_unique")
                )
            ],
            True,
            1,
        ),
        (
            [
                migrations.AddConstraint(
                    "ticket", models.CheckConstraint(condition=models.Q(impact__gte=1), name="t_c")
                )
            ],
            True,
            0,
        ),
        # SQL: plain on a large table, CONCURRENTLY in a non-atomic migration.
        ([migrations.RunSQL("CREATE INDEX t_x ON incidents_ticket (title)")], True, 1),
        ([migrations.RunSQL(["CREATE UNIQUE INDEX ON public.incidents_comment (body)"])], True, 1),
        (
            [migrations.RunSQL("CREATE INDEX CONCURRENTLY t_x ON incidents_ticket (title)")],
            False,
            0,
        ),
        ([migrations.RunSQL("CREATE INDEX CONCURRENTLY t_x ON incidents_ticket (title)")], True, 1),
        ([migrations.RunSQL("CREATE INDEX t_x ON catalog_service (name)")], True, 0),
        # Small tables and tables this very migration creates are free to index.
        (
            [migrations.AddIndex("resolutioncode", models.Index(fields=["label"], name="r_x"))],
            True,
            0,
        ),
        (
            [
                migrations.CreateModel(
                    "Escalation",
                    [("id", models.BigAutoField(primary_key=True)), ("ticket", ticket_fk)],
                ),
                migrations.AddIndex("escalation", models.Index(fields=["ticket"], name="e_x")),
            ],
            True,
            0,
        ),
    ],
)
def test_the_rule_reports_index_builds_that_hold_a_large_tables_writes(operations, atomic, blocked):
    assert len(problems(migration(*operations, atomic=atomic))) == blocked


def test_the_rule_fails_a_new_migration_with_a_plain_add_index_on_tickets():
    made = migration(
        migrations.AddIndex("ticket", models.Index(fields=["status", "-updated_at"], name="t_s"))
    )
    assert problems(made) == [
        "incidents.9999_test_indexes: adds index t_s with a plain CREATE INDEX"
    ]


def create_search_index(apps, schema_editor):
    schema_editor.execute("CREATE INDEX IF NOT EXISTS t_x ON incidents_ticket (title)")


def test_the_rule_reads_python_steps_and_spares_initial_migrations():
    step = migrations.RunPython(create_search_index, migrations.RunPython.noop)
    assert len(problems(migration(step))) == 1
    plain = migrations.AddIndex("ticket", models.Index(fields=["title"], name="t_x"))
    assert problems(migration(step, plain, initial=True)) == []
    assert problems(migration(step, plain, depends=False)) == []  # the app's first


def test_the_large_tables_exist():
    from django.apps import apps

    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    assert tables >= LARGE_TABLES
    assert {"incidents_ticket", "incidents_comment", "sla_slatimer"} <= LARGE_TABLES
