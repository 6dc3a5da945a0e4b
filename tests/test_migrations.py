"""The migrations: each app's history is one line (no doubled numbers, no merge
migrations); no upgrade builds an index on a large table while holding its writes; they
write the reference data a new desk starts with; and on PostgreSQL they create what exists
there only: pg_trgm, the grams function, the search indexes with their statistics target,
and the statement-level triggers of the reports' roll-up."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from catalog.defaults import CRITERIA
from common.indexes import blocking_index_builds
from incidents.defaults import RESOLUTION_CODES
from sla import defaults as sla_defaults
from tests.conftest import MIGRATED_ROWS, SHIPPED_SERVICE_LEVELS

PROJECT_APPS = sorted(
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).is_relative_to(settings.BASE_DIR)
)

SEARCH_INDEXES = {
    "incidents_ticket": [
        "ticket_title_trgm",
        "ticket_description_trgm",
        "ticket_title_grams",
        "ticket_description_grams",
    ],
    "incidents_comment": ["comment_body_trgm", "comment_body_grams"],
    "assets_asset": [
        "asset_name_trgm",
        "asset_model_trgm",
        "asset_name_grams",
        "asset_model_grams",
        "asset_serial_upper",
        "asset_ip_text",
    ],
}
ROLLUP_TABLES = ["incidents_ticket", "sla_slatimer", "satisfaction_survey"]

# Released before the rule (0.1), applied by every desk since: history, never rewritten.
# Each adds foreign keys or a db_index field to a large table, whose indexes the ALTER TABLE
# built plainly; on the desks of the time those tables were small. Nothing joins this list:
# a new migration builds its indexes with common.indexes (docs/conventions.md).
GRANDFATHERED = {
    ("accounts", "0002_manager_delegate"),  # users' manager and delegate
    ("notifications", "0002_message_id_and_ticket"),  # outbox rows' message id and ticket
}


def test_each_apps_migrations_form_one_line():
    """Numbered 0001, 0002, … each on the one before: a second 0003 or a merge migration
    means a branch was not renumbered onto the latest migration of its app."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    checked = 0
    for label in PROJECT_APPS:
        names = sorted(name for app, name in graph.nodes if app == label)
        if not names:
            continue
        checked += 1
        assert [int(name[:4]) for name in names] == list(range(1, len(names) + 1)), names
        for previous, name in zip([None, *names], names, strict=False):
            parents = {node.key for node in graph.node_map[(label, name)].parents}
            own = {parent for app, parent in parents if app == label}
            assert own == ({previous} if previous else set()), (label, name, own)
    assert checked >= 8


def test_no_migration_holds_a_large_tables_writes_while_it_builds_an_index():
    """After an app's initial migration, an index on a large table (common.indexes.
    LARGE_TABLES) is built CONCURRENTLY, by common.indexes' operations in a migration with
    `atomic = False`: a plain build would stop the desk's writes for the whole upgrade."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    found: dict[tuple[str, str], list[str]] = {}
    for key, migration in sorted(loader.disk_migrations.items()):
        if key[0] in PROJECT_APPS:
            lines = blocking_index_builds(migration, loader.project_state(key, at_end=False))
            if lines:
                found[key] = lines
    new = {key: lines for key, lines in found.items() if key not in GRANDFATHERED}
    assert not new, "\n".join(line for lines in new.values() for line in lines)
    # A grandfathered migration that the rule no longer reports leaves the list.
    assert set(found) == GRANDFATHERED


@pytest.mark.django_db
def test_the_migrations_write_the_reference_data_a_new_desk_starts_with(request):
    if request.config.getoption("reuse_db", default=False):
        pytest.skip("a reused test database was migrated (and changed) by an earlier run")
    assert sorted((r["code"], r["order"]) for r in MIGRATED_ROWS["resolution_codes"]) == sorted(
        (code, order) for code, _label, _zh, order in RESOLUTION_CODES
    )
    assert sorted(
        (r["code"], r["kind"], r["order"]) for r in MIGRATED_ROWS["admission_criteria"]
    ) == sorted((code, kind, order) for code, _label, _zh, kind, _check, order in CRITERIA)
    calendars = SHIPPED_SERVICE_LEVELS["calendars"]
    assert [calendar.name for calendar in calendars] == [sla_defaults.CALENDAR_NAME]
    policies = sorted(SHIPPED_SERVICE_LEVELS["policies"], key=lambda policy: policy.priority)
    assert [(p.name, p.priority, p.calendar_id) for p in policies] == [
        (name, priority, calendars[0].pk) for name, priority, *_ in sla_defaults.POLICIES
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL-only objects")
@pytest.mark.django_db
def test_postgresql_has_the_search_indexes_and_the_rollup_triggers():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_trgm'), "
            "to_regprocedure('itsm_search_grams(text, boolean)') IS NOT NULL"
        )
        assert cursor.fetchone() == (True, True)
        cursor.execute(
            "SELECT t.relname, i.relname, a.attstattarget, pg_get_indexdef(i.oid) "
            "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_class t ON t.oid = x.indrelid "
            "JOIN pg_attribute a ON a.attrelid = i.oid AND a.attnum = 1 "
            "WHERE i.relname = ANY(%s)",
            [[name for names in SEARCH_INDEXES.values() for name in names]],
        )
        found = {index: (table, target, sql) for table, index, target, sql in cursor.fetchall()}
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname, tgtype & 1 FROM pg_trigger "
            "WHERE NOT tgisinternal AND tgname LIKE '%%_rollup_%%'"
        )
        triggers = sorted(cursor.fetchall())
    for table, names in SEARCH_INDEXES.items():
        for name in names:
            assert found[name][:2] == (table, 1000), (name, found.get(name))
            if name.endswith("_grams"):
                assert "itsm_search_grams(" in found[name][2]
                assert "gin_trgm_ops" in found[name][2]
    # Statement-level (the row bit of tgtype unset), on insert, update and delete.
    assert triggers == sorted(
        (table, f"{table}_rollup_{event}", 0)
        for table in ROLLUP_TABLES
        for event in ("ins", "upd", "del")
    )
