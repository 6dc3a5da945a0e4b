"""How every list binds its FilterSet to a query string: pages and the API alike.

A FilterSet is always bound, so no query string means the default list (an unbound one
is never valid). Empty values are dropped first: a filter form sends `status=&priority=`
for "any", and a multiple-choice filter would reject `''`. A value that is truly wrong
stays an error: pages list it above the results (`_filter_errors.html`) and apply the
other filters (django-filter leaves an invalid field out of `.qs`); the API answers 400.
"""

from collections.abc import Mapping
from typing import TypeVar

from django.http import QueryDict
from django_filters import FilterSet
from django_filters.rest_framework import DjangoFilterBackend

F = TypeVar("F", bound=FilterSet)


def without_blanks(query: Mapping) -> QueryDict:
    """The query with every empty (or all-space) value removed, other values kept in order."""
    kept = QueryDict(mutable=True)
    for key in query:
        values = query.getlist(key) if isinstance(query, QueryDict) else [query[key]]
        present = [value for value in values if str(value).strip()]
        if present:
            kept.setlist(key, present)
    return kept


def bind(filterset_class: type[F], query: Mapping, *, queryset, request=None) -> F:
    """`filterset_class` bound to `query` without its blanks; call `.qs` for the list and
    show `.errors` (invalid filters are not applied)."""
    return filterset_class(without_blanks(query), queryset=queryset, request=request)


class FilterBackend(DjangoFilterBackend):
    """The API's filter backend: blanks ignored as on the pages, bad values still a 400."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["data"] = without_blanks(kwargs["data"])
        return kwargs
