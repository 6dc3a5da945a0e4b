"""The service levels' tables, with their history tables (django-simple-history), and the
service levels a new desk starts with (sla/defaults.py): a "Standard office hours"
calendar with this and next year's official Chinese holidays, and one policy per
priority. A desk that already has a policy for a priority keeps it.

Version 0.1's development migrations, squashed into one before its release.
"""

import datetime
import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def create_service_levels(apps, schema_editor):
    from sla import defaults

    defaults.create(
        apps.get_model("sla", "BusinessCalendar"),
        apps.get_model("sla", "SLAPolicy"),
        timezone.localdate().year,
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('catalog', '0001_initial'),
        ('incidents', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='BusinessCalendar',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                ('timezone', models.CharField(default='Asia/Shanghai', max_length=64, verbose_name='time zone')),
                ('hours', models.JSONField(default=dict, verbose_name='working hours')),
                ('holidays', models.JSONField(blank=True, default=list, verbose_name='holidays')),
                ('workdays', models.JSONField(blank=True, default=list, verbose_name='make-up working days')),
            ],
            options={
                'verbose_name': 'business calendar',
                'verbose_name_plural': 'business calendars',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalBusinessCalendar',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('name', models.CharField(db_index=True, max_length=100, verbose_name='name')),
                ('timezone', models.CharField(default='Asia/Shanghai', max_length=64, verbose_name='time zone')),
                ('hours', models.JSONField(default=dict, verbose_name='working hours')),
                ('holidays', models.JSONField(blank=True, default=list, verbose_name='holidays')),
                ('workdays', models.JSONField(blank=True, default=list, verbose_name='make-up working days')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical business calendar',
                'verbose_name_plural': 'historical business calendars',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalSLAPolicy',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('priority', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='priority')),
                ('response_minutes', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(525600)], verbose_name='response target (business minutes)')),
                ('resolution_minutes', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(525600)], verbose_name='resolution target (business minutes)')),
                ('warn_at_percent', models.PositiveSmallIntegerField(default=80, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(99)], verbose_name='warn at (percent of target)')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('calendar', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sla.businesscalendar', verbose_name='calendar')),
                ('customer_unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.customerunit', verbose_name='customer unit')),
                ('escalation_group', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.supportgroup', verbose_name='escalation group')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('service', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.service', verbose_name='service')),
            ],
            options={
                'verbose_name': 'historical SLA policy',
                'verbose_name_plural': 'historical SLA policies',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='SLAPolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('priority', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='priority')),
                ('response_minutes', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(525600)], verbose_name='response target (business minutes)')),
                ('resolution_minutes', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(525600)], verbose_name='resolution target (business minutes)')),
                ('warn_at_percent', models.PositiveSmallIntegerField(default=80, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(99)], verbose_name='warn at (percent of target)')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('calendar', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='policies', to='sla.businesscalendar', verbose_name='calendar')),
                ('customer_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='sla_policies', to='accounts.customerunit', verbose_name='customer unit')),
                ('escalation_group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.supportgroup', verbose_name='escalation group')),
                ('service', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='sla_policies', to='catalog.service', verbose_name='service')),
            ],
            options={
                'verbose_name': 'SLA policy',
                'verbose_name_plural': 'SLA policies',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='SLATimer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('response', 'Response'), ('resolution', 'Resolution')], max_length=16, verbose_name='kind')),
                ('target_minutes', models.PositiveIntegerField(verbose_name='target (business minutes)')),
                ('warn_at_percent', models.PositiveSmallIntegerField(verbose_name='warn at (percent of target)')),
                ('state', models.CharField(choices=[('running', 'Running'), ('paused', 'Paused'), ('stopped', 'Stopped')], default='running', max_length=16, verbose_name='state')),
                ('started_at', models.DateTimeField(verbose_name='started at')),
                ('running_since', models.DateTimeField(blank=True, null=True)),
                ('segments', models.JSONField(blank=True, default=list)),
                ('elapsed', models.DurationField(default=datetime.timedelta, verbose_name='business time used')),
                ('due_at', models.DateTimeField(blank=True, null=True, verbose_name='due at')),
                ('warn_at', models.DateTimeField(blank=True, null=True, verbose_name='warning at')),
                ('warned_at', models.DateTimeField(blank=True, null=True, verbose_name='warned at')),
                ('breached_at', models.DateTimeField(blank=True, null=True, verbose_name='breached at')),
                ('stopped_at', models.DateTimeField(blank=True, null=True, verbose_name='stopped at')),
                ('warn_notified', models.BooleanField(default=False)),
                ('breach_notified', models.BooleanField(default=False)),
                ('calendar', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='timers', to='sla.businesscalendar', verbose_name='calendar')),
                ('policy', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='timers', to='sla.slapolicy', verbose_name='SLA policy')),
                ('ticket', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sla_timers', to='incidents.ticket')),
            ],
            options={
                'verbose_name': 'SLA timer',
                'verbose_name_plural': 'SLA timers',
                'ordering': ['ticket', 'kind'],
            },
        ),
        migrations.AddConstraint(
            model_name='slapolicy',
            constraint=models.CheckConstraint(condition=models.Q(('warn_at_percent__gte', 1), ('warn_at_percent__lte', 99)), name='sla_warn_1_99'),
        ),
        migrations.AddConstraint(
            model_name='slapolicy',
            constraint=models.CheckConstraint(condition=models.Q(('priority__isnull', True), models.Q(('priority__gte', 1), ('priority__lte', 5)), _connector='OR'), name='sla_priority_1_5'),
        ),
        migrations.AddIndex(
            model_name='slatimer',
            index=models.Index(condition=models.Q(('breached_at__isnull', True), ('state', 'running')), fields=['due_at'], name='sla_timer_breach_scan'),
        ),
        migrations.AddIndex(
            model_name='slatimer',
            index=models.Index(condition=models.Q(('state', 'running'), ('warned_at__isnull', True)), fields=['warn_at'], name='sla_timer_warn_scan'),
        ),
        migrations.AddIndex(
            model_name='slatimer',
            index=models.Index(condition=models.Q(models.Q(('warn_notified', False), ('warned_at__isnull', False)), models.Q(('breach_notified', False), ('breached_at__isnull', False)), _connector='OR'), fields=['id'], name='sla_timer_unnotified'),
        ),
        migrations.AddIndex(
            model_name='slatimer',
            index=models.Index(condition=models.Q(('state', 'running')), fields=['due_at', 'ticket'], name='sla_timer_running_due'),
        ),
        migrations.AddIndex(
            model_name='slatimer',
            index=models.Index(fields=['breached_at'], name='sla_timer_breached'),
        ),
        migrations.AddIndex(
            model_name='slatimer',
            index=models.Index(condition=models.Q(('state', 'stopped')), fields=['stopped_at'], name='sla_timer_stopped'),
        ),
        migrations.AddConstraint(
            model_name='slatimer',
            constraint=models.UniqueConstraint(fields=('ticket', 'kind'), name='sla_timer_one_per_kind'),
        ),
        migrations.AddConstraint(
            model_name='slatimer',
            constraint=models.CheckConstraint(condition=models.Q(('state__in', ['running', 'paused', 'stopped'])), name='sla_timer_state_known'),
        ),
        migrations.AddConstraint(
            model_name='slatimer',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'running'), _negated=True), models.Q(('due_at__isnull', False), ('running_since__isnull', False)), _connector='OR'), name='sla_timer_running_has_due'),
        ),
        # The shipped calendar and policies (reversing keeps the rows: managers may have
        # edited them since).
        migrations.RunPython(create_service_levels, migrations.RunPython.noop),
    ]
