"""What a requester meets on the portal: the resolution stays readable once closed, free
text is one click from the home page, and the API documentation is for staff."""

import pytest

from incidents.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", ["resolved", "closed"])
def test_resolution_note_stays_for_resolved_and_closed(client, requester, ticket, status):
    Ticket.objects.filter(pk=ticket.pk).update(
        status=status, resolution_code="fixed", resolution_notes="Replaced the toner"
    )
    client.force_login(requester)
    html = client.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert "Replaced the toner" in html


def test_cancelled_ticket_shows_no_resolution_box(client, requester, ticket):
    Ticket.objects.filter(pk=ticket.pk).update(status="cancelled")
    client.force_login(requester)
    html = client.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert 'data-testid="resolution-box"' not in html


def test_portal_home_offers_something_else(client, requester):
    client.force_login(requester)
    html = client.get("/portal/").content.decode()
    assert 'data-testid="something-else"' in html and 'href="/portal/tickets/new/"' in html


@pytest.mark.parametrize(("who", "shown"), [("requester", False), ("agent", True)])
def test_api_docs_link_for_staff_only(client, requester, agent, who, shown):
    client.force_login(requester if who == "requester" else agent)
    html = client.get("/portal/").content.decode()
    assert ('data-testid="api-docs-link"' in html) is shown
