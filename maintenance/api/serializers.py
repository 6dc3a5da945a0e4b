from rest_framework import serializers

from accounts.models import SupportGroup
from assets.models import Asset
from catalog.models import CatalogItem
from common.api.serializers import StrictModelSerializer
from maintenance.models import MaintenancePlan
from sla.models import BusinessCalendar


class MaintenancePlanSerializer(StrictModelSerializer):
    """A plan; the model's rules (recurrence, checklist, a request item) answer 400 by field."""

    catalog_item = serializers.PrimaryKeyRelatedField(
        queryset=CatalogItem.objects.select_related("service")
    )
    assignment_group = serializers.PrimaryKeyRelatedField(queryset=SupportGroup.objects.all())
    calendar = serializers.PrimaryKeyRelatedField(queryset=BusinessCalendar.objects.all())
    assets = serializers.PrimaryKeyRelatedField(
        queryset=Asset.objects.all(), many=True, required=False
    )
    window_start = serializers.TimeField(format="%H:%M", input_formats=["%H:%M"], required=False)
    checklist = serializers.ListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        required=False,
        max_length=200,
    )
    owner = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = MaintenancePlan
        fields = [
            "id",
            "name",
            "description",
            "catalog_item",
            "assignment_group",
            "assets",
            "recurrence",
            "start_date",
            "calendar",
            "on_non_working_day",
            "lead_working_days",
            "window_start",
            "window_minutes",
            "checklist",
            "active",
            "owner",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "owner", "created_at", "updated_at"]


class OccurrenceSerializer(serializers.Serializer):
    date = serializers.DateField()
    original_date = serializers.DateField()
    moved = serializers.BooleanField()


class WindowSerializer(serializers.Serializer):
    plan = serializers.IntegerField(source="plan.pk")
    plan_name = serializers.CharField(source="plan.name")
    assignment_group = serializers.IntegerField(source="plan.assignment_group_id")
    date = serializers.DateField()
    original_date = serializers.DateField()
    moved = serializers.BooleanField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    assets = serializers.SerializerMethodField()
    ticket = serializers.IntegerField(source="ticket_id", allow_null=True)
    ticket_number = serializers.CharField(allow_null=True)
    ticket_status = serializers.CharField(allow_null=True)

    def get_assets(self, obj) -> list[int]:
        return [a.pk for a in obj.assets]
