"""Error shapes the fuzzing and the outside probe found missing: deleting what is still used
is a 409, not a 500; every /api/ answer is JSON, whatever went wrong."""

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from assets.models import AssetCategory
from tests import factories

pytestmark = pytest.mark.django_db


def test_deleting_a_category_still_used_by_items_is_a_409(client_for, admin_user):
    category = factories.AssetCategoryFactory()
    factories.AssetFactory(category=category)
    response = client_for(admin_user).delete(f"/api/v1/asset-categories/{category.pk}/")
    assert response.status_code == 409
    assert "still use it" in response.json()["detail"]
    assert AssetCategory.objects.filter(pk=category.pk).exists()


def test_every_operation_documents_its_errors():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "404", "503"} <= codes, (method, path)
            if operation.get("security"):
                assert {"401", "403"} <= codes, (method, path)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/groups/?members=99999999999999999999999",
        "/api/v1/tickets/?asset=99999999999999999999999",
        "/api/v1/tickets/?groups=1,99999999999999999999999",
    ],
)
def test_a_number_too_large_for_the_database_is_never_a_500(client_for, admin_user, url):
    response = client_for(admin_user).get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    # SQLite cannot bind it: a 400 saying so; PostgreSQL refuses the choice (400 naming the
    # field) or compares it (nothing matches).
    if response.status_code == 400:
        body = response.json()
        assert body.get("detail", "请求中的数字太大。") == "请求中的数字太大。" and body
    else:
        assert response.status_code == 200 and response.json()["results"] == []


# --- every /api/ answer is JSON, in the shapes of docs/api.md (issue 16) ------------------------

DEEP = "[" * 5000 + "]" * 5000


@pytest.mark.parametrize(
    "url", ["/api/v1/auth/token/", "/api/v1/surveys/respond/", "/api/v1/tickets/"]
)
def test_deeply_nested_json_is_a_translated_400(client_for, admin_user, url):
    client = APIClient() if "tickets" not in url else client_for(admin_user)
    response = client.post(
        url, DEEP, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "不接受嵌套超过 32 层的 JSON。"}


def test_json_just_deeper_than_the_bound_is_refused_and_shallower_accepted(client_for, admin_user):
    client = client_for(admin_user)
    nested = {"symptom": "x"}
    for _level in range(40):
        nested = {"a": nested}
    response = client.post("/api/v1/tickets/", {"title": "x", "form_data": nested}, format="json")
    assert response.status_code == 400 and "32" in response.json()["detail"]
    response = client.post("/api/v1/tickets/", {"title": "Shallow"}, format="json")
    assert response.status_code == 201


def test_a_body_above_the_upload_limit_is_a_json_413(client_for, admin_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = '{"title": "' + "x" * (1024 * 1024 + 10) + '"}'
    response = client_for(admin_user).post(
        "/api/v1/tickets/", body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "1 MB" in response.json()["detail"]


@pytest.mark.parametrize(
    "url", ["/api/v1/tickets/abc/", "/api/v1/nothing/", "/api/v1/tickets/1/history/x"]
)
def test_an_unknown_api_path_is_a_json_404(client_for, admin_user, url):
    response = client_for(admin_user).get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_a_server_error_under_the_api_is_json():
    from itsm import views

    try:
        raise RuntimeError("a bug")
    except RuntimeError:  # Django calls the handler inside its `except`
        response = views.error_500(RequestFactory().get("/api/v1/tickets/"))
        page = views.error_500(RequestFactory().get("/desk/"))
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    assert page.status_code == 500 and "html" in page["Content-Type"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/tickets/?search=a%00b",
        "/api/v1/users/?search=%00",
        "/api/v1/services/?search=%00",
        "/api/v1/assets/?search=%00",
    ],
)
def test_a_nul_in_search_is_a_400_naming_search(client_for, admin_user, url):
    response = client_for(admin_user).get(url)
    assert response.status_code == 400
    assert set(response.json()) == {"search"}
