"""Lists ordered by due time (the breaching-soon queue, "SLA due first") say the due
instant on their badges, so the words follow the order; other lists say business time."""

import pytest

from sla.templatetags.sla import moment
from tests.sla.conftest import sh

pytestmark = pytest.mark.django_db

NOW = sh(2026, 12, 7, 10, 0)  # Monday


@pytest.fixture
def queue(default_policy, open_ticket):
    """The agent's three tickets, response due in an office hour: since Friday 17:00 (two
    business hours late at NOW), since 09:30 today (half an hour late), at 10:30 today."""
    return {
        "friday": open_ticket(sh(2026, 12, 4, 16, 0)),
        "this morning": open_ticket(sh(2026, 12, 4, 17, 30)),
        "soon": open_ticket(sh(2026, 12, 7, 9, 30)),
    }


def _badges(html: str) -> list[str]:
    parts = html.split('data-testid="sla-badge"')[1:]
    return [" ".join(p.split(">", 1)[1].split("</span>")[0].split()) for p in parts]


@pytest.mark.parametrize("query", [{"queue": "breaching"}, {"queue": "mine", "sort": "sla"}])
def test_due_ordered_lists_say_the_due_instant_in_their_order(client, agent, queue, at, query):
    with at(NOW):
        client.force_login(agent)
        html = client.get("/desk/", query).content.decode()
    numbers = [queue[name].number for name in ("friday", "this morning", "soon")]
    assert sorted(numbers, key=html.index) == numbers
    assert _badges(html) == [
        "Response: overdue since December 4 17:00",
        "Response: overdue since 09:30",
        "Response: due 10:30",
    ]


def test_other_lists_say_business_time(client, agent, queue, at):
    with at(NOW):
        client.force_login(agent)
        html = client.get("/desk/", {"queue": "mine", "sort": "-created_at"}).content.decode()
    assert _badges(html) == [  # newest first
        "Response: 30 min left",
        "Response: overdue 30 min",
        "Response: overdue 2 h 00 min",
    ]


def test_moment_gives_the_date_unless_today_and_the_year_unless_this_year(at, settings):
    with at(NOW):
        assert moment(sh(2026, 12, 7, 8, 5)) == "08:05"
        assert moment(sh(2026, 12, 8, 8, 5)) == "December 8 08:05"
        assert moment(sh(2025, 12, 8, 8, 5)) == "2025-12-08 08:05"
        assert moment(None) == ""
