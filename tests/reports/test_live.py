"""The live view separates what has breached and is still open (how long overdue, since
when, with the date when not today) from what breaches within the hour."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sla import timers
from sla.models import SLATimer
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=SHANGHAI)  # Monday 7 December, 10:00


@pytest.fixture
def board(manager, group, requester):
    """Three open tickets of the manager's group: one breached three weeks ago, one due in
    twenty minutes, one due tomorrow."""
    factories.SLAPolicyFactory(response_minutes=60, resolution_minutes=6000)
    made = {}
    for name, due in [
        ("weeks ago", dt.datetime(2026, 11, 16, 9, 30, tzinfo=SHANGHAI)),
        ("soon", NOW + dt.timedelta(minutes=20)),
        ("tomorrow", NOW + dt.timedelta(days=1)),
    ]:
        ticket = factories.TicketFactory(
            title=f"Ticket due {name}",
            requester=requester,
            assignment_group=group,
            status="assigned",
        )
        timers.start_timers(ticket, now=NOW - dt.timedelta(days=30))
        SLATimer.objects.filter(ticket=ticket, kind="response").update(due_at=due)
        SLATimer.objects.filter(ticket=ticket, kind="resolution").update(
            due_at=due + dt.timedelta(days=10)
        )
        made[name] = ticket
    return made


def _section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</ul>", start)].replace("\xa0", " ")


def test_breached_tickets_are_listed_apart_with_how_long_and_since_when(client, manager, board, at):
    with at(NOW):
        client.force_login(manager)
        html = client.get("/reports/live/").content.decode()
    overdue = _section(html, "live-overdue")
    assert board["weeks ago"].number in overdue
    assert "3 weeks overdue" in overdue and "since November 16 09:30" in overdue
    assert board["soon"].number not in overdue and board["tomorrow"].number not in overdue

    within = _section(html, "live-timers")
    assert board["soon"].number in within and "due 10:20" in within
    assert board["weeks ago"].number not in within and board["tomorrow"].number not in within
    # The figures beside the lists count the same tickets.
    assert 'data-testid="live-breached">1<' in html


def test_live_view_speaks_chinese_with_dates_in_the_users_zone(client, manager, board, at):
    manager.language, manager.timezone = "zh-hans", "Europe/Paris"
    manager.save()
    with at(NOW):
        client.force_login(manager)
        html = client.get("/reports/live/", HTTP_HX_REQUEST="true").content.decode()
    overdue = _section(html, "live-overdue")
    assert "已超时 3 周" in overdue and "自 11月16日 02:30 起" in overdue  # 09:30 in Shanghai
    assert "03:20 到期" in _section(html, "live-timers")


def test_nothing_breached_says_so(client, manager, at):
    with at(NOW):
        client.force_login(manager)
        html = client.get("/reports/live/").content.decode()
    assert "No open ticket has breached its SLA." in _section(html, "live-overdue")
    assert "Nothing is due within the hour." in _section(html, "live-timers")


def test_a_ticket_with_both_timers_overdue_is_listed_once(client, manager, board, at):
    SLATimer.objects.filter(ticket=board["weeks ago"], kind="resolution").update(
        due_at=dt.datetime(2026, 11, 20, 9, 30, tzinfo=SHANGHAI)
    )
    with at(NOW):
        client.force_login(manager)
        html = client.get("/reports/live/").content.decode()
    overdue = _section(html, "live-overdue")
    assert overdue.count(board["weeks ago"].number) == 1
    assert "since November 16 09:30" in overdue  # the longest overdue of its timers
    assert 'data-testid="live-breached">1<' in html
