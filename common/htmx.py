"""Tiny helpers for htmx requests (the library is vendored in static/vendor/htmx)."""

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """True for requests htmx made (they carry `HX-Request: true`), except history restores."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )
