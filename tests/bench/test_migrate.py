"""The upgrade benchmark (bench.migrate): which migrations it replays, the plain twin of each
operation, what a step's window counts, and the scratch copies it builds and drops."""

import pytest
from django.db import connection, migrations, models

from bench import migrate
from common.indexes import AddIndexConcurrently, AddIndexSQL, RemoveIndexConcurrently

TITLE_TRGM = "incidents_ticket USING gin (upper(title::text) gin_trgm_ops)"


def _migration(*operations):
    made = migrations.Migration("0099_x", "incidents")
    made.operations = list(operations)
    return made


def test_only_migrations_of_concurrent_index_builds_are_replayed():
    index = models.Index(fields=["title"], name="t_x")
    assert migrate.is_index_migration(_migration(AddIndexConcurrently("ticket", index)))
    assert migrate.is_index_migration(
        _migration(AddIndexSQL("t_trgm", TITLE_TRGM), RemoveIndexConcurrently("ticket", "t_y"))
    )
    assert not migrate.is_index_migration(_migration(RemoveIndexConcurrently("ticket", "t_y")))
    assert not migrate.is_index_migration(
        _migration(
            AddIndexConcurrently("ticket", index),
            migrations.AddField("ticket", "ref", models.CharField(max_length=9, default="")),
        )
    )
    assert not migrate.is_index_migration(_migration())


def test_the_plain_twin_builds_the_same_index_without_concurrently():
    index = models.Index(fields=["title"], name="t_x")
    twin = migrate.plain_twin(AddIndexConcurrently("ticket", index))
    assert type(twin) is migrations.AddIndex
    assert twin.index is index
    twin = migrate.plain_twin(AddIndexSQL("t_trgm", TITLE_TRGM, unique=True))
    assert twin.sql == f"CREATE UNIQUE INDEX IF NOT EXISTS t_trgm ON {TITLE_TRGM}"
    assert migrate.plain_twin(RemoveIndexConcurrently("ticket", "t_x")) is None


def test_a_step_counts_the_tickets_it_saw_and_the_creation_it_blocked():
    loop = migrate.TicketLoop(requester=None, item=None, body={})
    loop.creates = [
        migrate.Create(0.0, 0.9, 1),  # before the step
        migrate.Create(0.95, 1.05, 2),  # across its start: ends within, counts
        migrate.Create(1.05, 1.1, 3),
        migrate.Create(1.1, 6.0, 4),  # blocked by the step, ends after it
        migrate.Create(6.0, 6.1, None, "OperationalError: gone"),
    ]
    figures = loop.figures("plain", 1.0, 5.0)
    assert figures["tickets_created"] == 2
    assert figures["longest_ms"] == pytest.approx(4900)
    assert figures["seconds"] == 4.0
    assert figures["errors"] == 0
    assert loop.created_ids() == [1, 2, 3, 4]


def _exists(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("index", ["ticket_title_trgm", "ticket_newest"])  # SQL, model index
def test_a_copy_of_a_real_index_is_built_both_ways_and_dropped(index):
    build = migrate.copy_build(index)
    scratch = migrate.SCRATCH_PREFIX + index
    for work in (build.plain, build.concurrent):
        work()
        assert _exists(scratch)
        build.drop()
        assert not _exists(scratch)
    assert _exists(index)
