from rest_framework import serializers

from approvals.models import Approval
from common.api.serializers import StrictSerializer
from incidents.rules import REASON_MAX


class ApprovalSerializer(serializers.ModelSerializer):
    ticket_number = serializers.CharField(source="ticket.number", read_only=True)
    ticket_title = serializers.CharField(source="ticket.title", read_only=True)
    approver_name = serializers.CharField(source="approver.__str__", read_only=True)

    class Meta:
        model = Approval
        fields = [
            "id",
            "ticket",
            "ticket_number",
            "ticket_title",
            "step",
            "mode",
            "approver",
            "approver_name",
            "on_behalf_of",
            "state",
            "comment",
            "decided_at",
            "due_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ApproveSerializer(StrictSerializer):
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=REASON_MAX, trim_whitespace=True
    )


class RejectSerializer(StrictSerializer):
    # Required: the requester reads why (it becomes the cancel reason).
    comment = serializers.CharField(max_length=REASON_MAX, trim_whitespace=True)
