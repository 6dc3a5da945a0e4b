"""Free-text search indexes (PostgreSQL only; SQLite searches with LIKE).

pg_trgm trigram indexes over UPPER(text), the expression Django's `icontains` compares,
and over the text's grams (`itsm_search_grams`, see itsm/searchterms.py): every two
neighbouring characters as a word of their own, so that one- and two-character Chinese
words have trigrams too. The character ranges must stay those of itsm.searchterms.

Not in the models' Meta.indexes: Django has no index that exists on one backend only.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

CHARACTERS = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"

GRAMS_FUNCTION = rf"""
CREATE OR REPLACE FUNCTION itsm_search_grams(value text, short_field boolean) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT regexp_replace(runs, pair, ' \1\2 ', 'g')
      || regexp_replace(regexp_replace(runs, ' ' || one, ' ', 'g'), pair, ' \1\2 ', 'g')
  FROM (
    SELECT one, '(' || one || ')(' || one || ')' AS pair,
           ' ' || regexp_replace(upper(value), '[^' || chars || ']+', ' ', 'g') || ' ' AS runs
    FROM (
      SELECT chars, '[' || chars || ']' AS one
      FROM (SELECT CASE WHEN short_field THEN '0-9A-Z' ELSE '' END || '{CHARACTERS}' AS chars)
        AS c
    ) AS classes
  ) AS text_runs
$$
"""

# The explicit casts are the ones Django writes: `UPPER("title"::text) LIKE UPPER(%s)`.
INDEXES = {
    "ticket_title_trgm": "incidents_ticket USING gin (upper(title::text) gin_trgm_ops)",
    "ticket_description_trgm": "incidents_ticket USING gin (upper(description) gin_trgm_ops)",
    "comment_body_trgm": "incidents_comment USING gin (upper(body) gin_trgm_ops)",
    "ticket_title_grams": (
        "incidents_ticket USING gin (itsm_search_grams(title::text, true) gin_trgm_ops)"
    ),
    "ticket_description_grams": (
        "incidents_ticket USING gin (itsm_search_grams(description, false) gin_trgm_ops)"
    ),
    "comment_body_grams": (
        "incidents_comment USING gin (itsm_search_grams(body, false) gin_trgm_ops)"
    ),
}


# The planner estimates `LIKE '%term%'` from these expressions' statistics: the default
# sample misjudges a word in one ticket out of a hundred by a hundred times, and then sorts
# thousands of rows where walking the newest few would do.
STATISTICS = 1000


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(GRAMS_FUNCTION)
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
        schema_editor.execute(f"ALTER INDEX {name} ALTER COLUMN 1 SET STATISTICS {STATISTICS}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS itsm_search_grams(text, boolean)")


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0005_merge_history_survey_events"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create, drop, elidable=False),
    ]
