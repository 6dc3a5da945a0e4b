from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.api.serializers import StrictModelSerializer, StrictSerializer
from inbound.models import Integration, Mailbox
from inbound.services.alerts import FIRING, KEY_MAX, RESOLVED, SEVERITY_LEVELS
from incidents import rules


class MailboxSerializer(StrictModelSerializer):
    password = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=255
    )

    class Meta:
        model = Mailbox
        fields = [
            "id",
            "name",
            "protocol",
            "host",
            "port",
            "use_ssl",
            "username",
            "password",
            "folder",
            "failed_folder",
            "address",
            "assignment_group",
            "catalog_item",
            "active",
            "last_polled_at",
            "last_error",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "last_polled_at", "last_error", "created_at", "updated_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is None and not attrs.get("password"):
            raise serializers.ValidationError({"password": [_("This field is required.")]})
        return attrs


class PollResultSerializer(serializers.Serializer):
    fetched = serializers.IntegerField()
    created = serializers.IntegerField()
    appended = serializers.IntegerField()
    ignored = serializers.IntegerField()
    rejected = serializers.IntegerField()
    failed = serializers.IntegerField(help_text="Unreadable mails (also counted in rejected).")


class ConnectionReportSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    answer = serializers.CharField()


class IntegrationSerializer(StrictModelSerializer):
    class Meta:
        model = Integration
        fields = [
            "id",
            "name",
            "kind",
            "catalog_item",
            "assignment_group",
            "active",
            "token_prefix",
            "last_alert_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "token_prefix", "last_alert_at", "created_at", "updated_at"]


class IntegrationCreatedSerializer(IntegrationSerializer):
    token = serializers.CharField(read_only=True, help_text="Shown once: only a hash is kept.")

    class Meta(IntegrationSerializer.Meta):
        fields = [*IntegrationSerializer.Meta.fields, "token"]
        read_only_fields = [*IntegrationSerializer.Meta.read_only_fields, "token"]


class IntegrationTokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class GenericAlertSerializer(StrictSerializer):
    source = serializers.CharField(max_length=KEY_MAX)
    key = serializers.CharField(max_length=KEY_MAX)
    status = serializers.ChoiceField(choices=[FIRING, RESOLVED])
    title = serializers.CharField(max_length=rules.TITLE_MAX)
    description = serializers.CharField(
        max_length=rules.TEXT_MAX, required=False, allow_blank=True, default=""
    )
    severity = serializers.ChoiceField(choices=list(SEVERITY_LEVELS))
    asset_tag = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class AlertmanagerAlertSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[FIRING, RESOLVED])
    labels = serializers.DictField(child=serializers.CharField(allow_blank=True))
    annotations = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )
    fingerprint = serializers.CharField(
        max_length=KEY_MAX, required=False, allow_blank=True, default=""
    )
    generatorURL = serializers.CharField(required=False, allow_blank=True, default="")
    startsAt = serializers.CharField(required=False, allow_blank=True, default="")


class AlertmanagerSerializer(serializers.Serializer):
    """Prometheus Alertmanager's webhook body, version 4 (extra fields ignored)."""

    version = serializers.ChoiceField(choices=["4"])
    alerts = AlertmanagerAlertSerializer(many=True, allow_empty=False)


class AlertResultSerializer(serializers.Serializer):
    ticket = serializers.IntegerField(allow_null=True)
    number = serializers.CharField(allow_null=True)
    created = serializers.BooleanField()


class AlertmanagerResultSerializer(serializers.Serializer):
    results = AlertResultSerializer(many=True)
