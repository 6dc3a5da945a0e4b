"""The ticket FilterSet, shared by the API, the desk queues and the exports."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from incidents.models import Channel, Kind, Status, Ticket


class TicketFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("Status"))
    priority = django_filters.MultipleChoiceFilter(
        choices=[(p, f"P{p}") for p in range(1, 6)], label=_("Priority")
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Kind"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("Channel"))
    assignment_group = django_filters.NumberFilter(label=_("Assignment group"))
    assignee = django_filters.NumberFilter(label=_("Assignee"))
    requester = django_filters.NumberFilter(label=_("Requester"))
    customer_unit = django_filters.NumberFilter(label=_("Customer unit"))
    catalog_item = django_filters.NumberFilter(label=_("Catalog item"))
    service = django_filters.NumberFilter(field_name="catalog_item__service", label=_("Service"))
    asset = django_filters.NumberFilter(label=_("Configuration item"))
    created_after = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__gte", label=_("Created from")
    )
    created_before = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__lte", label=_("Created until")
    )
    unassigned = django_filters.BooleanFilter(
        field_name="assignee", lookup_expr="isnull", label=_("Unassigned")
    )
    search = django_filters.CharFilter(method="filter_text", label=_("Search"))

    class Meta:
        model = Ticket
        fields = [
            "status",
            "priority",
            "kind",
            "channel",
            "assignment_group",
            "assignee",
            "requester",
            "customer_unit",
            "catalog_item",
            "service",
            "asset",
        ]

    def filter_text(self, queryset, name, value):
        """Number (exact), title or description."""
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(
            Q(number__iexact=value) | Q(title__icontains=value) | Q(description__icontains=value)
        )
