"""API tokens expire, are revoked by a password change, and their holder can revoke them."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.api.serializers import UserSerializer

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "itsm-demo-2026"
NEW_PASSWORD = "Brand-new-Passphrase-42"


def _obtain(user, password=PASSWORD) -> str:
    response = APIClient().post(TOKEN_URL, {"username": user.username, "password": password})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _me(key: str) -> int:
    return APIClient().get("/api/v1/users/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code


def test_token_answer_says_when_it_expires(requester, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    before = timezone.now()
    body = APIClient().post(TOKEN_URL, {"username": requester.username, "password": PASSWORD})
    after = timezone.now()
    expires = datetime.datetime.fromisoformat(body.json()["expires_at"])
    assert before + datetime.timedelta(days=30) <= expires <= after + datetime.timedelta(days=30)


def test_an_expired_token_is_401_and_logging_in_again_gives_a_new_one(requester, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    key = _obtain(requester)
    assert _me(key) == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31), tick=False):
        assert _me(key) == 401
        fresh = _obtain(requester)
        assert fresh != key
        assert _me(fresh) == 200


def test_a_valid_token_is_shared_by_the_clients_of_one_account(requester):
    assert _obtain(requester) == _obtain(requester)


def test_the_holder_revokes_their_own_token(requester):
    key = _obtain(requester)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.delete(TOKEN_URL).status_code == 204
    assert _me(key) == 401
    assert not Token.objects.filter(user=requester).exists()


def test_revoking_needs_credentials_and_touches_only_the_callers_token(requester, agent):
    theirs = _obtain(agent)
    assert APIClient().delete(TOKEN_URL).status_code == 401
    client = APIClient()
    client.force_authenticate(requester)
    assert client.delete(TOKEN_URL).status_code == 204
    assert _me(theirs) == 200


def test_a_stale_authorization_header_does_not_stop_logging_in(requester):
    response = APIClient().post(
        TOKEN_URL,
        {"username": requester.username, "password": PASSWORD},
        HTTP_AUTHORIZATION="Token not-a-real-token",
    )
    assert response.status_code == 200


def test_changing_the_password_on_the_page_revokes_tokens_and_keeps_the_session(client, requester):
    key = _obtain(requester)
    client.force_login(requester)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert _me(key) == 401
    assert client.get(reverse("accounts:profile")).status_code == 200  # still signed in


def test_an_admin_setting_a_password_through_the_api_revokes_the_users_tokens(
    requester, admin_user
):
    key = _obtain(requester)
    client = APIClient()
    client.force_authenticate(admin_user)
    response = client.patch(
        f"/api/v1/users/{requester.pk}/", {"password": NEW_PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert _me(key) == 401


def test_saving_a_user_without_a_new_password_keeps_the_token(requester):
    key = _obtain(requester)
    serializer = UserSerializer(requester, data={"display_name": "Renamed"}, partial=True)
    assert serializer.is_valid(), serializer.errors
    serializer.save()
    assert _me(key) == 200


def test_the_schema_documents_revoking_a_token():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/auth/token/"]["delete"]
    assert "204" in operation["responses"]
    assert "401" in operation["responses"]
    assert schema["paths"]["/api/v1/auth/token/"]["post"].get("security") in ([], [{}], None)
