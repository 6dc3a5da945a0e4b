from rest_framework import viewsets

from accounts.permissions import ReadAgentWriteManager
from sla.api.serializers import BusinessCalendarSerializer, SLAPolicySerializer
from sla.models import BusinessCalendar, SLAPolicy


class BusinessCalendarViewSet(viewsets.ModelViewSet):
    """Working calendars: agents read, managers and admins write."""

    serializer_class = BusinessCalendarSerializer
    permission_classes = [ReadAgentWriteManager]
    queryset = BusinessCalendar.objects.order_by("name")
    search_fields = ["name"]
    ordering_fields = ["name"]


class SLAPolicyViewSet(viewsets.ModelViewSet):
    """SLA policies; the most specific active one applies to a ticket."""

    serializer_class = SLAPolicySerializer
    permission_classes = [ReadAgentWriteManager]
    queryset = SLAPolicy.objects.select_related("calendar").order_by("name")
    filterset_fields = ["calendar", "service", "customer_unit", "priority", "is_active"]
    search_fields = ["name"]
    ordering_fields = ["name", "priority"]
