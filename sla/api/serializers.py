from typing import Any

from rest_framework import serializers

from accounts.models import CustomerUnit, SupportGroup
from catalog.models import Service
from common.api.serializers import ModelCleanMixin, StrictModelSerializer
from sla import timers
from sla.models import BusinessCalendar, SLAPolicy, SLATimer
from sla.queries import Summary


class BusinessCalendarSerializer(ModelCleanMixin, StrictModelSerializer):
    hours = serializers.JSONField()
    holidays = serializers.JSONField(required=False)
    workdays = serializers.JSONField(required=False)

    class Meta:
        model = BusinessCalendar
        fields = [
            "id",
            "name",
            "timezone",
            "hours",
            "holidays",
            "workdays",
            "created_at",
            "updated_at",
        ]


class SLAPolicySerializer(ModelCleanMixin, StrictModelSerializer):
    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.all(), allow_null=True, required=False
    )
    customer_unit = serializers.PrimaryKeyRelatedField(
        queryset=CustomerUnit.objects.all(), allow_null=True, required=False
    )
    escalation_group = serializers.PrimaryKeyRelatedField(
        queryset=SupportGroup.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = SLAPolicy
        fields = [
            "id",
            "name",
            "calendar",
            "service",
            "customer_unit",
            "priority",
            "response_minutes",
            "resolution_minutes",
            "warn_at_percent",
            "escalation_group",
            "is_active",
            "created_at",
            "updated_at",
        ]


class SLASummarySerializer(serializers.Serializer):
    """The `sla` object of a ticket (null when no policy matches)."""

    response_due_at = serializers.DateTimeField(allow_null=True)
    resolution_due_at = serializers.DateTimeField(allow_null=True)
    paused = serializers.BooleanField()
    breached = serializers.BooleanField()
    warned = serializers.BooleanField()
    policy = serializers.CharField(allow_null=True)

    @classmethod
    def represent(cls, summary: Summary | None) -> dict[str, Any] | None:
        """`SLASummarySerializer(summary).data`, without building a serializer (and deep
        copying its six fields) for each ticket of a list: the booleans and the name are
        already what the fields would give, the instants go through the same field."""
        if summary is None:
            return None
        moment = _MOMENT.to_representation
        response, resolution = summary["response_due_at"], summary["resolution_due_at"]
        return {
            **summary,
            "response_due_at": None if response is None else moment(response),
            "resolution_due_at": None if resolution is None else moment(resolution),
        }


# Stateless: renders an instant in the current time zone, as every DateTimeField does.
_MOMENT = serializers.DateTimeField()


class SLATimerSerializer(serializers.ModelSerializer):
    """One timer of `/tickets/{id}/sla/`."""

    paused = serializers.BooleanField(read_only=True)
    breached = serializers.BooleanField(read_only=True)
    elapsed_business_seconds = serializers.SerializerMethodField()
    remaining_business_seconds = serializers.SerializerMethodField()
    policy = serializers.CharField(source="policy.name", allow_null=True, default=None)
    calendar = serializers.CharField(source="calendar.name")

    class Meta:
        model = SLATimer
        fields = [
            "kind",
            "state",
            "target_minutes",
            "warn_at_percent",
            "started_at",
            "due_at",
            "warn_at",
            "paused",
            "elapsed_business_seconds",
            "remaining_business_seconds",
            "warned_at",
            "breached",
            "breached_at",
            "stopped_at",
            "policy",
            "calendar",
        ]
        read_only_fields = fields

    def get_elapsed_business_seconds(self, obj) -> int:
        return int(timers.live_elapsed(obj).total_seconds())

    def get_remaining_business_seconds(self, obj) -> int:
        return int(timers.remaining(obj).total_seconds())
