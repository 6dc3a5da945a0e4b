"""Self-service password change (signed in) and reset by email (where mail is configured)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "itsm-demo-2026"
NEW_PASSWORD = "Brand-new-Passphrase-42"


def test_the_user_menu_links_to_the_password_change(client, requester):
    client.force_login(requester)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:password_change") in page
    assert 'data-testid="password-change-link"' in page


def test_password_change_needs_a_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_user_changes_their_password_and_stays_signed_in(client, requester):
    client.force_login(requester)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    assert "Your password was changed" in response.content.decode()
    requester.refresh_from_db()
    assert requester.check_password(NEW_PASSWORD)
    assert client.get("/portal/tickets/").status_code == 200


@pytest.mark.parametrize(
    ("old", "new1", "new2"),
    [
        ("wrong-old-password", NEW_PASSWORD, NEW_PASSWORD),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x"),
        (PASSWORD, "short", "short"),
        (PASSWORD, "12345678901", "12345678901"),
    ],
)
def test_a_bad_password_change_is_a_form_error_and_changes_nothing(
    client, requester, old, new1, new2
):
    client.force_login(requester)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password1": new1, "new_password2": new2},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    html = response.content.decode()
    # Passwords are never written back into the page.
    assert f'value="{new1}"' not in html and f'value="{old}"' not in html
    requester.refresh_from_db()
    assert requester.check_password(PASSWORD)


def test_the_password_change_page_speaks_chinese(client, requester):
    requester.language = "zh-hans"
    requester.save()
    client.force_login(requester)
    html = client.get(reverse("accounts:password_change")).content.decode()
    assert "修改密码" in html


def test_reset_by_email_sends_a_link_that_sets_a_new_password(client, requester, settings):
    settings.PASSWORD_RESET_BY_EMAIL = True
    settings.SITE_URL = "https://desk.example.com"
    assert (
        'data-testid="password-reset-link"'
        in client.get(reverse("accounts:login")).content.decode()
    )
    response = client.post(
        reverse("accounts:password_reset"),
        {"email": requester.email.upper()},
        HTTP_HOST="evil.example.net",
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert requester.username in body
    link = re.search(r"https://desk\.example\.com(/password-reset/\S+/)", body)
    assert link, body  # built on SITE_URL, not on the Host header
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(1),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    requester.refresh_from_db()
    assert requester.check_password(NEW_PASSWORD)
    # The link works once.
    again = client.get(link.group(1), follow=True)
    assert 'data-testid="password-reset-invalid"' in again.content.decode()


def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, settings):
    settings.PASSWORD_RESET_BY_EMAIL = True
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_without_mail_configured_there_is_no_reset_by_email(client, settings):
    settings.PASSWORD_RESET_BY_EMAIL = False
    assert client.get(reverse("accounts:password_reset")).status_code == 404
    login = client.get(reverse("accounts:login")).content.decode()
    assert "Call the service desk" in login
    assert 'data-testid="password-reset-link"' not in login


def test_password_rules_are_explained_in_chinese(client, requester):
    requester.language = "zh-hans"
    requester.save()
    client.force_login(requester)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Ab3$x", "new_password2": "Ab3$x"},
    )
    assert "密码太短" in response.content.decode()
