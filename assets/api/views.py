from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import filters, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from assets import exporter
from assets.api.serializers import (
    AssetCategorySerializer,
    AssetRelationSerializer,
    AssetSerializer,
    BuildingSerializer,
    ImpactSerializer,
    ImportResultSerializer,
    NextTagSerializer,
    RoomSerializer,
)
from assets.filters import AssetFilterSet, AssetRelationFilterSet, RoomFilterSet
from assets.importer import UnreadableFile, import_assets
from assets.models import AssetCategory, AssetRelation, Building, Room
from assets.permissions import (
    AssetPermission,
    CategoryPermission,
    LocationPermission,
    NextTagPermission,
    RelationPermission,
)
from assets.queries import assets_visible_to
from assets.services import RoomFull, impact, next_free_tag
from common.api.pagination import SearchPagination
from common.api.schema import EXPORT_RESPONSES
from common.filtering import FilterBackend
from common.inputs import parse_id


class BuildingViewSet(viewsets.ModelViewSet):
    serializer_class = BuildingSerializer
    permission_classes = [LocationPermission]
    queryset = Building.objects.order_by("code")
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name"]


class RoomViewSet(viewsets.ModelViewSet):
    serializer_class = RoomSerializer
    permission_classes = [LocationPermission]
    queryset = Room.objects.select_related("building").order_by("key")
    filterset_class = RoomFilterSet
    search_fields = ["code", "name", "key"]
    ordering_fields = ["key", "code", "name"]


class AssetCategoryViewSet(viewsets.ModelViewSet):
    serializer_class = AssetCategorySerializer
    permission_classes = [CategoryPermission]
    queryset = AssetCategory.objects.order_by("code")
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name"]


def _boolean_param(request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in {"1", "true", "yes", "on"}


class AssetViewSet(viewsets.ModelViewSet):
    """Configuration items. Requesters see only the items they own."""

    serializer_class = AssetSerializer
    permission_classes = [AssetPermission]
    filterset_class = AssetFilterSet
    pagination_class = SearchPagination
    # Free text goes through the FilterSet's `search` (it normalises tags).
    filter_backends = [FilterBackend, filters.OrderingFilter]
    ordering_fields = ["tag", "name", "status", "updated_at", "created_at"]
    ordering = ["tag"]

    def get_queryset(self):
        return assets_visible_to(self.request.user)

    @extend_schema(
        parameters=[OpenApiParameter("room", OpenApiTypes.INT, required=True)],
        responses={200: NextTagSerializer},
    )
    @action(
        detail=False, methods=["get"], url_path="next-tag", permission_classes=[NextTagPermission]
    )
    def next_tag(self, request):
        """The lowest free tag in a room: `{"tag": "D010210-004"}`."""
        room_id = parse_id(request.query_params.get("room", ""))
        if room_id is None:
            raise serializers.ValidationError({"room": [_("Give the id of a room.")]})
        room = Room.objects.select_related("building").filter(pk=room_id).first()
        if room is None:
            raise serializers.ValidationError({"room": [_("This room does not exist.")]})
        try:
            tag = next_free_tag(room)
        except RoomFull:
            return Response(
                {"room": [_("This room is full: machines 001–999 are all taken.")]},
                status=status.HTTP_409_CONFLICT,
            )
        return Response({"tag": tag})

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        parameters=[
            OpenApiParameter("dry_run", OpenApiTypes.BOOL),
            OpenApiParameter("update", OpenApiTypes.BOOL),
        ],
        responses={
            200: ImportResultSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="The same report with its `errors` (nothing written), or "
                '`{"file": [...]}` for a missing or unreadable file',
            ),
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_(self, request):
        """Import CSV or XLSX; all rows are written or none (`?dry_run=1`, `?update=1`)."""
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": [_("Attach a CSV or XLSX file.")]})
        try:
            report = import_assets(
                upload.name,
                upload.read(),
                update=_boolean_param(request, "update"),
                dry_run=_boolean_param(request, "dry_run"),
                actor=request.user,
            )
        except UnreadableFile as exc:
            raise serializers.ValidationError({"file": [str(exc)]}) from exc
        code = status.HTTP_400_BAD_REQUEST if report.errors else status.HTTP_200_OK
        return Response(report.as_dict(), status=code)

    @extend_schema(responses={200: ImpactSerializer})
    @action(detail=True, methods=["get"])
    def impact(self, request, pk=None):
        """Items that depend on this one (transitively) and the services using them."""
        return Response(ImpactSerializer(impact(self.get_object(), request.user)).data)

    @extend_schema(
        parameters=[OpenApiParameter("as", OpenApiTypes.STR, enum=["csv", "xlsx"])],
        responses=EXPORT_RESPONSES,
    )
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The filtered list as CSV or XLSX (`?as=csv|xlsx`)."""
        kind = request.query_params.get("as", "csv")
        if kind not in exporter.FORMATS:
            raise serializers.ValidationError({"as": [_("Use csv or xlsx.")]})
        queryset = self.filter_queryset(self.get_queryset())
        return exporter.response(queryset, kind)


class AssetRelationViewSet(viewsets.ModelViewSet):
    serializer_class = AssetRelationSerializer
    permission_classes = [RelationPermission]
    filterset_class = AssetRelationFilterSet
    ordering_fields = ["created_at", "kind"]
    queryset = AssetRelation.objects.select_related("source", "target").order_by("id")
