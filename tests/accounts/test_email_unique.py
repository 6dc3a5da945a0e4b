"""An email address belongs to one user: nobody sets theirs to another user's (400)."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("taken", ["boss@example.com", "BOSS@Example.com", " boss@example.com"])
def test_me_cannot_take_another_users_email(client_for, requester, taken):
    factories.UserFactory(email="boss@example.com")
    before = requester.email
    response = client_for(requester).patch("/api/v1/users/me/", {"email": taken}, format="json")
    assert response.status_code == 400
    assert "email" in response.json()
    requester.refresh_from_db()
    assert requester.email == before


def test_me_keeps_or_changes_to_a_free_email(client_for, requester):
    client = client_for(requester)
    assert client.patch("/api/v1/users/me/", {"email": requester.email}).status_code == 200
    response = client.patch("/api/v1/users/me/", {"email": "fresh@example.com"}, format="json")
    assert response.status_code == 200
    assert response.json()["email"] == "fresh@example.com"


def test_me_refusal_is_translated(client_for, requester):
    factories.UserFactory(email="boss@example.com")
    response = client_for(requester).patch(
        "/api/v1/users/me/",
        {"email": "boss@example.com"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert "邮箱" in response.json()["email"][0]


def test_profile_page_cannot_take_another_users_email(client, requester):
    factories.UserFactory(email="boss@example.com")
    before = requester.email
    client.force_login(requester)
    response = client.post(
        reverse("accounts:profile"),
        {
            "display_name": "Me",
            "email": "Boss@example.com",
            "phone": "",
            "language": "",
            "timezone": "",
        },
    )
    assert response.status_code == 200
    assert "Another user already has this email address." in response.content.decode()
    requester.refresh_from_db()
    assert requester.email == before


def test_admin_cannot_give_two_users_one_email(client_for, admin_user, requester):
    response = client_for(admin_user).post(
        "/api/v1/users/",
        {
            "username": "newperson",
            "password": "Corr3ct-Horse-Battery",
            "email": requester.email,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "email" in response.json()
