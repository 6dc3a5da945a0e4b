"""A signed-in person changes their password from the user menu and signs in with it."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Brand-new-Passphrase-42"


def test_change_password_from_the_user_menu_then_sign_in_with_it(page, live_server, login):
    user = factories.UserFactory(username="alice", display_name="Alice Wang")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(user.username)
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("password-change-link").click()
    page.wait_for_load_state()
    page.get_by_label("Old password").fill("itsm-demo-2026")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_test_id("password-change-submit").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Your password was changed")).to_be_visible()
    expect(page.get_by_test_id("user-menu")).to_contain_text("Alice Wang")  # still signed in

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    page.wait_for_load_state()
    login(user.username, NEW_PASSWORD)
    expect(page.get_by_test_id("user-menu")).to_contain_text("Alice Wang")
    assert errors == []


def test_a_wrong_old_password_is_shown_on_the_form(page, live_server, login):
    user = factories.UserFactory(username="bob")
    login(user.username)
    page.goto(f"{live_server.url}/account/password/")
    page.get_by_label("Old password").fill("not-my-password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_test_id("password-change-submit").click()
    page.wait_for_load_state()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    user.refresh_from_db()
    assert user.check_password("itsm-demo-2026")
