from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from approvals import permissions, queries, services
from approvals.api.serializers import ApprovalSerializer, ApproveSerializer, RejectSerializer
from approvals.filters import ApprovalFilterSet


class ApprovalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Approval requests, one per approver per step. Approvers see their own and the
    tickets they concern, requesters their tickets' chains, agents and above all.
    `?mine=1`: the caller's pending ones."""

    serializer_class = ApprovalSerializer
    lookup_value_regex = r"\d+"
    filterset_class = ApprovalFilterSet
    ordering_fields = ["created_at", "due_at", "decided_at", "step"]
    ordering = ["-created_at", "-id"]
    search_fields = []

    def get_queryset(self):
        if self.request.query_params.get("mine") in ("1", "true"):
            return queries.mine_pending(self.request.user)
        return queries.visible_to(self.request.user)

    @extend_schema(
        parameters=[OpenApiParameter("mine", OpenApiTypes.BOOL, description="only my pending ones")]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _decidable(self):
        # Visibility first (404), then the approver rule (403).
        approval = get_object_or_404(queries.visible_to(self.request.user), pk=self.kwargs["pk"])
        if not permissions.is_approver(self.request.user, approval):
            raise PermissionDenied
        return approval

    @extend_schema(
        request=ApproveSerializer,
        responses={200: ApprovalSerializer},
        description="Approve (optional comment). 403 not the approver; 409 already "
        "decided or skipped, or the ticket no longer awaiting approval.",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        approval = self._decidable()
        body = ApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision = services.approve(request.user, approval, body.validated_data.get("comment", ""))
        return Response(ApprovalSerializer(decision.approval).data)

    @extend_schema(
        request=RejectSerializer,
        responses={200: ApprovalSerializer},
        description="Reject (comment required: it becomes the ticket's cancel reason). "
        "403 not the approver; 409 already decided or skipped, or the ticket no longer "
        "awaiting approval.",
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        approval = self._decidable()
        body = RejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision = services.reject(request.user, approval, body.validated_data["comment"])
        return Response(ApprovalSerializer(decision.approval).data)
