from rest_framework import serializers


class SummarySerializer(serializers.Serializer):
    """`GET /api/v1/reports/summary/`: percentages 0–100, minutes; null when nothing to
    measure. Definitions: README, "Reports: what each figure counts"."""

    tickets_opened = serializers.IntegerField()
    tickets_resolved = serializers.IntegerField()
    backlog = serializers.IntegerField()
    response_sla_met_percent = serializers.FloatField(allow_null=True)
    resolution_sla_met_percent = serializers.FloatField(allow_null=True)
    mean_time_to_respond_minutes = serializers.FloatField(allow_null=True)
    mean_time_to_resolve_minutes = serializers.FloatField(allow_null=True)
    first_contact_resolution_percent = serializers.FloatField(allow_null=True)
    reassignment_rate = serializers.FloatField(allow_null=True)
    reopen_rate = serializers.FloatField(allow_null=True)
    csat_average = serializers.FloatField(allow_null=True)
    csat_responses = serializers.IntegerField()
    promises_kept_percent = serializers.FloatField(allow_null=True)
    # Tickets opened by maintenance plans over all opened in the period.
    planned_work_percent = serializers.FloatField(allow_null=True)
    # Maintenance occurrences whose window has passed with their ticket still open (now).
    maintenance_overdue = serializers.IntegerField()
    approval_hours_median = serializers.FloatField(allow_null=True)
    approvals_rejected_percent = serializers.FloatField(allow_null=True)
    deflections = serializers.IntegerField(
        help_text="Problems solved by a knowledge article without a ticket."
    )
    articles_published = serializers.IntegerField(
        help_text="Knowledge articles published (first or again) in the period."
    )
    # The period and filters the figures cover, as understood.
    period = serializers.DictField(read_only=True)
