"""A cache that does not answer (Redis down) degrades, never fails: logins are not
throttled (a warning is logged), large counts are recounted, /healthz says `degraded`."""

import logging

import pytest
from django.urls import reverse

from common import cache as safe_cache
from common import pagination

pytestmark = pytest.mark.django_db

PASSWORD = "itsm-demo-2026"
# A Redis cache on a port where nothing listens: every call raises ConnectionError.
DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def cache_down(settings):
    settings.CACHES = DOWN
    yield


def test_token_login_works_without_the_cache_and_logs_a_warning(
    api_client, requester, cache_down, caplog
):
    with caplog.at_level(logging.WARNING, logger="common.cache"):
        wrong = api_client.post(
            "/api/v1/auth/token/", {"username": requester.username, "password": "x"}
        )
        right = api_client.post(
            "/api/v1/auth/token/", {"username": requester.username, "password": PASSWORD}
        )
    assert wrong.status_code == 400
    assert right.status_code == 200
    assert any("cache unavailable" in r.getMessage() for r in caplog.records)


def test_login_page_works_without_the_cache(client, requester, cache_down):
    response = client.post(
        reverse("accounts:login"), {"username": requester.username, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_large_list_counts_without_the_cache(cache_down, monkeypatch, requester):
    from accounts.models import User

    monkeypatch.setattr(pagination, "EXACT_UP_TO", 0)  # any list counts as "large"
    assert pagination.count_rows(User.objects.all()) == User.objects.count()


def test_the_wrapper_gives_defaults_and_drops_writes(cache_down):
    safe_cache.set("k", 1, 10)
    assert safe_cache.get("k", "default") == "default"
    assert safe_cache.get_many(["k"]) == {}
    assert safe_cache.incr("k", 10) is None
    safe_cache.delete("k")


def test_healthz_says_the_cache_is_down_but_serves(client, cache_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"].startswith("error")
    assert body["checks"]["database"] == "ok"


def test_no_product_code_calls_the_cache_directly():
    """One wrapper: only common/cache.py (and the health check, which must see the failure)
    touch django.core.cache."""
    import pathlib

    from django.conf import settings

    root = pathlib.Path(settings.BASE_DIR)
    packages = [p.parent for p in root.glob("*/__init__.py") if p.parent.name != "tests"]
    allowed = {root / "common" / "cache.py", root / "itsm" / "views.py"}
    offenders = [
        str(path.relative_to(root))
        for package in packages
        for path in package.rglob("*.py")
        if path not in allowed and "django.core.cache import" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
