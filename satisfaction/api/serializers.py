from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api.serializers import StrictModelSerializer, StrictSerializer
from common.inputs import ID_MAX, validate_date_range
from satisfaction.models import FollowUp, Survey, SurveyRule, SurveyState
from satisfaction.queries import GROUPINGS


class SurveySerializer(serializers.ModelSerializer):
    ticket_number = serializers.CharField(source="ticket.number", read_only=True)
    state = serializers.ChoiceField(choices=SurveyState.choices, read_only=True)
    follow_up = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Survey
        fields = [
            "id",
            "ticket",
            "ticket_number",
            "resolution",
            "requester",
            "assignment_group",
            "assignee",
            "service",
            "state",
            "resolved_at",
            "sent_at",
            "expires_at",
            "reminded_at",
            "responded_at",
            "rating",
            "comment",
            "follow_up",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class _Raw(serializers.Field):
    """Passes the JSON value through untouched: the service checks its type (a string "5"
    is not a rating)."""

    def to_internal_value(self, data):
        return data

    def to_representation(self, value):
        return value


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 5})
class _RawRating(_Raw):
    pass


@extend_schema_field({"type": "string", "maxLength": 2000, "nullable": True})
class _RawComment(_Raw):
    pass


class RespondSerializer(StrictSerializer):
    token = serializers.CharField(max_length=200, trim_whitespace=True)
    rating = _RawRating(allow_null=True)
    comment = _RawComment(required=False, allow_null=True)


class RespondResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = Survey
        fields = ["id", "rating", "comment", "responded_at"]


class FollowUpSerializer(serializers.ModelSerializer):
    ticket_number = serializers.CharField(source="ticket.number", read_only=True)
    rating = serializers.IntegerField(source="survey.rating", read_only=True)
    comment = serializers.CharField(source="survey.comment", read_only=True)
    requester = serializers.IntegerField(source="survey.requester_id", read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "survey",
            "ticket",
            "ticket_number",
            "group",
            "manager",
            "requester",
            "rating",
            "comment",
            "status",
            "action_taken",
            "done_by",
            "done_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class CompleteFollowUpSerializer(StrictSerializer):
    action_taken = serializers.CharField(max_length=5000)


class CsatQuerySerializer(serializers.Serializer):
    # `from` is a keyword in Python: the field is declared under another name below.
    to = serializers.DateField(required=False, validators=[validate_date_range])
    group = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    agent = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    service = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    by = serializers.ChoiceField(choices=GROUPINGS, required=False)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False, validators=[validate_date_range])
        return fields

    def validate(self, attrs):
        if attrs.get("from") and attrs.get("to") and attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"to": [_("The end comes before the start.")]})
        return attrs


class CsatFiguresSerializer(serializers.Serializer):
    sent = serializers.IntegerField()
    responses = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    distribution = serializers.DictField(child=serializers.IntegerField())
    response_rate = serializers.FloatField(allow_null=True)


class CsatRowSerializer(CsatFiguresSerializer):
    key = serializers.JSONField(help_text="group, agent or service id, or YYYY-MM")
    label = serializers.CharField(allow_null=True)


class CsatSerializer(serializers.Serializer):
    overall = CsatFiguresSerializer()
    by = serializers.CharField(allow_null=True)
    rows = CsatRowSerializer(many=True)


class SurveyRuleSerializer(StrictModelSerializer):
    class Meta:
        model = SurveyRule
        fields = [
            "id",
            "service",
            "catalog_item",
            "send",
            "delay_minutes",
            "expiry_days",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate(self, attrs):
        instance = SurveyRule(**{**self._current(), **attrs})
        instance.clean()
        return attrs

    def _current(self) -> dict:
        if self.instance is None:
            return {}
        return {
            name: getattr(self.instance, name)
            for name in ("service", "catalog_item", "send", "delay_minutes", "expiry_days")
        }
