"""The CMDB's tables, with their history tables (django-simple-history); on PostgreSQL
also the pg_trgm extension, the `itsm_search_grams` function and the CMDB's search
indexes (below).

Version 0.1's development migrations, squashed into one before its release.
"""

import assets.models
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import simple_history.models
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


# --- Free-text search (PostgreSQL only; SQLite searches with LIKE) ------------------------
# pg_trgm trigram indexes over UPPER(text), the expression Django's `icontains` compares, and
# over the text's grams (`itsm_search_grams`, see common/searchterms.py): every two neighbouring
# characters as a word of their own, so that one- and two-character Chinese words have
# trigrams too. The character ranges must stay those of common.searchterms.
#
# The extension and the function are created here, in the first app whose tables are
# searched: incidents (which depends on assets) indexes its tickets and comments with the
# same function in its own initial migration.
#
# Not in the models' Meta.indexes: Django has no index that exists on one backend only.

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

# Trigram indexes over the expressions Django compares for name and model (`icontains`),
# their grams for words of one or two characters, and B-trees for the serial number
# (`iexact`) and the IP address (`startswith`). The tag prefix uses the tag's own index.
SEARCH_INDEXES = {
    "asset_name_trgm": "assets_asset USING gin (upper(name::text) gin_trgm_ops)",
    "asset_model_trgm": "assets_asset USING gin (upper(model::text) gin_trgm_ops)",
    "asset_name_grams": "assets_asset USING gin (itsm_search_grams(name::text, true) gin_trgm_ops)",
    "asset_model_grams": (
        "assets_asset USING gin (itsm_search_grams(model::text, true) gin_trgm_ops)"
    ),
    "asset_serial_upper": "assets_asset (upper(serial_number::text))",
    "asset_ip_text": "assets_asset (host(ip_address) text_pattern_ops)",
}

# The planner estimates `LIKE '%term%'` from these expressions' statistics: the default
# sample misjudges a word in one row out of a hundred by a hundred times, and then sorts
# thousands of rows where walking the newest few would do.
STATISTICS = 1000


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(GRAMS_FUNCTION)
    for name, definition in SEARCH_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
        schema_editor.execute(f"ALTER INDEX {name} ALTER COLUMN 1 SET STATISTICS {STATISTICS}")


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in SEARCH_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS itsm_search_grams(text, boolean)")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AssetCategory',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('code', models.CharField(max_length=16, unique=True, validators=[django.core.validators.RegexValidator('^[A-Z0-9][A-Z0-9_-]{0,15}$', 'Use 1–16 upper-case letters, digits, hyphens or underscores, e.g. PC or SRV.', code='invalid_category')], verbose_name='code')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
            ],
            options={
                'verbose_name': 'asset category',
                'verbose_name_plural': 'asset categories',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='Asset',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('tag', models.CharField(max_length=11, unique=True, validators=[assets.models.validate_tag], verbose_name='tag')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('status', models.CharField(choices=[('in_use', 'In use'), ('in_stock', 'In stock'), ('maintenance', 'In maintenance'), ('retired', 'Retired')], default='in_use', max_length=16, verbose_name='status')),
                ('serial_number', models.CharField(blank=True, max_length=100, verbose_name='serial number')),
                ('model', models.CharField(blank=True, max_length=200, verbose_name='model')),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP address')),
                ('notes', models.TextField(blank=True, max_length=5000, verbose_name='notes')),
                ('customer_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assets', to='accounts.customerunit', verbose_name='customer unit')),
                ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assets', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assets', to='assets.assetcategory', verbose_name='category')),
            ],
            options={
                'verbose_name': 'configuration item',
                'verbose_name_plural': 'configuration items',
                'ordering': ['tag'],
            },
        ),
        migrations.CreateModel(
            name='Building',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('code', models.CharField(max_length=2, unique=True, validators=[django.core.validators.RegexValidator('^[0-9]{2}$', 'A building code is two digits, e.g. 01.', code='invalid_building')], verbose_name='code')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
            ],
            options={
                'verbose_name': 'building',
                'verbose_name_plural': 'buildings',
                'ordering': ['code'],
                'constraints': [models.CheckConstraint(condition=models.Q(('code__regex', '^[0-9]{2}$')), name='building_code_two_digits')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalAssetRelation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('kind', models.CharField(choices=[('depends_on', 'depends on'), ('runs_on', 'runs on'), ('connected_to', 'connected to')], max_length=16, verbose_name='kind')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='assets.asset', verbose_name='source')),
                ('target', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='assets.asset', verbose_name='target')),
            ],
            options={
                'verbose_name': 'historical relation',
                'verbose_name_plural': 'historical relations',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalBuilding',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('code', models.CharField(db_index=True, max_length=2, validators=[django.core.validators.RegexValidator('^[0-9]{2}$', 'A building code is two digits, e.g. 01.', code='invalid_building')], verbose_name='code')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical building',
                'verbose_name_plural': 'historical buildings',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalRoom',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('code', models.CharField(max_length=4, validators=[django.core.validators.RegexValidator('^[0-9]{4}$', 'A room code is four digits: floor and room, e.g. 0210 (floor 02, room 10).', code='invalid_room')], verbose_name='code')),
                ('name', models.CharField(blank=True, max_length=200, verbose_name='name')),
                ('key', models.CharField(db_index=True, editable=False, max_length=6, verbose_name='key')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('building', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='assets.building', verbose_name='building')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical room',
                'verbose_name_plural': 'historical rooms',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Room',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('code', models.CharField(max_length=4, validators=[django.core.validators.RegexValidator('^[0-9]{4}$', 'A room code is four digits: floor and room, e.g. 0210 (floor 02, room 10).', code='invalid_room')], verbose_name='code')),
                ('name', models.CharField(blank=True, max_length=200, verbose_name='name')),
                ('key', models.CharField(editable=False, max_length=6, unique=True, verbose_name='key')),
                ('building', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rooms', to='assets.building', verbose_name='building')),
            ],
            options={
                'verbose_name': 'room',
                'verbose_name_plural': 'rooms',
                'ordering': ['key'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalAsset',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('tag', models.CharField(db_index=True, max_length=11, validators=[assets.models.validate_tag], verbose_name='tag')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('status', models.CharField(choices=[('in_use', 'In use'), ('in_stock', 'In stock'), ('maintenance', 'In maintenance'), ('retired', 'Retired')], default='in_use', max_length=16, verbose_name='status')),
                ('serial_number', models.CharField(blank=True, max_length=100, verbose_name='serial number')),
                ('model', models.CharField(blank=True, max_length=200, verbose_name='model')),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP address')),
                ('notes', models.TextField(blank=True, max_length=5000, verbose_name='notes')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('category', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='assets.assetcategory', verbose_name='category')),
                ('customer_unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.customerunit', verbose_name='customer unit')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('owner', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                ('room', models.ForeignKey(blank=True, db_column='room_key', db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='assets.room', to_field='key', verbose_name='room')),
            ],
            options={
                'verbose_name': 'historical configuration item',
                'verbose_name_plural': 'historical configuration items',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='asset',
            name='room',
            field=models.ForeignKey(db_column='room_key', editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='assets', to='assets.room', to_field='key', verbose_name='room'),
        ),
        migrations.CreateModel(
            name='AssetRelation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('kind', models.CharField(choices=[('depends_on', 'depends on'), ('runs_on', 'runs on'), ('connected_to', 'connected to')], max_length=16, verbose_name='kind')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='relations_out', to='assets.asset', verbose_name='source')),
                ('target', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='relations_in', to='assets.asset', verbose_name='target')),
            ],
            options={
                'verbose_name': 'relation',
                'verbose_name_plural': 'relations',
                'ordering': ['source_id', 'kind', 'target_id'],
                'indexes': [models.Index(fields=['target', 'kind'], name='assets_asse_target__6c28d4_idx')],
                'constraints': [models.UniqueConstraint(fields=('source', 'target', 'kind'), name='asset_relation_unique'), models.CheckConstraint(condition=models.Q(('source', models.F('target')), _negated=True), name='asset_relation_not_self')],
            },
        ),
        migrations.AddConstraint(
            model_name='room',
            constraint=models.UniqueConstraint(fields=('building', 'code'), name='room_unique_in_building'),
        ),
        migrations.AddConstraint(
            model_name='room',
            constraint=models.CheckConstraint(condition=models.Q(('code__regex', '^[0-9]{4}$')), name='room_code_four_digits'),
        ),
        migrations.AddConstraint(
            model_name='room',
            constraint=models.CheckConstraint(condition=models.Q(('key__regex', '^[0-9]{6}$')), name='room_key_six_digits'),
        ),
        migrations.AddIndex(
            model_name='asset',
            index=models.Index(fields=['status'], name='assets_asse_status_347ce9_idx'),
        ),
        migrations.AddIndex(
            model_name='asset',
            index=models.Index(fields=['name'], name='assets_asse_name_e4d2fa_idx'),
        ),
        migrations.AddIndex(
            model_name='asset',
            index=models.Index(fields=['serial_number'], name='assets_asse_serial__401a52_idx'),
        ),
        migrations.AddIndex(
            model_name='asset',
            index=models.Index(fields=['ip_address'], name='assets_asse_ip_addr_c30137_idx'),
        ),
        migrations.AddIndex(
            model_name='asset',
            index=models.Index(fields=['updated_at'], name='assets_asse_updated_16bcc3_idx'),
        ),
        migrations.AddConstraint(
            model_name='asset',
            constraint=models.CheckConstraint(condition=models.Q(('tag__regex', '^D[0-9]{6}-(00[1-9]|0[1-9][0-9]|[1-9][0-9]{2})$')), name='asset_tag_shape'),
        ),
        migrations.AddConstraint(
            model_name='asset',
            constraint=models.CheckConstraint(condition=models.Q(('room_id', django.db.models.functions.text.Substr('tag', 2, 6))), name='asset_room_matches_tag'),
        ),
        # pg_trgm and the grams function (PostgreSQL only), then the search indexes.
        TrigramExtension(),
        migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False),
    ]
