"""The reports' daily roll-up (RolledDay, DailyFigure, DirtyMark) and, on PostgreSQL, the
statement-level triggers on tickets, SLA timers and surveys that mark the hours whose
figures changed (below).

Version 0.1's development migrations, squashed into one before its release.
"""

from django.db import migrations, models


# --- Triggers that write a DirtyMark whenever a change touches a figure -----------------
# PostgreSQL only; on SQLite the reports compute every figure from the tickets directly.
# Statement-level, with transition tables: a bulk insert or update writes one mark per
# distinct hour, not one per row. Marks carry instants (UTC hours); which day of the desk's
# zone they fall on is decided when they are read (reports/rollup.py).

FUNCTIONS = """
CREATE OR REPLACE FUNCTION reports_mark_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO reports_dirtymark (at)
        WITH changed AS (
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (o.created_at, o.resolved_at, o.promised_reply_at, o.promise_kept,
                   o.assignment_group_id, o.catalog_item_id, o.customer_unit_id, o.priority,
                   o.asset_id, o.reassignment_count, o.reopen_count, o.status = 'cancelled')
                  IS DISTINCT FROM
                  (n.created_at, n.resolved_at, n.promised_reply_at, n.promise_kept,
                   n.assignment_group_id, n.catalog_item_id, n.customer_unit_id, n.priority,
                   n.asset_id, n.reassignment_count, n.reopen_count, n.status = 'cancelled')
        )
        SELECT DISTINCT date_trunc('hour', ts) FROM (
            SELECT v.ts FROM old_rows o JOIN changed c ON c.id = o.id,
                LATERAL (VALUES (o.created_at), (o.resolved_at), (o.promised_reply_at)) v(ts)
            UNION ALL
            SELECT v.ts FROM new_rows n JOIN changed c ON c.id = n.id,
                LATERAL (VALUES (n.created_at), (n.resolved_at), (n.promised_reply_at)) v(ts)
            UNION ALL
            SELECT v.ts FROM sla_slatimer m JOIN changed c ON c.id = m.ticket_id,
                LATERAL (VALUES (m.breached_at), (m.stopped_at)) v(ts)
            UNION ALL
            SELECT s.responded_at FROM satisfaction_survey s JOIN changed c ON c.id = s.ticket_id
        ) x WHERE ts IS NOT NULL;
    ELSE
        INSERT INTO reports_dirtymark (at)
        SELECT DISTINCT date_trunc('hour', v.ts) FROM changed_rows r,
            LATERAL (VALUES (r.created_at), (r.resolved_at), (r.promised_reply_at)) v(ts)
        WHERE v.ts IS NOT NULL;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reports_mark_timers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO reports_dirtymark (at)
        SELECT DISTINCT date_trunc('hour', v.ts)
        FROM new_rows n JOIN old_rows o ON o.id = n.id,
            LATERAL (VALUES (o.breached_at), (o.stopped_at), (n.breached_at), (n.stopped_at)) v(ts)
        WHERE v.ts IS NOT NULL
          AND (o.state, o.stopped_at, o.breached_at, o.elapsed)
              IS DISTINCT FROM (n.state, n.stopped_at, n.breached_at, n.elapsed);
    ELSE
        INSERT INTO reports_dirtymark (at)
        SELECT DISTINCT date_trunc('hour', v.ts) FROM changed_rows r,
            LATERAL (VALUES (r.breached_at), (r.stopped_at)) v(ts)
        WHERE v.ts IS NOT NULL;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reports_mark_surveys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO reports_dirtymark (at)
        SELECT DISTINCT date_trunc('hour', v.ts)
        FROM new_rows n JOIN old_rows o ON o.id = n.id,
            LATERAL (VALUES (o.responded_at), (n.responded_at)) v(ts)
        WHERE v.ts IS NOT NULL
          AND (o.responded_at, o.rating) IS DISTINCT FROM (n.responded_at, n.rating);
    ELSE
        INSERT INTO reports_dirtymark (at)
        SELECT DISTINCT date_trunc('hour', r.responded_at) FROM changed_rows r
        WHERE r.responded_at IS NOT NULL;
    END IF;
    RETURN NULL;
END $$;
"""

TABLES = {
    "incidents_ticket": "reports_mark_tickets",
    "sla_slatimer": "reports_mark_timers",
    "satisfaction_survey": "reports_mark_surveys",
}


def _triggers() -> list[str]:
    statements = []
    for table, function in TABLES.items():
        statements += [
            f"CREATE TRIGGER {table}_rollup_ins AFTER INSERT ON {table} "
            f"REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
            f"CREATE TRIGGER {table}_rollup_upd AFTER UPDATE ON {table} "
            "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
            f"CREATE TRIGGER {table}_rollup_del AFTER DELETE ON {table} "
            f"REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    return statements


def install_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIONS)
    for statement in _triggers():
        schema_editor.execute(statement)


def uninstall_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        for suffix in ("ins", "upd", "del"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_rollup_{suffix} ON {table}")
    for function in TABLES.values():
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}()")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The triggers watch these apps' tables.
        ("incidents", "0001_initial"),
        ("satisfaction", "0001_initial"),
        ("sla", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name='RolledDay',
            fields=[
                ('day', models.DateField(primary_key=True, serialize=False)),
                ('zone', models.CharField(max_length=64)),
                ('built_at', models.DateTimeField()),
            ],
        ),
        migrations.CreateModel(
            name='DailyFigure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('dim', models.PositiveSmallIntegerField(choices=[(0, 'All'), (1, 'Group'), (2, 'Service'), (3, 'Unit'), (4, 'Priority')])),
                ('key', models.BigIntegerField()),
                ('opened', models.IntegerField(default=0)),
                ('resolved', models.IntegerField(default=0)),
                ('first_contact', models.IntegerField(default=0)),
                ('reassigned', models.IntegerField(default=0)),
                ('reopened', models.IntegerField(default=0)),
                ('response_decided', models.IntegerField(default=0)),
                ('response_met', models.IntegerField(default=0)),
                ('resolution_decided', models.IntegerField(default=0)),
                ('resolution_met', models.IntegerField(default=0)),
                ('response_seconds', models.FloatField(default=0)),
                ('response_stopped', models.IntegerField(default=0)),
                ('resolution_seconds', models.FloatField(default=0)),
                ('resolution_stopped', models.IntegerField(default=0)),
                ('csat_sum', models.IntegerField(default=0)),
                ('csat_responses', models.IntegerField(default=0)),
                ('rating_1', models.IntegerField(default=0)),
                ('rating_2', models.IntegerField(default=0)),
                ('rating_3', models.IntegerField(default=0)),
                ('rating_4', models.IntegerField(default=0)),
                ('rating_5', models.IntegerField(default=0)),
                ('promises_due', models.IntegerField(default=0)),
                ('promises_kept', models.IntegerField(default=0)),
            ],
            options={
                'indexes': [models.Index(fields=['dim', 'day'], name='dailyfigure_dim_day')],
                'constraints': [models.UniqueConstraint(fields=('dim', 'key', 'day'), name='dailyfigure_unique')],
            },
        ),
        migrations.CreateModel(
            name='DirtyMark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField()),
            ],
            options={
                'indexes': [models.Index(fields=['at'], name='dirtymark_at')],
            },
        ),
        # The functions and triggers that write DirtyMarks (PostgreSQL only).
        migrations.RunPython(install_triggers, uninstall_triggers, elidable=False),
    ]
