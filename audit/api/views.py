from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers

from accounts.permissions import role_permission
from accounts.roles import Role
from audit import queries
from audit.api.serializers import EntrySerializer
from audit.forms import ACTION_CHOICES, AuditFilterForm
from audit.registry import audited_models

AdminsOnly = role_permission(Role.ADMIN, Role.ADMIN)


@extend_schema(
    parameters=[
        OpenApiParameter("model", OpenApiTypes.STR, enum=list(audited_models())),
        OpenApiParameter("actor", OpenApiTypes.STR, description="username"),
        OpenApiParameter("action", OpenApiTypes.STR, enum=[v for v, _ in ACTION_CHOICES if v]),
        OpenApiParameter("object_id", OpenApiTypes.INT),
        OpenApiParameter("since", OpenApiTypes.DATE, description="on or after (desk's zone)"),
        OpenApiParameter("until", OpenApiTypes.DATE, description="on or before"),
    ]
)
class AuditLogView(generics.ListAPIView):
    """Changes of configuration (users and roles, groups and members, catalog, SLA
    policies, calendars, survey rules, resolution codes), newest first. Admins only."""

    serializer_class = EntrySerializer
    permission_classes = [AdminsOnly]
    filter_backends = []

    def get_queryset(self):
        form = AuditFilterForm(self.request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        return queries.index(form.filters())

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        entries = queries.entries(page)
        return self.get_paginated_response(self.get_serializer(entries, many=True).data)
