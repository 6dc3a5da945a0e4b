"""The satisfaction surveys' tables, with the survey rules' history table
(django-simple-history).

Version 0.1's development migrations, squashed into one before its release.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


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
            name='HistoricalSurveyRule',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('send', models.BooleanField(blank=True, help_text='Empty: as the service (or the default, which is to send).', null=True, verbose_name='send surveys')),
                ('delay_minutes', models.PositiveIntegerField(blank=True, help_text='How long after the resolution the survey goes out. Empty: inherit.', null=True, verbose_name='delay (minutes)')),
                ('expiry_days', models.PositiveIntegerField(blank=True, help_text='How long the link works once sent. Empty: inherit.', null=True, verbose_name='expiry (days)')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('catalog_item', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.catalogitem', verbose_name='catalog item')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('service', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.service', verbose_name='service')),
            ],
            options={
                'verbose_name': 'historical survey rule',
                'verbose_name_plural': 'historical survey rules',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Survey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('resolution', models.PositiveIntegerField(verbose_name='resolution')),
                ('resolved_at', models.DateTimeField(verbose_name='resolved at')),
                ('status', models.CharField(choices=[('scheduled', 'Scheduled'), ('sent', 'Sent'), ('answered', 'Answered'), ('withdrawn', 'Not sent')], default='scheduled', max_length=16, verbose_name='status')),
                ('withdrawn_reason', models.CharField(blank=True, choices=[('reopened', 'the ticket was reopened before it went out'), ('no_email', 'the requester has no email address')], max_length=16, verbose_name='why not sent')),
                ('nonce', models.CharField(editable=False, max_length=32)),
                ('send_after', models.DateTimeField(verbose_name='send after')),
                ('expiry_days', models.PositiveIntegerField(verbose_name='expiry (days)')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                ('expires_at', models.DateTimeField(blank=True, null=True, verbose_name='expires at')),
                ('reminded_at', models.DateTimeField(blank=True, null=True, verbose_name='reminded at')),
                ('responded_at', models.DateTimeField(blank=True, null=True, verbose_name='answered at')),
                ('rating', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='rating')),
                ('comment', models.TextField(blank=True, max_length=2000, verbose_name='comment')),
                ('assignee', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='rated_surveys', to=settings.AUTH_USER_MODEL, verbose_name='agent')),
                ('assignment_group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='surveys', to='accounts.supportgroup', verbose_name='assignment group')),
                ('requester', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='surveys', to=settings.AUTH_USER_MODEL, verbose_name='requester')),
                ('service', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='surveys', to='catalog.service', verbose_name='service')),
                ('ticket', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='surveys', to='incidents.ticket', verbose_name='ticket')),
            ],
            options={
                'verbose_name': 'survey',
                'verbose_name_plural': 'surveys',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='FollowUp',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('status', models.CharField(choices=[('open', 'Open'), ('done', 'Done')], default='open', max_length=8, verbose_name='status')),
                ('action_taken', models.TextField(blank=True, max_length=5000, verbose_name='what was done')),
                ('done_at', models.DateTimeField(blank=True, null=True, verbose_name='done at')),
                ('done_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='done by')),
                ('group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.supportgroup', verbose_name='group')),
                ('manager', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='survey_follow_ups', to=settings.AUTH_USER_MODEL, verbose_name='manager')),
                ('ticket', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='survey_follow_ups', to='incidents.ticket', verbose_name='ticket')),
                ('survey', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='follow_up', to='satisfaction.survey', verbose_name='survey')),
            ],
            options={
                'verbose_name': 'follow-up',
                'verbose_name_plural': 'follow-ups',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='SurveyRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('send', models.BooleanField(blank=True, help_text='Empty: as the service (or the default, which is to send).', null=True, verbose_name='send surveys')),
                ('delay_minutes', models.PositiveIntegerField(blank=True, help_text='How long after the resolution the survey goes out. Empty: inherit.', null=True, verbose_name='delay (minutes)')),
                ('expiry_days', models.PositiveIntegerField(blank=True, help_text='How long the link works once sent. Empty: inherit.', null=True, verbose_name='expiry (days)')),
                ('catalog_item', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='survey_rule', to='catalog.catalogitem', verbose_name='catalog item')),
                ('service', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='survey_rule', to='catalog.service', verbose_name='service')),
            ],
            options={
                'verbose_name': 'survey rule',
                'verbose_name_plural': 'survey rules',
                'ordering': ['service__code', 'catalog_item__name', 'id'],
            },
        ),
        migrations.AddIndex(
            model_name='survey',
            index=models.Index(condition=models.Q(('status', 'scheduled')), fields=['send_after'], name='survey_due'),
        ),
        migrations.AddIndex(
            model_name='survey',
            index=models.Index(condition=models.Q(('reminded_at__isnull', True), ('status', 'sent')), fields=['sent_at'], name='survey_awaiting_reminder'),
        ),
        migrations.AddIndex(
            model_name='survey',
            index=models.Index(fields=['assignment_group', 'sent_at'], name='satisfactio_assignm_bd4fdb_idx'),
        ),
        migrations.AddIndex(
            model_name='survey',
            index=models.Index(fields=['assignee', 'sent_at'], name='satisfactio_assigne_0a27b4_idx'),
        ),
        migrations.AddIndex(
            model_name='survey',
            index=models.Index(fields=['service', 'sent_at'], name='satisfactio_service_41862a_idx'),
        ),
        migrations.AddIndex(
            model_name='survey',
            index=models.Index(fields=['sent_at'], name='satisfactio_sent_at_6c036a_idx'),
        ),
        migrations.AddIndex(
            model_name='survey',
            index=models.Index(condition=models.Q(('responded_at__isnull', False)), fields=['responded_at'], name='survey_responded'),
        ),
        migrations.AddConstraint(
            model_name='survey',
            constraint=models.UniqueConstraint(fields=('ticket', 'resolution'), name='one_survey_per_resolution'),
        ),
        migrations.AddConstraint(
            model_name='survey',
            constraint=models.CheckConstraint(condition=models.Q(('rating__isnull', True), models.Q(('rating__gte', 1), ('rating__lte', 5)), _connector='OR'), name='survey_rating_1_5'),
        ),
        migrations.AddConstraint(
            model_name='survey',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('rating__isnull', False), ('responded_at__isnull', False), ('status', 'answered')), models.Q(models.Q(('status', 'answered'), _negated=True), ('rating__isnull', True), ('responded_at__isnull', True)), _connector='OR'), name='survey_rating_iff_answered'),
        ),
        migrations.AddConstraint(
            model_name='survey',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['scheduled', 'sent', 'answered', 'withdrawn'])), name='survey_status_known'),
        ),
        migrations.AddIndex(
            model_name='followup',
            index=models.Index(condition=models.Q(('status', 'open')), fields=['manager', 'created_at'], name='follow_up_open'),
        ),
        migrations.AddConstraint(
            model_name='followup',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('done_at__isnull', True), ('status', 'open')), models.Q(('done_at__isnull', False), ('status', 'done'), models.Q(('action_taken', ''), _negated=True)), _connector='OR'), name='follow_up_done_says_what'),
        ),
        migrations.AddConstraint(
            model_name='surveyrule',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('catalog_item__isnull', True), ('service__isnull', False)), models.Q(('catalog_item__isnull', False), ('service__isnull', True)), _connector='OR'), name='survey_rule_for_service_xor_item'),
        ),
        migrations.AddConstraint(
            model_name='surveyrule',
            constraint=models.CheckConstraint(condition=models.Q(('expiry_days__isnull', True), ('expiry_days__gte', 1), _connector='OR'), name='survey_rule_expiry_at_least_a_day'),
        ),
    ]
