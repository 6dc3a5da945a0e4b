"""Users, groups and customer units: the role table cell by cell, token auth, bad input."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts.models import CustomerUnit, SupportGroup, User
from accounts.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db

LISTS = ["api:user-list", "api:group-list", "api:customerunit-list"]


@pytest.fixture
def users_by_role(requester, agent, manager, admin_user):
    return {"requester": requester, "agent": agent, "manager": manager, "admin": admin_user}


@pytest.mark.parametrize("url_name", LISTS)
def test_anonymous_gets_401(api_client, url_name):
    assert api_client.get(reverse(url_name)).status_code == 401


@pytest.mark.parametrize("url_name", LISTS)
@pytest.mark.parametrize(
    ("role", "expected"),
    [("requester", 403), ("agent", 200), ("manager", 200), ("admin", 200)],
)
def test_read_organisation_by_role(client_for, users_by_role, url_name, role, expected):
    assert client_for(users_by_role[role]).get(reverse(url_name)).status_code == expected


CREATE_BODIES = {
    "api:customerunit-list": {"code": "NEW", "name": "New unit"},
    "api:group-list": {"code": "NEWG", "name": "New group"},
    "api:user-list": {"username": "newbie", "password": "a-Long-passphrase-42", "role": "agent"},
}
MODELS = {
    "api:customerunit-list": CustomerUnit,
    "api:group-list": SupportGroup,
    "api:user-list": User,
}


@pytest.mark.parametrize("url_name", LISTS)
@pytest.mark.parametrize(
    ("role", "expected"),
    [("requester", 403), ("agent", 403), ("manager", 403), ("admin", 201)],
)
def test_only_admins_create_organisation(client_for, users_by_role, url_name, role, expected):
    model = MODELS[url_name]
    before = model.objects.count()
    response = client_for(users_by_role[role]).post(reverse(url_name), CREATE_BODIES[url_name])
    assert response.status_code == expected, response.content
    assert model.objects.count() == before + (1 if expected == 201 else 0)


def test_agent_cannot_edit_a_user(client_for, agent, requester):
    url = reverse("api:user-detail", args=[requester.pk])
    response = client_for(agent).patch(url, {"display_name": "Hacked"})
    assert response.status_code == 403
    requester.refresh_from_db()
    assert requester.display_name != "Hacked"


def test_admin_created_user_has_hashed_password_never_returned(client_for, admin_user):
    response = client_for(admin_user).post(reverse("api:user-list"), CREATE_BODIES["api:user-list"])
    assert response.status_code == 201
    assert "password" not in response.json()
    user = User.objects.get(username="newbie")
    assert user.check_password("a-Long-passphrase-42")
    assert user.role == Role.AGENT and not user.is_staff


def test_admin_role_grants_django_admin_and_demotion_removes_it(client_for, admin_user, agent):
    url = reverse("api:user-detail", args=[agent.pk])
    assert client_for(admin_user).patch(url, {"role": "admin"}).status_code == 200
    agent.refresh_from_db()
    assert agent.is_staff and agent.is_superuser
    assert client_for(admin_user).patch(url, {"role": "agent"}).status_code == 200
    agent.refresh_from_db()
    assert not agent.is_staff and not agent.is_superuser


def test_weak_password_is_refused_with_field_message(client_for, admin_user):
    body = {"username": "weak", "password": "123", "role": "requester"}
    response = client_for(admin_user).post(reverse("api:user-list"), body)
    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.filter(username="weak").exists()


# --- /users/me/ ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["requester", "agent", "manager", "admin"])
def test_everyone_reads_themselves(client_for, users_by_role, role):
    user = users_by_role[role]
    response = client_for(user).get(reverse("api:user-me"))
    assert response.status_code == 200
    assert response.json()["username"] == user.username
    assert response.json()["role"] == role


def test_me_patch_changes_contact_details(client_for, requester):
    body = {
        "display_name": "刘芳",
        "phone": "138 1234 5678",
        "email": "lf@example.com",
        "language": "zh-hans",
    }
    response = client_for(requester).patch(reverse("api:user-me"), body)
    assert response.status_code == 200, response.content
    requester.refresh_from_db()
    assert requester.display_name == "刘芳"
    assert requester.phone == "13812345678"
    assert requester.language == "zh-hans"


@pytest.mark.parametrize(
    "field_value",
    [
        ("role", "admin"),
        ("is_staff", True),
        ("is_superuser", True),
        ("is_active", False),
        ("username", "root"),
        ("groups", [1]),
        ("customer_unit", 1),
        ("password", "a-Long-passphrase-42"),
    ],
)
def test_user_cannot_raise_own_rights_through_me(client_for, requester, field_value):
    field, value = field_value
    response = client_for(requester).patch(reverse("api:user-me"), {field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    requester.refresh_from_db()
    assert requester.role == Role.REQUESTER
    assert not requester.is_staff and not requester.is_superuser and requester.is_active
    assert requester.check_password("itsm-demo-2026")
    assert not requester.check_password("a-Long-passphrase-42")


def test_requester_cannot_raise_own_role_through_users_endpoint(client_for, requester):
    url = reverse("api:user-detail", args=[requester.pk])
    response = client_for(requester).patch(url, {"role": "admin"})
    assert response.status_code == 403
    requester.refresh_from_db()
    assert requester.role == Role.REQUESTER


def test_me_rejects_bad_phone_and_email(client_for, requester):
    response = client_for(requester).patch(
        reverse("api:user-me"), {"phone": "12345", "email": "not-an-email"}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"phone", "email"}


# --- bad input ----------------------------------------------------------------------------


def test_malformed_json_is_400(client_for, admin_user):
    response = client_for(admin_user).generic(
        "POST", reverse("api:customerunit-list"), "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()


def test_wrong_types_and_unknown_ids_are_field_errors(client_for, admin_user):
    body = {"code": "X", "name": "X", "manager": 999999, "members": ["abc"]}
    response = client_for(admin_user).post(reverse("api:group-list"), body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"manager", "members"}
    assert not SupportGroup.objects.filter(code="X").exists()


def test_huge_strings_are_400(client_for, admin_user):
    body = {"code": "BIG", "name": "x" * 100_000}
    response = client_for(admin_user).post(reverse("api:customerunit-list"), body)
    assert response.status_code == 400
    assert "name" in response.json()


def test_unknown_user_id_is_404(client_for, admin_user):
    assert client_for(admin_user).get(reverse("api:user-detail", args=[999999])).status_code == 404


def test_validation_message_follows_accept_language(client_for, admin_user):
    client = client_for(admin_user)
    response = client.post(
        reverse("api:customerunit-list"), {"code": "ZH"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert response.json()["name"] == ["该字段是必填项。"]
    response = client.post(
        reverse("api:customerunit-list"), {"code": "EN"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["name"] == ["This field is required."]


def test_own_validation_message_is_translated(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("api:customerunit-list"),
        {"code": "bad code!", "name": "x"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert "字母" in response.json()["code"][0]


def test_user_list_query_count_is_constant(client_for, admin_user, django_assert_max_num_queries):
    groups = factories.SupportGroupFactory.create_batch(3)
    for _ in range(30):
        factories.UserFactory().support_groups.set(groups)
    with django_assert_max_num_queries(6):
        response = client_for(admin_user).get(reverse("api:user-list"), {"page_size": 200})
    assert response.json()["count"] == 31


# --- token auth ---------------------------------------------------------------------------

TOKEN_URL = "/api/v1/auth/token/"


def test_token_with_good_credentials(api_client, requester):
    response = api_client.post(
        TOKEN_URL, {"username": requester.username, "password": "itsm-demo-2026"}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get(reverse("api:user-me")).json()["username"] == requester.username


def test_token_with_bad_credentials_is_400(api_client, requester):
    response = api_client.post(TOKEN_URL, {"username": requester.username, "password": "nope"})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_token_missing_fields_is_400(api_client):
    response = api_client.post(TOKEN_URL, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_repeated_token_failures_are_throttled(api_client, requester, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert (
            api_client.post(
                TOKEN_URL, {"username": requester.username, "password": "wrong"}
            ).status_code
            == 400
        )
    response = api_client.post(
        TOKEN_URL, {"username": requester.username, "password": "itsm-demo-2026"}
    )
    assert response.status_code == 429


def test_deactivated_users_token_stops_working(api_client, requester):
    token = Token.objects.create(user=requester)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api_client.get(reverse("api:user-me")).status_code == 200
    requester.is_active = False
    requester.save()
    assert api_client.get(reverse("api:user-me")).status_code == 401


def test_membership_changed_from_the_user_side_is_audited_on_the_groups(db):
    first, second = factories.SupportGroupFactory(), factories.SupportGroupFactory()
    user = factories.UserFactory(role="agent")
    user.support_groups.set([first, second])
    user.support_groups.remove(second)
    user.support_groups.clear()
    assert first.history.count() == 3  # created, added, cleared
    assert second.history.count() == 3  # created, added, removed
    assert not first.members.exists() and not second.members.exists()
