from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import CustomerUnit, User
from assets.models import Asset
from assets.queries import assets_visible_to
from catalog.models import CatalogItem
from catalog.queries import items_visible_to
from common.api.serializers import (
    DirectReadMixin,
    FieldsOnceMixin,
    StrictSerializer,
    VisibleRelatedField,
)
from common.inputs import validate_date_range
from incidents import permissions, rules
from incidents.models import (
    Attachment,
    Channel,
    Comment,
    Kind,
    Ticket,
    TicketEvent,
    TicketTask,
)
from knowledge import queries as knowledge_queries
from sla import queries as sla_queries
from sla.api.serializers import SLASummarySerializer


class TicketSerializer(FieldsOnceMixin, DirectReadMixin, serializers.ModelSerializer):
    allowed_actions = serializers.SerializerMethodField()
    sla = serializers.SerializerMethodField()
    articles = serializers.SerializerMethodField()
    # The requester as text (`User.__str__`, by CharField's own `str()`).
    requester_name = serializers.CharField(source="requester", read_only=True)

    class Meta:
        model = Ticket
        fields = [
            "id",
            "number",
            "kind",
            "title",
            "description",
            "catalog_item",
            "form_data",
            "requester",
            "requester_name",
            "customer_unit",
            "channel",
            "impact",
            "urgency",
            "priority",
            "priority_override_reason",
            "status",
            "approval_state",
            "pending_reason",
            "assignment_group",
            "assignee",
            "asset",
            "promised_reply_at",
            "callback_phone",
            "resolution_code",
            "resolution_notes",
            "reassignment_count",
            "reopen_count",
            "alert_count",
            "during_maintenance",
            "version",
            "first_response_at",
            "resolved_at",
            "closed_at",
            "customer_updated_at",
            "sla",
            "articles",
            "allowed_actions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(SLASummarySerializer(allow_null=True))
    def get_sla(self, obj) -> dict | None:
        return SLASummarySerializer.represent(sla_queries.summary(obj))

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_articles(self, obj) -> list[int]:
        """Ids of the knowledge articles linked to the ticket that the caller may read."""
        request = self.context.get("request")
        return [
            a.pk for a in knowledge_queries.linked_articles(request.user if request else None, obj)
        ]

    def get_allowed_actions(self, obj) -> list[str]:
        rights = self._rights()
        return rights.allowed_actions(obj) if rights is not None else []

    def _rights(self) -> permissions.Rights | None:
        """The caller's rights, read once per answer (a list's rows share this serializer)."""
        if not hasattr(self, "_caller_rights"):
            request = self.context.get("request")
            self._caller_rights = permissions.Rights(request.user) if request else None
        return self._caller_rights


class TicketCreateSerializer(FieldsOnceMixin, StrictSerializer):
    title = serializers.CharField(max_length=rules.TITLE_MAX, required=False, allow_blank=True)
    description = serializers.CharField(max_length=rules.TEXT_MAX, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    # Only items and devices the caller may read: a hidden one answers as a missing one.
    # The service decides availability, the group the routing: both read with the item.
    catalog_item = VisibleRelatedField(
        items_visible_to,
        queryset=CatalogItem.objects.select_related("service", "assignment_group"),
        required=False,
        allow_null=True,
    )
    form_data = serializers.JSONField(required=False)
    requester = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    impact = serializers.IntegerField(min_value=1, max_value=3, required=False)
    urgency = serializers.IntegerField(min_value=1, max_value=3, required=False)
    asset = VisibleRelatedField(
        assets_visible_to, queryset=Asset.objects.all(), required=False, allow_null=True
    )
    customer_unit = serializers.PrimaryKeyRelatedField(
        queryset=CustomerUnit.objects.all(), required=False, allow_null=True
    )
    promised_reply_at = serializers.DateTimeField(
        required=False, allow_null=True, validators=[validate_date_range]
    )
    callback_phone = serializers.CharField(max_length=32, required=False, allow_blank=True)


class TicketUpdateSerializer(StrictSerializer):
    version = serializers.IntegerField(min_value=1)
    catalog_item = VisibleRelatedField(
        items_visible_to,
        queryset=CatalogItem.objects.select_related("service"),
        required=False,
        allow_null=True,
    )
    title = serializers.CharField(max_length=rules.TITLE_MAX, required=False)
    description = serializers.CharField(max_length=rules.TEXT_MAX, required=False, allow_blank=True)
    impact = serializers.IntegerField(min_value=1, max_value=3, required=False)
    urgency = serializers.IntegerField(min_value=1, max_value=3, required=False)
    priority = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    priority_override_reason = serializers.CharField(
        max_length=rules.REASON_MAX, required=False, allow_blank=True
    )
    asset = VisibleRelatedField(
        assets_visible_to, queryset=Asset.objects.all(), required=False, allow_null=True
    )
    customer_unit = serializers.PrimaryKeyRelatedField(
        queryset=CustomerUnit.objects.all(), required=False, allow_null=True
    )
    promised_reply_at = serializers.DateTimeField(
        required=False, allow_null=True, validators=[validate_date_range]
    )
    callback_phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    # Named so that a client trying to write them gets a clear 400.
    protected_fields = (
        "status",
        "approval_state",
        "assignee",
        "assignment_group",
        "number",
        "requester",
        "reassignment_count",
        "reopen_count",
        "first_response_at",
    )


class ActionSerializer(StrictSerializer):
    """Body of `POST /tickets/{id}/<action>/`; which fields matter depends on the action."""

    version = serializers.IntegerField(min_value=1, required=False)
    assignment_group = serializers.IntegerField(required=False)
    assignee = serializers.IntegerField(required=False, allow_null=True)
    reason = serializers.CharField(max_length=rules.REASON_MAX, required=False, allow_blank=True)
    resolution_code = serializers.CharField(max_length=32, required=False)
    resolution_notes = serializers.CharField(
        max_length=rules.TEXT_MAX, required=False, allow_blank=True
    )
    force = serializers.BooleanField(required=False)


class CommentSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.__str__", read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "author", "author_name", "body", "internal", "created_at", "updated_at"]
        read_only_fields = ["id", "author", "author_name", "created_at", "updated_at"]


class CommentCreateSerializer(StrictSerializer):
    body = serializers.CharField(max_length=rules.TEXT_MAX)
    internal = serializers.BooleanField(required=False, default=False)


class AttachmentUploadSerializer(serializers.Serializer):
    """The fields of an upload besides `file`: a flag that is not a boolean is a 400, never
    a public file."""

    internal = serializers.BooleanField(required=False, default=False)


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "original_name",
            "content_type",
            "size",
            "internal",
            "uploaded_by",
            "download_url",
            "created_at",
        ]

    def get_download_url(self, obj) -> str:
        return f"/api/v1/tickets/{obj.ticket_id}/attachments/{obj.pk}/download/"


class TicketEventSerializer(serializers.ModelSerializer):
    who = serializers.SerializerMethodField()
    when = serializers.DateTimeField(source="at")
    old = serializers.CharField(source="old_value")
    new = serializers.CharField(source="new_value")

    class Meta:
        model = TicketEvent
        fields = ["id", "kind", "who", "when", "field", "old", "new"]

    def get_who(self, obj) -> str | None:
        return obj.actor.username if obj.actor_id else None


class TicketTaskSerializer(serializers.ModelSerializer):
    """One step of a ticket's checklist; `done_by` and `done_at` say who ticked it, when."""

    done_by_name = serializers.SerializerMethodField()

    class Meta:
        model = TicketTask
        fields = ["id", "order", "text", "done", "done_by", "done_by_name", "done_at"]
        read_only_fields = fields

    def get_done_by_name(self, obj) -> str | None:
        return str(obj.done_by) if obj.done_by_id else None


class TicketTaskUpdateSerializer(StrictSerializer):
    """`PATCH /tickets/{id}/tasks/{task_id}/`: tick (`true`) or untick (`false`) a task."""

    done = serializers.BooleanField()
