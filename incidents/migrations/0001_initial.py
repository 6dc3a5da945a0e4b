"""The tickets' tables, with their history tables (django-simple-history), the resolution
codes every desk starts with (incidents/defaults.py; admins may add more) and, on
PostgreSQL, the free-text search indexes of tickets and comments (below).

Version 0.1's development migrations, squashed into one before its release.
"""

import django.core.validators
import django.db.models.deletion
import incidents.models
import common.inputs
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def create_resolution_codes(apps, schema_editor):
    from incidents.defaults import ensure_resolution_codes

    ensure_resolution_codes(apps.get_model("incidents", "ResolutionCode"))


# --- Free-text search (PostgreSQL only; SQLite searches with LIKE) ------------------------
# pg_trgm trigram indexes over UPPER(text) and over the text's grams: the extension and the
# `itsm_search_grams` function come from assets' initial migration (a dependency of this
# one), which explains both. Not in the models' Meta.indexes: Django has no index that
# exists on one backend only.

# The explicit casts are the ones Django writes: `UPPER("title"::text) LIKE UPPER(%s)`.
SEARCH_INDEXES = {
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


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in SEARCH_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
        schema_editor.execute(f"ALTER INDEX {name} ALTER COLUMN 1 SET STATISTICS {STATISTICS}")


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in SEARCH_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('assets', '0001_initial'),
        ('catalog', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ResolutionCode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=32, unique=True, verbose_name='code')),
                ('label', models.CharField(max_length=100, verbose_name='label')),
                ('label_zh', models.CharField(blank=True, max_length=100, verbose_name='label (Chinese)')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('order', models.PositiveSmallIntegerField(default=100, verbose_name='order')),
            ],
            options={
                'verbose_name': 'resolution code',
                'verbose_name_plural': 'resolution codes',
                'ordering': ['order', 'code'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalResolutionCode',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.SlugField(max_length=32, verbose_name='code')),
                ('label', models.CharField(max_length=100, verbose_name='label')),
                ('label_zh', models.CharField(blank=True, max_length=100, verbose_name='label (Chinese)')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('order', models.PositiveSmallIntegerField(default=100, verbose_name='order')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical resolution code',
                'verbose_name_plural': 'historical resolution codes',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Ticket',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('number', models.CharField(editable=False, max_length=16, null=True, unique=True, verbose_name='number')),
                ('kind', models.CharField(choices=[('incident', 'Incident'), ('request', 'Service request')], max_length=16, verbose_name='kind')),
                ('title', models.CharField(max_length=200, validators=[common.inputs.validate_single_line], verbose_name='title')),
                ('description', models.TextField(blank=True, max_length=20000, verbose_name='description')),
                ('form_data', models.JSONField(blank=True, default=dict, verbose_name='form answers')),
                ('channel', models.CharField(choices=[('portal', 'Portal'), ('phone', 'Phone'), ('email', 'Email'), ('walk_in', 'Walk-in'), ('monitoring', 'Monitoring')], default='portal', max_length=16, verbose_name='channel')),
                ('impact', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(3)], verbose_name='impact')),
                ('urgency', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(3)], verbose_name='urgency')),
                ('priority', models.PositiveSmallIntegerField(default=5, verbose_name='priority')),
                ('priority_override_reason', models.CharField(blank=True, max_length=500, verbose_name='priority override reason')),
                ('status', models.CharField(choices=[('new', 'New'), ('assigned', 'Assigned'), ('in_progress', 'In progress'), ('pending', 'Pending'), ('resolved', 'Resolved'), ('closed', 'Closed'), ('cancelled', 'Cancelled')], default='new', max_length=16, verbose_name='status')),
                ('pending_reason', models.CharField(blank=True, max_length=500, verbose_name='pending reason')),
                ('promised_reply_at', models.DateTimeField(blank=True, null=True, verbose_name='promised reply at')),
                ('callback_phone', models.CharField(blank=True, max_length=32, verbose_name='callback number')),
                ('promise_reminded_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('promise_kept', models.BooleanField(editable=False, null=True)),
                ('resolution_code', models.CharField(blank=True, max_length=32, verbose_name='resolution code')),
                ('resolution_notes', models.TextField(blank=True, max_length=20000, verbose_name='resolution notes')),
                ('reassignment_count', models.PositiveIntegerField(default=0, verbose_name='reassignments')),
                ('reopen_count', models.PositiveIntegerField(default=0, verbose_name='reopens')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                ('first_response_at', models.DateTimeField(blank=True, null=True, verbose_name='first response at')),
                ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='resolved at')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed at')),
                ('customer_updated_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='updated by the customer at')),
                ('asset', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='tickets', to='assets.asset', verbose_name='configuration item')),
                ('assignee', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assigned_tickets', to=settings.AUTH_USER_MODEL, verbose_name='assignee')),
                ('assignment_group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tickets', to='accounts.supportgroup', verbose_name='assignment group')),
                ('catalog_item', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tickets', to='catalog.catalogitem', verbose_name='catalog item')),
                ('customer_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tickets', to='accounts.customerunit', verbose_name='customer unit')),
                ('opened_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='logged by')),
                ('requester', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='requested_tickets', to=settings.AUTH_USER_MODEL, verbose_name='requester')),
            ],
            options={
                'verbose_name': 'ticket',
                'verbose_name_plural': 'tickets',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='CreationKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=255, verbose_name='idempotency key')),
                ('fingerprint', models.CharField(max_length=64)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('ticket', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='incidents.ticket')),
            ],
        ),
        migrations.CreateModel(
            name='Comment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('body', models.TextField(max_length=20000, verbose_name='text')),
                ('internal', models.BooleanField(default=False, verbose_name='internal work note')),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('ticket', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='incidents.ticket')),
            ],
            options={
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Attachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(max_length=200, upload_to=incidents.models.attachment_path)),
                ('original_name', models.CharField(max_length=200, verbose_name='file name')),
                ('content_type', models.CharField(max_length=100, verbose_name='type')),
                ('size', models.PositiveBigIntegerField(verbose_name='size')),
                ('internal', models.BooleanField(default=False, verbose_name='internal')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('ticket', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='incidents.ticket')),
            ],
            options={
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='TicketEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='at')),
                ('kind', models.CharField(choices=[('created', 'Created'), ('field', 'Field changed'), ('transition', 'Status changed'), ('assignment', 'Assigned'), ('comment', 'Comment'), ('attachment', 'Attachment'), ('reminder', 'Reminder'), ('sla', 'Service level'), ('survey', 'Satisfaction survey')], max_length=16, verbose_name='kind')),
                ('field', models.CharField(blank=True, max_length=64, verbose_name='field')),
                ('old_value', models.TextField(blank=True, verbose_name='old value')),
                ('new_value', models.TextField(blank=True, verbose_name='new value')),
                ('internal', models.BooleanField(default=False)),
                ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('ticket', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='incidents.ticket')),
            ],
            options={
                'ordering': ['at', 'id'],
            },
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['status', 'priority'], name='incidents_t_status_b92110_idx'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['assignment_group', 'status'], name='incidents_t_assignm_4a3022_idx'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['assignee', 'status'], name='incidents_t_assigne_bec261_idx'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['requester', '-created_at'], name='incidents_t_request_ef17f4_idx'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['-updated_at', '-id'], name='ticket_recent'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['-created_at', '-id'], name='ticket_newest'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['assignment_group', '-created_at', '-id'], name='ticket_group_newest'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['status', 'resolved_at'], name='incidents_t_status_acd199_idx'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['resolved_at'], name='ticket_resolved_at'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(condition=models.Q(('customer_updated_at__isnull', False)), fields=['-customer_updated_at', '-id'], name='ticket_customer_updated'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(condition=models.Q(('promised_reply_at__isnull', False)), fields=['promised_reply_at'], name='ticket_promised'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(condition=models.Q(('status__in', ('new', 'assigned', 'in_progress', 'pending'))), fields=['priority', 'created_at'], name='ticket_open_queue'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(condition=models.Q(('status__in', ('new', 'assigned', 'in_progress', 'pending')), _negated=True), fields=['resolved_at', 'created_at'], name='ticket_resolved_ended'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(condition=models.Q(('resolved_at__isnull', True), models.Q(('status__in', ('new', 'assigned', 'in_progress', 'pending')), _negated=True)), fields=['closed_at', 'created_at'], name='ticket_unresolved_ended'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(condition=models.Q(('reassignment_count__gt', 0)), fields=['-reassignment_count', '-created_at'], name='ticket_ping_pong'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(condition=models.Q(('asset__isnull', False)), fields=['created_at', 'asset'], name='ticket_asset_opened'),
        ),
        migrations.AddConstraint(
            model_name='ticket',
            constraint=models.CheckConstraint(condition=models.Q(('impact__gte', 1), ('impact__lte', 3)), name='ticket_impact_1_3'),
        ),
        migrations.AddConstraint(
            model_name='ticket',
            constraint=models.CheckConstraint(condition=models.Q(('urgency__gte', 1), ('urgency__lte', 3)), name='ticket_urgency_1_3'),
        ),
        migrations.AddConstraint(
            model_name='ticket',
            constraint=models.CheckConstraint(condition=models.Q(('priority__gte', 1), ('priority__lte', 5)), name='ticket_priority_1_5'),
        ),
        migrations.AddConstraint(
            model_name='ticket',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ('new', 'assigned', 'in_progress', 'pending', 'resolved', 'closed', 'cancelled'))), name='ticket_status_known'),
        ),
        migrations.AddIndex(
            model_name='creationkey',
            index=models.Index(fields=['created_at'], name='creation_key_created'),
        ),
        migrations.AddConstraint(
            model_name='creationkey',
            constraint=models.UniqueConstraint(fields=('user', 'key'), name='creation_key_once_per_user'),
        ),
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(fields=['ticket', 'created_at'], name='incidents_c_ticket__1042f0_idx'),
        ),
        migrations.AddIndex(
            model_name='ticketevent',
            index=models.Index(fields=['ticket', 'at'], name='incidents_t_ticket__0833f2_idx'),
        ),
        # The shipped resolution codes (reversing keeps the rows).
        migrations.RunPython(create_resolution_codes, migrations.RunPython.noop),
        # Trigram and grams indexes (PostgreSQL only).
        migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False),
    ]
