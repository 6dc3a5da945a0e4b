from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from reports import metrics
from reports.api.serializers import SummarySerializer
from reports.scope import Scope, ScopeInvalid, parse

SCOPE_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (inclusive)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (inclusive)."),
    OpenApiParameter("group", OpenApiTypes.INT, description="Assignment group id."),
    OpenApiParameter("service", OpenApiTypes.INT, description="Service id."),
    OpenApiParameter("customer_unit", OpenApiTypes.INT, description="Customer unit id."),
    OpenApiParameter("priority", OpenApiTypes.INT, enum=[1, 2, 3, 4, 5]),
]


def scope_or_400(request) -> Scope:
    try:
        return parse(request.query_params, request.user)
    except ScopeInvalid as exc:
        raise serializers.ValidationError(exc.errors) from None


def describe(scope: Scope) -> dict:
    return {
        "from": scope.start.isoformat(),
        "to": scope.end.isoformat(),
        "groups": sorted(scope.group_ids) if scope.group_ids is not None else None,
        "service": scope.service_id,
        "customer_unit": scope.customer_unit_id,
        "priority": scope.priority,
    }


class SummaryView(APIView):
    """The desk's key figures for a period (managers: all groups; agents: their own)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=SCOPE_PARAMETERS, responses={200: SummarySerializer})
    def get(self, request):
        scope = scope_or_400(request)
        return Response({**metrics.summary(scope), "period": describe(scope)})
