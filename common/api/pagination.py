from rest_framework import pagination

from common.pagination import COUNT_CAP, CappedPaginator, ScalePaginator


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N&page_size=M`: 25 by default, at most 200 (docs/api.md). Counts over ten
    thousand rows are cached for a minute, deep pages read ids first (ScalePaginator)."""

    django_paginator_class = ScalePaginator
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200


class SearchPagination(PageNumberPagination):
    """As PageNumberPagination; with `?search=` the count stops at common.pagination's cap
    (exact below it): counting every ticket that says "网络" among a million would take
    longer than finding them. Past the cap, `next` stops and the search wants narrowing."""

    def paginate_queryset(self, queryset, request, view=None):
        if request.query_params.get("search", "").strip():
            self.django_paginator_class = CappedPaginator
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            f"Exact; with `search`, at most {COUNT_CAP} (more matches say {COUNT_CAP})."
        )
        return response
