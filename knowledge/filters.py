"""The article list's filters, shared by the API and the management page."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.inputs import IdFilter
from knowledge import queries
from knowledge.models import Article, Language, Status, Visibility


class ArticleFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("Status"))
    language = django_filters.ChoiceFilter(choices=Language.choices, label=_("Language"))
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Visibility"))
    service = IdFilter(field_name="services", label=_("Service"))
    catalog_item = IdFilter(field_name="catalog_items", label=_("Catalog item"))
    author = IdFilter(label=_("Author"))
    tag = django_filters.CharFilter(method="filter_tag", label=_("Tag"), max_length=40)
    review_due = django_filters.BooleanFilter(method="filter_review_due", label=_("Review due"))
    search = django_filters.CharFilter(method="filter_text", label=_("Search"), max_length=100)

    class Meta:
        model = Article
        fields = ["status", "language", "visibility", "service", "catalog_item", "author"]

    def filter_tag(self, queryset, name, value):
        return queryset.filter(tags_text__icontains=value.strip())

    def filter_review_due(self, queryset, name, value):
        due = queries.review_due(None, timezone.localdate())
        return queryset.filter(due) if value else queryset.filter(~due | Q(review_due=None))

    def filter_text(self, queryset, name, value):
        return queries.matching(queryset, value)
