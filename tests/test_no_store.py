"""Every answer of the application carries `Cache-Control: no-store`; static files do not."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/portal/tickets/", "/desk/", "/account/", "/account/password/", "/reports/"],
)
def test_pages_with_personal_data_are_not_stored(client, admin_user, path):
    client.force_login(admin_user)
    response = client.get(path)
    assert response.status_code == 200, path
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path", ["/api/v1/users/me/", "/api/v1/tickets/", "/api/v1/users/", "/api/v1/nowhere/"]
)
def test_every_api_answer_is_not_stored(client_for, admin_user, api_client, path):
    for client in (client_for(admin_user), api_client):  # signed in, and anonymous (401)
        response = client.get(path)
        assert "no-store" in response["Cache-Control"], (path, response.status_code)


def test_the_token_answer_is_not_stored(api_client, requester):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": requester.username, "password": "itsm-demo-2026"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_static_files_stay_cacheable(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_login_page_is_not_stored(client):
    assert "no-store" in client.get(reverse("accounts:login"))["Cache-Control"]
