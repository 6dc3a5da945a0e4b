"""An agent's day as they click it: sign in, land on their tickets (as many as the API
counts), search in Chinese and English from the desk's box, narrow by priority, open the
CMDB from the navigation, and read the live view's breached and breaching lists.

Issue 15 items 1-3 and 8: each step failed in the browser while view tests passed."""

import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assets.models import Asset
from sla import timers
from sla.models import SLATimer
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The agent's open tickets: (title, priority, how many).
MINE = [
    ("二楼打印机卡纸", 3, 3),
    ("Printer on floor 2 jams", 2, 2),
    ("VPN disconnects every few minutes", 3, 2),
    ("VPN drops in meeting room 0305", 2, 1),
]


@pytest.fixture
def desk(transactional_db):
    group = factories.SupportGroupFactory(name="Service Desk")
    agent = factories.UserFactory(username="agent", role="agent", language="en")
    group.members.add(agent)
    colleague = factories.UserFactory(role="agent", language="en")
    group.members.add(colleague)
    made = []
    for title, priority, count in MINE:
        made += factories.TicketFactory.create_batch(
            count,
            title=title,
            priority=priority,
            assignment_group=group,
            assignee=agent,
            status="assigned",
        )
    # A colleague's printer ticket: not in "Mine", found from "All".
    made.append(
        factories.TicketFactory(
            title="打印机缺墨 printer toner low",
            priority=4,
            assignment_group=group,
            assignee=colleague,
            status="in_progress",
        )
    )
    factories.AssetFactory.create_batch(5)
    # SLA: one ticket breached three weeks ago, one due within the hour.
    factories.SLAPolicyFactory(response_minutes=60, resolution_minutes=480)
    now = timezone.now()
    breached, soon = made[0], made[3]
    for ticket, due in (
        (breached, now - dt.timedelta(weeks=3)),
        (soon, now + dt.timedelta(minutes=20)),
    ):
        timers.start_timers(ticket, now=now - dt.timedelta(days=30))
        SLATimer.objects.filter(ticket=ticket, kind="response").update(due_at=due)
        SLATimer.objects.filter(ticket=ticket, kind="resolution").update(
            due_at=now + dt.timedelta(days=5)
        )
    return {"agent": agent, "tickets": made, "breached": breached, "soon": soon}


def _count(page) -> int:
    text = page.get_by_test_id("queue-count").inner_text()
    return int(re.match(r"(\d+) tickets?", text).group(1))


def _titles(page) -> list[str]:
    return page.locator("#queue-results td.title").all_inner_texts()


def _search(page, word: str) -> None:
    """Type in the desk's search box and press Enter, as a person does."""
    box = page.get_by_test_id("desk-search")
    box.fill(word)
    box.press("Enter")
    expect(page).to_have_url(re.compile("search=" + re.escape(quote(word))))


def test_agent_lands_searches_filters_and_finds_cis_and_breaches(desk, page, live_server, login):
    login("agent")

    # 1. The landing desk lists the agent's tickets, as many as the API gives for "Mine".
    assert page.url == f"{live_server.url}/desk/"
    mine = sum(count for _title, _p, count in MINE)
    expect(page.get_by_test_id("queue-count")).to_have_text(f"{mine} tickets")
    api = page.request.get(
        f"{live_server.url}/api/v1/tickets/?assignee={desk['agent'].pk}&is_open=true"
    ).json()
    assert api["count"] == _count(page) == mine
    assert len(_titles(page)) == mine

    # 2. A Chinese word and an English word typed in the desk's box find their tickets.
    _search(page, "打印机")
    expect(page.get_by_test_id("queue-count")).to_have_text("3 tickets")
    assert all("打印机" in title for title in _titles(page))
    page.get_by_test_id("queue-all").click()
    page.wait_for_load_state()
    _search(page, "打印机")
    expect(page.get_by_test_id("queue-count")).to_have_text("4 tickets")  # the colleague's too
    assert all("打印机" in title for title in _titles(page))
    _search(page, "printer")
    expect(page.get_by_test_id("queue-count")).to_have_text("3 tickets")
    assert all("printer" in title.lower() for title in _titles(page))
    expect(page.get_by_test_id("filter-errors")).to_have_count(0)

    # 3. Choosing a priority in the filter form narrows the list, not to zero.
    _search(page, "VPN")
    expect(page.get_by_test_id("queue-count")).to_have_text("3 tickets")
    page.select_option("#f-priority", "2")
    expect(page).to_have_url(re.compile(r"priority=2"))
    expect(page.get_by_test_id("queue-count")).to_have_text("1 ticket")
    assert _titles(page) == ["VPN drops in meeting room 0305"]
    page.select_option("#f-priority", "")
    _search(page, "Printer")
    page.select_option("#f-priority", "2")
    expect(page.get_by_test_id("queue-count")).to_have_text("2 tickets")
    assert all(title.startswith("Printer on floor 2") for title in _titles(page))

    # 4. The CMDB, reached from the navigation, lists every configuration item.
    page.locator("[data-nav=cmdb]").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/cmdb/"
    items = Asset.objects.count()
    expect(page.get_by_test_id("asset-count")).to_have_text(f"{items} items")
    expect(page.locator("#asset-results tbody tr")).to_have_count(items)

    # 5. The live view keeps what breached weeks ago apart from what breaches within the hour.
    page.goto(f"{live_server.url}/reports/live/")
    overdue = page.get_by_test_id("live-overdue")
    expect(overdue).to_contain_text(desk["breached"].number)
    expect(overdue).to_contain_text("3 weeks overdue")
    expect(overdue).not_to_contain_text(desk["soon"].number)
    within = page.get_by_test_id("live-timers")
    expect(within).to_contain_text(desk["soon"].number)
    expect(within).to_contain_text("due ")
    expect(within).not_to_contain_text(desk["breached"].number)
