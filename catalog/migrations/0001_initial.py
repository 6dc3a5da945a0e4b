"""The service catalogue's tables, with their history tables (django-simple-history), and
the admission checklist every new desk starts with (catalog/defaults.py; managers may
change it).

Version 0.1's development migrations, squashed into one before its release.
"""

import django.core.validators
import django.db.models.deletion
import common.inputs
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def create_admission_criteria(apps, schema_editor):
    from catalog.defaults import ensure_admission_criteria

    ensure_admission_criteria(apps.get_model("catalog", "AdmissionCriterion"))


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('assets', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AdmissionCriterion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('code', models.CharField(max_length=32, unique=True, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$', 'Use 1–32 letters, digits, hyphens or underscores, starting with a letter or digit.')], verbose_name='code')),
                ('label', models.CharField(max_length=200, verbose_name='label')),
                ('label_zh', models.CharField(blank=True, max_length=200, verbose_name='label (Chinese)')),
                ('kind', models.CharField(choices=[('system', 'Checked by the system'), ('manual', 'Ticked by a manager')], max_length=8, verbose_name='kind')),
                ('system_check', models.CharField(blank=True, help_text='For system criteria: the name of the check (see catalog/checklist.py).', max_length=40, verbose_name='system check')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('order', models.PositiveSmallIntegerField(default=100, verbose_name='order')),
            ],
            options={
                'verbose_name': 'admission criterion',
                'verbose_name_plural': 'admission criteria',
                'ordering': ['order', 'code'],
            },
        ),
        migrations.CreateModel(
            name='ServiceCategory',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('code', models.CharField(max_length=32, unique=True, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$', 'Use 1–32 letters, digits, hyphens or underscores, starting with a letter or digit.')], verbose_name='code')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('name_zh', models.CharField(blank=True, max_length=100, verbose_name='name (Chinese)')),
                ('icon', models.CharField(default='bi-grid', max_length=48, validators=[django.core.validators.RegexValidator('^bi-[a-z0-9-]{1,40}$', 'Use a Bootstrap Icons name, e.g. bi-laptop.', code='invalid_icon')], verbose_name='icon')),
                ('order', models.PositiveSmallIntegerField(default=100, verbose_name='order')),
            ],
            options={
                'verbose_name': 'service category',
                'verbose_name_plural': 'service categories',
                'ordering': ['order', 'code'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalAdmissionCriterion',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('code', models.CharField(db_index=True, max_length=32, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$', 'Use 1–32 letters, digits, hyphens or underscores, starting with a letter or digit.')], verbose_name='code')),
                ('label', models.CharField(max_length=200, verbose_name='label')),
                ('label_zh', models.CharField(blank=True, max_length=200, verbose_name='label (Chinese)')),
                ('kind', models.CharField(choices=[('system', 'Checked by the system'), ('manual', 'Ticked by a manager')], max_length=8, verbose_name='kind')),
                ('system_check', models.CharField(blank=True, help_text='For system criteria: the name of the check (see catalog/checklist.py).', max_length=40, verbose_name='system check')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('order', models.PositiveSmallIntegerField(default=100, verbose_name='order')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical admission criterion',
                'verbose_name_plural': 'historical admission criteria',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalServiceCategory',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('code', models.CharField(db_index=True, max_length=32, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$', 'Use 1–32 letters, digits, hyphens or underscores, starting with a letter or digit.')], verbose_name='code')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('name_zh', models.CharField(blank=True, max_length=100, verbose_name='name (Chinese)')),
                ('icon', models.CharField(default='bi-grid', max_length=48, validators=[django.core.validators.RegexValidator('^bi-[a-z0-9-]{1,40}$', 'Use a Bootstrap Icons name, e.g. bi-laptop.', code='invalid_icon')], verbose_name='icon')),
                ('order', models.PositiveSmallIntegerField(default=100, verbose_name='order')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical service category',
                'verbose_name_plural': 'historical service categories',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Service',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('code', models.CharField(max_length=32, unique=True, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$', 'Use 1–32 letters, digits, hyphens or underscores, starting with a letter or digit.')], verbose_name='code')),
                ('name', models.CharField(max_length=200, validators=[common.inputs.validate_single_line], verbose_name='name')),
                ('name_zh', models.CharField(blank=True, max_length=200, validators=[common.inputs.validate_single_line], verbose_name='name (Chinese)')),
                ('description', models.TextField(blank=True, max_length=5000, verbose_name='description')),
                ('description_zh', models.TextField(blank=True, max_length=5000, verbose_name='description (Chinese)')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('retired', 'Retired')], db_index=True, default='draft', editable=False, max_length=16, verbose_name='status')),
                ('support_hours', models.CharField(blank=True, help_text='When the service is supported, e.g. Mon–Fri 09:00–18:00, or 7×24.', max_length=200, verbose_name='support hours')),
                ('assets', models.ManyToManyField(blank=True, related_name='services', to='assets.asset', verbose_name='configuration items')),
                ('owner_group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='owned_services', to='accounts.supportgroup', verbose_name='owner group')),
                ('category', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='services', to='catalog.servicecategory', verbose_name='category')),
            ],
            options={
                'verbose_name': 'service',
                'verbose_name_plural': 'services',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalCatalogItem',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('name', models.CharField(max_length=200, validators=[common.inputs.validate_single_line], verbose_name='name')),
                ('name_zh', models.CharField(blank=True, max_length=200, validators=[common.inputs.validate_single_line], verbose_name='name (Chinese)')),
                ('description', models.TextField(blank=True, max_length=5000, verbose_name='description')),
                ('description_zh', models.TextField(blank=True, max_length=5000, verbose_name='description (Chinese)')),
                ('kind', models.CharField(choices=[('incident', 'Incident'), ('request', 'Service request')], max_length=16, verbose_name='kind')),
                ('form_schema', models.JSONField(blank=True, default=list, verbose_name='form schema')),
                ('default_impact', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(3)], verbose_name='default impact')),
                ('default_urgency', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(3)], verbose_name='default urgency')),
                ('requires_approval', models.BooleanField(default=False, verbose_name='requires approval')),
                ('is_active', models.BooleanField(db_index=True, default=True, verbose_name='active')),
                ('order', models.PositiveSmallIntegerField(default=100, verbose_name='order')),
                ('icon', models.CharField(blank=True, max_length=48, validators=[django.core.validators.RegexValidator('^bi-[a-z0-9-]{1,40}$', 'Use a Bootstrap Icons name, e.g. bi-laptop.', code='invalid_icon')], verbose_name='icon')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('assignment_group', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.supportgroup', verbose_name='assignment group')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('service', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.service', verbose_name='service')),
            ],
            options={
                'verbose_name': 'historical catalog item',
                'verbose_name_plural': 'historical catalog items',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalService',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('code', models.CharField(db_index=True, max_length=32, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$', 'Use 1–32 letters, digits, hyphens or underscores, starting with a letter or digit.')], verbose_name='code')),
                ('name', models.CharField(max_length=200, validators=[common.inputs.validate_single_line], verbose_name='name')),
                ('name_zh', models.CharField(blank=True, max_length=200, validators=[common.inputs.validate_single_line], verbose_name='name (Chinese)')),
                ('description', models.TextField(blank=True, max_length=5000, verbose_name='description')),
                ('description_zh', models.TextField(blank=True, max_length=5000, verbose_name='description (Chinese)')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('retired', 'Retired')], db_index=True, default='draft', editable=False, max_length=16, verbose_name='status')),
                ('support_hours', models.CharField(blank=True, help_text='When the service is supported, e.g. Mon–Fri 09:00–18:00, or 7×24.', max_length=200, verbose_name='support hours')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('owner_group', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.supportgroup', verbose_name='owner group')),
                ('category', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.servicecategory', verbose_name='category')),
            ],
            options={
                'verbose_name': 'historical service',
                'verbose_name_plural': 'historical services',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ServiceTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(max_length=16, verbose_name='action')),
                ('from_status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('retired', 'Retired')], max_length=16, verbose_name='from')),
                ('to_status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('retired', 'Retired')], max_length=16, verbose_name='to')),
                ('reason', models.TextField(blank=True, max_length=2000, verbose_name='reason')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='at')),
                ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='catalog.service')),
            ],
            options={
                'verbose_name': 'service transition',
                'verbose_name_plural': 'service transitions',
                'ordering': ['-at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='CatalogItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('name', models.CharField(max_length=200, validators=[common.inputs.validate_single_line], verbose_name='name')),
                ('name_zh', models.CharField(blank=True, max_length=200, validators=[common.inputs.validate_single_line], verbose_name='name (Chinese)')),
                ('description', models.TextField(blank=True, max_length=5000, verbose_name='description')),
                ('description_zh', models.TextField(blank=True, max_length=5000, verbose_name='description (Chinese)')),
                ('kind', models.CharField(choices=[('incident', 'Incident'), ('request', 'Service request')], max_length=16, verbose_name='kind')),
                ('form_schema', models.JSONField(blank=True, default=list, verbose_name='form schema')),
                ('default_impact', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(3)], verbose_name='default impact')),
                ('default_urgency', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(3)], verbose_name='default urgency')),
                ('requires_approval', models.BooleanField(default=False, verbose_name='requires approval')),
                ('is_active', models.BooleanField(db_index=True, default=True, verbose_name='active')),
                ('order', models.PositiveSmallIntegerField(default=100, verbose_name='order')),
                ('icon', models.CharField(blank=True, max_length=48, validators=[django.core.validators.RegexValidator('^bi-[a-z0-9-]{1,40}$', 'Use a Bootstrap Icons name, e.g. bi-laptop.', code='invalid_icon')], verbose_name='icon')),
                ('assignment_group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='catalog_items', to='accounts.supportgroup', verbose_name='assignment group')),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='items', to='catalog.service', verbose_name='service')),
            ],
            options={
                'verbose_name': 'catalog item',
                'verbose_name_plural': 'catalog items',
                'ordering': ['order', 'name'],
                'constraints': [models.CheckConstraint(condition=models.Q(('default_impact__gte', 1), ('default_impact__lte', 3)), name='catalog_item_impact_1_3'), models.CheckConstraint(condition=models.Q(('default_urgency__gte', 1), ('default_urgency__lte', 3)), name='catalog_item_urgency_1_3')],
            },
        ),
        migrations.CreateModel(
            name='AdmissionTick',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('done_at', models.DateTimeField(auto_now_add=True, verbose_name='done at')),
                ('note', models.CharField(blank=True, max_length=500, verbose_name='note')),
                ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalog.admissioncriterion')),
                ('done_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ticks', to='catalog.service')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('service', 'criterion'), name='one_tick_per_criterion')],
            },
        ),
        # The shipped admission checklist (reversing keeps the rows).
        migrations.RunPython(create_admission_criteria, migrations.RunPython.noop),
    ]
