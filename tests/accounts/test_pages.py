"""Login, logout, profile and language pages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_renders_in_chinese_for_chinese_browsers(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_wrong_password_is_a_form_error_not_a_500(client, requester):
    response = client.post(
        reverse("accounts:login"), {"username": requester.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "username or password is not right" in response.content.decode()


def test_login_lockout_does_not_reveal_whether_user_exists(client, requester, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for username in (requester.username, "nobody-at-all"):
        for _ in range(2):
            client.post(reverse("accounts:login"), {"username": username, "password": "x"})
    texts = [
        client.post(reverse("accounts:login"), {"username": u, "password": "x"}).content.decode()
        for u in (requester.username, "nobody-at-all")
    ]
    assert all("Too many failed attempts" in t for t in texts)


def test_successful_login_lands_on_home_for_role(client, requester):
    response = client.post(
        reverse("accounts:login"),
        {"username": requester.username, "password": "itsm-demo-2026"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.wsgi_request.user == requester


def test_anonymous_home_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_profile_update_and_bad_phone(client, requester):
    client.force_login(requester)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "X", "phone": "abc", "email": "", "language": "", "timezone": ""},
    )
    assert response.status_code == 200
    assert "Enter a Chinese mobile" in response.content.decode()
    response = client.post(
        reverse("accounts:profile"),
        {
            "display_name": "X",
            "phone": "021-6321 1234",
            "email": "",
            "language": "zh-hans",
            "timezone": "Europe/Paris",
        },
    )
    assert response.status_code == 302
    requester.refresh_from_db()
    assert requester.phone == "021-63211234"
    assert requester.timezone == "Europe/Paris"


def test_language_switch_saves_profile_and_translates_navigation(client, requester):
    client.force_login(requester)
    response = client.post(
        reverse("accounts:set_language"),
        {"language": "zh-hans", "next": reverse("accounts:profile")},
        follow=True,
    )
    requester.refresh_from_db()
    assert requester.language == "zh-hans"
    assert "我的资料" in response.content.decode()


def test_user_text_is_escaped(client, requester):
    requester.display_name = "<script>alert(1)</script>"
    requester.save()
    client.force_login(requester)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_404_page_is_designed(client, requester):
    client.force_login(requester)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find this page" in response.content.decode()
