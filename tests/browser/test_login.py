"""Each demo role signs in and lands on its home page; the language switch works."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from common.navigation import home_url_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo")


@pytest.mark.parametrize("username", ["requester", "agent", "manager", "admin"])
def test_each_role_lands_on_its_home_page(demo, page, live_server, login, username):
    login(username)
    user = User.objects.get(username=username)
    expected = home_url_for(user)
    assert page.url == f"{live_server.url}{expected}"
    expect(page.get_by_test_id("user-menu")).to_contain_text(user.display_name)


def test_wrong_password_shows_form_error(demo, page, login):
    login("requester", "not-the-password")
    expect(page.get_by_test_id("login-error")).to_be_visible()


def test_language_switch_turns_navigation_into_chinese(demo, page, login):
    User.objects.filter(username="admin").update(language="en")
    login("admin")
    expect(page.get_by_test_id("nav-sections")).to_contain_text("Admin")
    page.get_by_test_id("lang-zh-hans").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("nav-sections")).to_contain_text("管理")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
