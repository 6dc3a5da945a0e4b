"""Project-wide middleware.

`QueryCountHeaderMiddleware`, opt-in instrumentation: the number of SQL queries a request
ran, as a response header.

Enabled by `ITSM_QUERY_COUNT_HEADER=1` (the scale benchmark turns it on for its gunicorn);
off, it is not in the middleware stack at all. Put first, it counts every query of the
request, the session and user lookups included.
"""

from django.db import connections


class QueryCountHeaderMiddleware:
    header = "X-DB-Queries"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        response[self.header] = str(count)
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every answer the application makes (pages, API,
    downloads), unless the view chose its own caching: they carry people's names, tickets
    and tokens, which no browser or shared proxy cache should keep. Static files are
    served before this runs (WhiteNoise, cached for long)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response
