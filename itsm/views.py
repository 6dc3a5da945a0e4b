"""Project-level views: home redirect, favicon, health check, error pages."""

import functools
import logging
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

from common.inputs import request_too_large_message
from common.navigation import home_url_for

logger = logging.getLogger(__name__)


@login_required
def home(request: HttpRequest):
    return redirect(home_url_for(request.user))


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest):
    """`/favicon.ico`, which browsers ask for on pages that name no icon (the admin's)."""
    with open(finders.find("favicon.ico"), "rb") as icon:
        return HttpResponse(icon.read(), content_type="image/x-icon")


def _check_database() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


@functools.cache
def _redis_client(url: str):
    """One client per broker URL and process: its pool keeps the connection between probes
    (and replaces a broken one), so a health check opens no new connection each time."""
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


def _check_broker() -> str:
    url = settings.CELERY_BROKER_URL
    if url.startswith(("redis://", "rediss://")):
        _redis_client(url).ping()
        return "ok"
    # Other transports (the embedded filesystem broker) open no network connection.
    with Connection(
        url, transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS, connect_timeout=2
    ) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def _check_cache() -> str:
    """A write and a read through the cache's own connection pool."""
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("the cache did not keep a value")
    return "ok"


# The database and the broker are needed (503 without them); the cache is not: without it
# logins are not throttled and large counts are not reused, so it is reported "degraded".
REQUIRED = (("database", _check_database), ("broker", _check_broker))
OPTIONAL = (("cache", _check_cache),)


@never_cache
@require_GET
def healthz(request: HttpRequest):
    """200 when the database and the broker answer (`degraded` when only the cache does
    not), 503 naming the part that failed."""
    checks = {}
    failed = {"required": False, "optional": False}
    for kind, parts in (("required", REQUIRED), ("optional", OPTIONAL)):
        for name, check in parts:
            try:
                checks[name] = check()
            except Exception as exc:  # any failure of a dependency is a failed check
                logger.warning("healthz: %s failed: %s", name, exc)
                checks[name] = f"error: {exc.__class__.__name__}"
                failed[kind] = True
    status = "fail" if failed["required"] else "degraded" if failed["optional"] else "ok"
    body = {"status": status, "checks": checks}
    return JsonResponse(body, status=503 if failed["required"] else 200)


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _api_error(status: int, detail) -> JsonResponse:
    return JsonResponse({"detail": str(detail)}, status=status)


def error_400(request, exception=None):
    # Django's own checks raise these before any view runs: a body above
    # DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields, a malformed multipart body.
    if isinstance(exception, RequestDataTooBig):
        detail = request_too_large_message()
        if is_api(request):
            return _api_error(413, detail)
        return HttpResponse(detail, status=413, content_type="text/plain; charset=utf-8")
    if is_api(request):
        return _api_error(400, _("The request could not be read."))
    return defaults.bad_request(request, exception)


def error_403(request, exception=None):
    if is_api(request):
        return _api_error(403, _("You do not have permission to perform this action."))
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    if is_api(request):
        return _api_error(404, _("Not found."))
    return render(request, "404.html", status=404)


# What a database that does not answer (down, restarting, unreachable) raises.
UNAVAILABLE = (OperationalError, InterfaceError)


def _database_unavailable(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, UNAVAILABLE):
            return True
        if isinstance(exc, DatabaseError):
            return False
        exc = exc.__cause__ or exc.__context__
    return False


def service_unavailable(request: HttpRequest):
    """503 with Retry-After: JSON for the API, a plain page otherwise (no database needed)."""
    if request.path.startswith("/api/") or request.path == "/healthz":
        response = JsonResponse(
            {"detail": "The service is briefly unavailable (database). Retry shortly."},
            status=503,
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "5"
    return response


def error_500(request):
    # Django calls this inside its `except`: a database outage is a clean 503, the client
    # may retry; anything else is our bug (500). No context processors: the failure may
    # lie in one of them.
    if _database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    if is_api(request):
        return _api_error(500, _("Server error."))
    return HttpResponseServerError(loader.get_template("500.html").render())
