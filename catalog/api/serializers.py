from rest_framework import serializers

from accounts.models import SupportGroup
from assets.models import Asset
from catalog import checklist
from catalog.models import (
    TICK_NOTE_MAX,
    TRANSITION_REASON_MAX,
    AdmissionCriterion,
    CatalogItem,
    Service,
    ServiceCategory,
)
from common.api.serializers import ModelCleanMixin, StrictModelSerializer, StrictSerializer


class ServiceCategorySerializer(StrictModelSerializer):
    class Meta:
        model = ServiceCategory
        fields = ["id", "code", "name", "name_zh", "icon", "order", "created_at", "updated_at"]


class ChecklistLineSerializer(serializers.Serializer):
    code = serializers.CharField(source="criterion.code")
    label = serializers.CharField(source="criterion.display_label")
    kind = serializers.CharField(source="criterion.kind")
    done = serializers.BooleanField()
    done_by = serializers.PrimaryKeyRelatedField(read_only=True)
    done_at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()


class ServiceSerializer(StrictModelSerializer):
    owner_group = serializers.PrimaryKeyRelatedField(
        queryset=SupportGroup.objects.all(), allow_null=True, required=False
    )
    assets = serializers.PrimaryKeyRelatedField(
        queryset=Asset.objects.all(), many=True, required=False
    )
    admission_checklist = serializers.SerializerMethodField()
    admission_complete = serializers.SerializerMethodField()

    class Meta:
        model = Service
        fields = [
            "id",
            "code",
            "name",
            "name_zh",
            "description",
            "description_zh",
            "category",
            "owner_group",
            "status",
            "support_hours",
            "admission_checklist",
            "admission_complete",
            "assets",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status"]

    def _lines(self, obj):
        cache = self.context.setdefault("_checklist", {})
        if "criteria" not in cache:
            cache["criteria"] = checklist.active_criteria()
        if obj.pk not in cache:
            cache[obj.pk] = checklist.evaluate(obj, cache["criteria"])
        return cache[obj.pk]

    def get_admission_checklist(self, obj) -> list[dict]:
        return ChecklistLineSerializer(self._lines(obj), many=True).data

    def get_admission_complete(self, obj) -> bool:
        return all(line.done for line in self._lines(obj))


class CatalogItemSerializer(ModelCleanMixin, StrictModelSerializer):
    assignment_group = serializers.PrimaryKeyRelatedField(
        queryset=SupportGroup.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = CatalogItem
        fields = [
            "id",
            "service",
            "name",
            "name_zh",
            "description",
            "description_zh",
            "kind",
            "form_schema",
            "task_template",
            "default_impact",
            "default_urgency",
            "assignment_group",
            "requires_approval",
            "approval_steps",
            "is_active",
            "order",
            "icon",
            "created_at",
            "updated_at",
        ]
        # Derived from approval_steps (true when there are steps).
        read_only_fields = ["requires_approval"]


class TransitionSerializer(StrictSerializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=TRANSITION_REASON_MAX
    )


class TickSerializer(StrictSerializer):
    criterion = serializers.SlugRelatedField(
        slug_field="code", queryset=AdmissionCriterion.objects.filter(is_active=True)
    )
    done = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=TICK_NOTE_MAX)
