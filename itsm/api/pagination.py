from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N&page_size=M`: 25 by default, at most 200 (API.md)."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200
