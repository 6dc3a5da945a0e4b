"""A CI's page lists its tickets, most recent first, at most RECENT_TICKETS of them, with
their count and a link to the desk filtered by that CI."""

import pytest

from assets.views import RECENT_TICKETS
from tests import factories
from tests.sla.conftest import sh

pytestmark = pytest.mark.django_db


def test_ci_page_lists_its_recent_tickets_and_links_to_the_desk(client, agent, at):
    printer = factories.AssetFactory(name="Finance printer")
    made = []
    for day in range(1, RECENT_TICKETS + 3):
        with at(sh(2026, 11, day, 9, 0)):
            made.append(factories.TicketFactory(asset=printer, title=f"Paper jam no. {day}"))
    factories.TicketFactory(title="Another CI's fault", asset=factories.AssetFactory())
    client.force_login(agent)
    html = client.get(f"/cmdb/{printer.pk}/").content.decode()
    section = html[html.index('data-testid="asset-tickets"') :]
    section = section[: section.index('data-testid="history"')]
    assert f'data-testid="asset-ticket-count">{len(made)}<' in section
    newest_first = [t.number for t in reversed(made)]
    shown = [n for n in newest_first if n in section]
    assert shown == newest_first[:RECENT_TICKETS]
    assert sorted(shown, key=section.index) == shown
    assert "Another CI" not in section
    assert f'href="/desk/?queue=all&amp;asset={printer.pk}"' in section

    desk = client.get("/desk/", {"queue": "all", "asset": printer.pk}).content.decode()
    assert f'data-testid="queue-count">{len(made)} tickets' in desk


def test_ci_without_tickets_says_so(client, agent):
    asset = factories.AssetFactory()
    client.force_login(agent)
    html = client.get(f"/cmdb/{asset.pk}/").content.decode()
    assert "No ticket names this item." in html
    assert 'data-testid="asset-tickets-desk"' not in html
