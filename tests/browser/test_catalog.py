"""An end user browses the catalog in Chinese and meets the guided form."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_end_user_browses_catalog_in_chinese(page, live_server, login):
    call_command("seed_demo")
    User.objects.filter(username="requester").update(language="zh-hans")
    login("requester")
    assert page.url == f"{live_server.url}/portal/"
    expect(page.get_by_test_id("common-items")).to_contain_text("重置密码")
    page.get_by_test_id("portal-search").fill("打印")
    expect(page.locator("#portal-results")).to_contain_text("打印机故障")
    page.get_by_test_id("item-card").filter(has_text="打印机故障").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("打印机故障")
    expect(page.get_by_test_id("guided-form")).to_contain_text("从您的设备中选择")
    page.get_by_test_id("guided-submit").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    expect(page.get_by_test_id("field-error").first).to_contain_text("必填")
