"""Two agents edit the same ticket: the second gets a 409 page showing what changed."""

import pytest
from django.utils import timezone

from incidents import services
from tests import factories

pytestmark = pytest.mark.django_db


def _form(ticket, **changes):
    return {
        "version": ticket.version,
        "opened_at": timezone.now().isoformat(),
        "title": ticket.title,
        "impact": ticket.impact,
        "urgency": ticket.urgency,
        "priority": "",
        "priority_override_reason": "",
        "promised_reply_at": "",
        "callback_phone": "",
        **changes,
    }


def test_the_second_save_is_a_409_page_with_the_other_agents_changes(client, group):
    first = factories.UserFactory(role="agent", display_name="Alice Agent")
    second = factories.UserFactory(role="agent", display_name="Bob Agent")
    group.members.add(first, second)
    ticket = factories.TicketFactory(assignment_group=group, status="assigned", title="VPN down")
    # Both open the page at version 1; Alice saves first.
    bobs_form = _form(ticket, title="VPN down for Finance")
    client.force_login(first)
    saved = client.post(f"/desk/tickets/{ticket.pk}/edit/", _form(ticket, title="VPN drops"))
    assert saved.status_code == 302
    client.force_login(second)
    response = client.post(f"/desk/tickets/{ticket.pk}/edit/", bobs_form)
    assert response.status_code == 409
    text = response.content.decode()
    assert "Someone else saved this ticket first" in text
    assert "Alice Agent" in text and "VPN drops" in text  # who changed what
    assert "VPN down for Finance" in text  # Bob's value, ready to apply again
    ticket.refresh_from_db()
    assert ticket.title == "VPN drops"  # nothing of Bob's was written
    assert f'name="version" value="{ticket.version}"' in text


def test_the_api_answers_a_stale_version_with_409_and_changes_nothing(client_for, agent, group):
    ticket = factories.TicketFactory(assignment_group=group, status="assigned")
    api = client_for(agent)
    services.update_ticket(agent, ticket, {"title": "First"}, version=ticket.version)
    response = api.patch(
        f"/api/v1/tickets/{ticket.pk}/", {"title": "Second", "version": 1}, format="json"
    )
    assert response.status_code == 409
    ticket.refresh_from_db()
    assert ticket.title == "First"


def test_the_conflict_page_says_the_changes_in_sentences(client, group):
    first = factories.UserFactory(role="agent")
    second = factories.UserFactory(role="agent")
    group.members.add(first, second)
    ticket = factories.TicketFactory(assignment_group=group, status="assigned", title="VPN down")
    stale = _form(ticket, title="VPN down for Finance")
    client.force_login(first)
    client.post(f"/desk/tickets/{ticket.pk}/edit/", _form(ticket, impact=1, title="VPN drops"))
    client.force_login(second)
    text = client.post(f"/desk/tickets/{ticket.pk}/edit/", stale).content.decode()
    changes = text[text.index('data-testid="conflict-changes"') :]
    changes = changes[: changes.index("</ul>")]
    assert "Impact changed from 3 · Low to <strong>1 · High</strong>" in changes
    assert "Title changed from VPN down to" in changes
    assert "→" not in changes
