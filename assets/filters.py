"""FilterSets shared by the CMDB API and its pages."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import CustomerUnit, User
from assets import tags
from assets.models import Asset, AssetCategory, AssetRelation, AssetStatus, Building, Room
from common import search, searchterms
from common.inputs import IdFilter

# Short fields: a word of one or two letters is looked for in them too (common.searchterms).
TEXT_FIELDS = {"name": True, "model": True}


class AssetFilterSet(django_filters.FilterSet):
    building = django_filters.ModelChoiceFilter(
        field_name="room__building", queryset=Building.objects.all(), label=_("Building")
    )
    room = django_filters.ModelChoiceFilter(queryset=Room.objects.all(), label=_("Room"))
    category = django_filters.ModelChoiceFilter(
        queryset=AssetCategory.objects.all(), label=_("Category")
    )
    customer_unit = django_filters.ModelChoiceFilter(
        queryset=CustomerUnit.objects.all(), label=_("Customer unit")
    )
    status = django_filters.ChoiceFilter(choices=AssetStatus.choices, label=_("Status"))
    owner = django_filters.ModelChoiceFilter(queryset=User.objects.all(), label=_("Owner"))
    search = django_filters.CharFilter(method="filter_text", label=_("Search"))

    class Meta:
        model = Asset
        fields = ["building", "room", "category", "customer_unit", "status", "owner"]

    def filter_text(self, queryset, name, value):
        """Tag (normalised, prefix), name or model (contains), serial number (exact) or IP
        address (prefix); each answered by an index on PostgreSQL (migration 0001_initial)."""
        term = searchterms.parse(value)
        if not term.text:
            return queryset
        condition = (
            Q(tag__startswith=tags.normalize(term.text))
            | Q(serial_number__iexact=term.text)
            | Q(ip_address__startswith=term.text)
        )
        return queryset.filter(condition | search.any_field_matches(term, TEXT_FIELDS))


class RoomFilterSet(django_filters.FilterSet):
    class Meta:
        model = Room
        fields = ["building", "code"]


class AssetRelationFilterSet(django_filters.FilterSet):
    asset = IdFilter(method="filter_asset", label=_("Either end"))

    class Meta:
        model = AssetRelation
        fields = ["source", "target", "kind"]

    def filter_asset(self, queryset, name, value):
        return queryset.filter(Q(source_id=value) | Q(target_id=value))
