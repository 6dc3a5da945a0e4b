"""Filter backends shared by every API list."""

from rest_framework import filters
from rest_framework.exceptions import ValidationError


class SearchFilter(filters.SearchFilter):
    """DRF's `?search=`, whose refusal (a NUL character) names the parameter, as every
    other 400 names its field, instead of being a bare list."""

    def get_search_terms(self, request):
        try:
            return super().get_search_terms(request)
        except ValidationError as exc:
            raise ValidationError({self.search_param: exc.detail}) from None
