"""An agent creates a configuration item: tag errors in both languages, next free tag."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from assets.models import Asset

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo")


def test_agent_creates_item_with_next_free_tag(demo, page, live_server, login):
    User.objects.filter(username="agent").update(language="en")
    login("agent")
    page.goto(f"{live_server.url}/cmdb/new/")
    tag = page.get_by_test_id("tag-input")
    tag.fill("D01-0210")
    expect(page.get_by_test_id("tag-check")).to_contain_text("e.g. D010210-009")

    page.get_by_test_id("lang-zh-hans").click()
    page.wait_for_load_state()
    page.get_by_test_id("tag-input").fill("D01-0210")
    expect(page.get_by_test_id("tag-check")).to_contain_text("楼栋")
    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()

    page.get_by_test_id("room-picker").select_option(
        label="1号办公楼 Office Building 1 · 0210 财务部办公室 Finance office"
    )
    page.get_by_test_id("next-tag").click()
    expect(page.get_by_test_id("tag-input")).to_have_value("D010210-006")
    expect(page.get_by_test_id("tag-check")).to_contain_text("floor 02")
    page.fill("input[name=name]", "New finance PC")
    page.select_option("select[name=category]", label="台式机 Desktop PC")
    page.get_by_test_id("save-asset").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("location")).to_contain_text("Machine no. 6")
    assert Asset.objects.filter(tag="D010210-006", name="New finance PC").exists()

    page.goto(f"{live_server.url}/cmdb/")
    page.get_by_test_id("asset-search").fill("new finance")
    expect(page.locator("#asset-results")).to_contain_text("D010210-006")
    expect(page.get_by_test_id("asset-count")).to_contain_text("1 item")
