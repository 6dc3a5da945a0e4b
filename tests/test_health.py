"""/healthz answers 200 when the database and broker answer, 503 naming what failed."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "cache": "ok"},
    }


def test_healthz_503_when_broker_unreachable(client, settings):
    # A real connection attempt to a port where nothing listens.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("error")


def test_openapi_schema_and_docs(client, admin_user):
    client.force_login(admin_user)
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/users/me/" in schema.content
    assert client.get("/api/v1/docs/").status_code == 200


def test_openapi_schema_generates_without_warnings(tmp_path):
    """Every endpoint is described; a warning here means the schema lies somewhere."""
    from django.core.management import call_command

    target = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in (
        "/api/v1/tickets/{id}/resolve/",
        "/api/v1/assets/import/",
        "/api/v1/services/{id}/publish/",
        "/api/v1/catalog-items/",
    ):
        assert path in text


def test_healthz_reuses_one_broker_client_instead_of_connecting_each_time(
    client, settings, monkeypatch
):
    import redis

    from itsm import views

    made = []

    class FakeRedis:
        def ping(self):
            return True

    def from_url(url, **kwargs):
        made.append(url)
        return FakeRedis()

    monkeypatch.setattr(redis.Redis, "from_url", staticmethod(from_url))
    views._redis_client.cache_clear()
    settings.CELERY_BROKER_URL = "redis://broker.invalid:6379/0"
    for _ in range(3):
        response = client.get("/healthz")
        assert response.json()["checks"]["broker"] == "ok"
    assert made == ["redis://broker.invalid:6379/0"]
    views._redis_client.cache_clear()
