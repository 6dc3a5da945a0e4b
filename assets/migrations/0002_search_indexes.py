"""CMDB search indexes (PostgreSQL only; SQLite searches with LIKE): trigram indexes over
the expressions Django compares for name and model (`icontains`), their grams for words of
one or two characters (function from incidents 0006), and B-trees for the serial number
(`iexact`) and the IP address (`startswith`). The tag prefix uses the tag's own index."""

from django.db import migrations

INDEXES = {
    "asset_name_trgm": "assets_asset USING gin (upper(name::text) gin_trgm_ops)",
    "asset_model_trgm": "assets_asset USING gin (upper(model::text) gin_trgm_ops)",
    "asset_name_grams": "assets_asset USING gin (itsm_search_grams(name::text, true) gin_trgm_ops)",
    "asset_model_grams": (
        "assets_asset USING gin (itsm_search_grams(model::text, true) gin_trgm_ops)"
    ),
    "asset_serial_upper": "assets_asset (upper(serial_number::text))",
    "asset_ip_text": "assets_asset (host(ip_address) text_pattern_ops)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
        # Estimates of `LIKE '%term%'` come from these statistics (see incidents 0006).
        schema_editor.execute(f"ALTER INDEX {name} ALTER COLUMN 1 SET STATISTICS 1000")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0001_initial"),
        ("incidents", "0006_search_indexes"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
