import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalog.models import CatalogItem, Service, ServiceStatus, TicketKind
from common.inputs import IdFilter


class ServiceFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ServiceStatus.choices, label=_("Status"))

    class Meta:
        model = Service
        fields = ["status", "category", "owner_group"]


class CatalogItemFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=TicketKind.choices, label=_("Kind"))
    category = IdFilter(field_name="service__category", label=pgettext_lazy("service", "Category"))
    search = django_filters.CharFilter(method="filter_text", label=_("Search"))

    class Meta:
        model = CatalogItem
        fields = ["service", "kind", "is_active", "assignment_group", "category"]

    def filter_text(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(name_zh__icontains=value)
            | Q(description__icontains=value)
            | Q(description_zh__icontains=value)
            | Q(service__name__icontains=value)
            | Q(service__name_zh__icontains=value)
        )
