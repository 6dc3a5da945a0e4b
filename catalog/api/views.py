from drf_spectacular.utils import extend_schema
from rest_framework import filters, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from catalog import services
from catalog.api.serializers import (
    CatalogItemSerializer,
    ServiceCategorySerializer,
    ServiceSerializer,
    TickSerializer,
    TransitionSerializer,
)
from catalog.filters import CatalogItemFilterSet, ServiceFilterSet
from catalog.models import ServiceCategory
from catalog.permissions import CatalogPermission
from catalog.queries import items_visible_to, services_visible_to
from common.filtering import FilterBackend


class ServiceCategoryViewSet(viewsets.ModelViewSet):
    serializer_class = ServiceCategorySerializer
    permission_classes = [CatalogPermission]
    queryset = ServiceCategory.objects.order_by("order", "code")
    search_fields = ["code", "name", "name_zh"]
    ordering_fields = ["order", "code", "name"]


def _transition_action(name: str, doc: str, attribute: str | None = None):
    @extend_schema(request=TransitionSerializer, responses={200: ServiceSerializer})
    def view(self, request, pk=None):
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service = services.transition(
            self.get_object(), name, request.user, serializer.validated_data.get("reason", "")
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=service.pk)).data)

    view.__name__ = attribute or name
    view.__doc__ = doc
    return action(detail=True, methods=["post"], url_path=name, url_name=name)(view)


class ServiceViewSet(viewsets.ModelViewSet):
    """Business services. Requesters see only published ones."""

    serializer_class = ServiceSerializer
    permission_classes = [CatalogPermission]
    filterset_class = ServiceFilterSet
    search_fields = ["code", "name", "name_zh", "description"]
    ordering_fields = ["code", "name", "status", "updated_at"]
    ordering = ["code"]

    def get_queryset(self):
        return services_visible_to(self.request.user).order_by("code")

    submit = _transition_action("submit", "Draft → review.")
    return_ = _transition_action("return", "Review → draft, with a reason.", "return_")
    publish = _transition_action("publish", "Review → published; needs a complete checklist.")
    retire = _transition_action("retire", "Published → retired.")

    @extend_schema(request=TickSerializer, responses={200: ServiceSerializer})
    @action(detail=True, methods=["post"])
    def checklist(self, request, pk=None):
        """Tick (or untick) a manual admission criterion."""
        serializer = TickSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service = self.get_object()
        services.set_tick(
            service,
            serializer.validated_data["criterion"],
            request.user,
            serializer.validated_data["done"],
            serializer.validated_data.get("note", ""),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=service.pk)).data)


class CatalogItemViewSet(viewsets.ModelViewSet):
    """What users can ask for. Requesters see active items of published services."""

    serializer_class = CatalogItemSerializer
    permission_classes = [CatalogPermission]
    filterset_class = CatalogItemFilterSet
    filter_backends = [FilterBackend, filters.OrderingFilter]
    ordering_fields = ["order", "name", "updated_at"]
    ordering = ["order", "name"]

    def get_queryset(self):
        return items_visible_to(self.request.user).order_by("order", "name")
