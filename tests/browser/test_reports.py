"""A manager reads the dashboard in Chinese, changes the period, and follows the breach
figure to the tickets behind it."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from sla.models import SLATimer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo")
    User.objects.filter(username="manager").update(language="zh-hans")


def test_manager_follows_the_breach_figure_to_its_tickets(demo, page, live_server, login):
    breached = set(
        SLATimer.objects.filter(
            state="running",
            due_at__lt=timezone.now(),
            ticket__status__in=["new", "assigned", "in_progress", "pending"],
        ).values_list("ticket__number", flat=True)
    )
    assert breached, "the demo has overdue tickets"
    messages = []
    page.on("console", lambda m: messages.append(m.text))
    login("manager")
    page.goto(f"{live_server.url}/reports/")
    expect(page.locator("h1")).to_contain_text("仪表板")
    today = timezone.localdate()
    page.fill("[data-testid=report-from]", (today - dt.timedelta(days=6)).isoformat())
    page.fill("[data-testid=report-to]", today.isoformat())
    page.get_by_test_id("report-apply").click()
    page.wait_for_load_state()
    assert f"from={(today - dt.timedelta(days=6)).isoformat()}" in page.url
    expect(page.get_by_test_id("kpis")).to_be_visible()
    figure = page.get_by_test_id("breached-now")
    expect(figure).to_contain_text(str(len(breached)))
    figure.click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("queue-count")).to_contain_text(str(len(breached)))
    listed = set(page.locator(".queue-table td.font-monospace a").all_inner_texts())
    assert listed == breached or (len(breached) > 25 and listed <= breached)
    assert not [m for m in messages if "Refused" in m or "Error" in m]
