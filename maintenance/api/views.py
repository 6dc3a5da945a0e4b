from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.permissions import ReadAgentWriteManager
from common.api.pagination import PageNumberPagination
from common.inputs import parse_id
from maintenance import queries, recurrence, services
from maintenance.api.serializers import (
    MaintenancePlanSerializer,
    OccurrenceSerializer,
    WindowSerializer,
)

RANGE_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="First date (inclusive)."),
    OpenApiParameter(
        "to",
        OpenApiTypes.DATE,
        description=f"Last date (inclusive); at most {queries.RANGE_DAYS_MAX} days after from.",
    ),
]


def _range(request, default_days: int):
    try:
        return queries.parse_range(
            request.query_params.get("from"),
            request.query_params.get("to"),
            default_days=default_days,
        )
    except ValidationError as exc:
        raise serializers.ValidationError(exc.message_dict) from exc


class MaintenancePlanViewSet(viewsets.ModelViewSet):
    """Maintenance plans (计划性维护): agents read, managers and admins write."""

    serializer_class = MaintenancePlanSerializer
    permission_classes = [ReadAgentWriteManager]
    filterset_fields = ["active", "assignment_group", "calendar", "catalog_item"]
    search_fields = ["name"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]

    def get_queryset(self):
        return queries.plans().order_by("name", "id")

    def _save(self, request, plan, partial: bool):
        body = self.get_serializer(plan, data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        assets = values.pop("assets", None)
        saved = services.save_plan(request.user, plan, values, assets)
        return self.get_serializer(queries.plans().get(pk=saved.pk)).data

    def create(self, request, *args, **kwargs):
        return Response(self._save(request, None, False), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        return Response(self._save(request, self.get_object(), partial))

    def destroy(self, request, *args, **kwargs):
        services.delete_plan(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(parameters=RANGE_PARAMETERS, responses={200: OccurrenceSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def occurrences(self, request, pk=None):
        """The plan's dates after its calendar's holidays and 调休: `[{"date",
        "original_date", "moved"}]`, skipped dates left out (default: the next 90 days)."""
        plan = self.get_object()
        first, last = _range(request, 90)
        try:
            dates = queries.preview(plan, first, last)
        except recurrence.RecurrenceError as exc:
            raise serializers.ValidationError({"recurrence": [str(exc)]}) from exc
        return Response(OccurrenceSerializer(dates, many=True).data)


class WindowPagination(PageNumberPagination):
    """Windows are computed (future ones have no row): a plain list paginator."""

    django_paginator_class = Paginator


class MaintenanceWindowViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Planned windows (维护窗口) from `from` to `to` (default: the next 31 days), by CI
    (`asset`) or group; agents and up."""

    serializer_class = WindowSerializer
    permission_classes = [ReadAgentWriteManager]
    pagination_class = WindowPagination
    filter_backends: list = []

    @extend_schema(
        parameters=[
            *RANGE_PARAMETERS,
            OpenApiParameter("asset", OpenApiTypes.INT, description="A configuration item."),
            OpenApiParameter("group", OpenApiTypes.INT, description="An assignment group."),
        ]
    )
    def list(self, request, *args, **kwargs):
        first, last = _range(request, 31)
        ids = {}
        errors = {}
        for name in ("asset", "group"):
            raw = request.query_params.get(name, "")
            if raw == "":
                continue
            ids[name] = parse_id(raw)
            if ids[name] is None:
                errors[name] = [_("Give an id.")]
        if errors:
            raise serializers.ValidationError(errors)
        rows = queries.windows(first, last, asset=ids.get("asset"), group=ids.get("group"))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
