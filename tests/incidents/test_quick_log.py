"""Log a call: a one-character surname finds the caller, a CI can be named, a call solved
on the line is logged resolved (and counts as first-contact resolution), and the agent who
logged a call may keep working it after routing it to another group."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from catalog.models import CatalogItem, Service
from incidents import permissions, services
from incidents.models import Ticket
from incidents.queries import LOOKUP_LIMIT
from reports import metrics
from reports.scope import Scope
from tests import factories

pytestmark = pytest.mark.django_db


def _log(client, requester, **fields):
    return client.post(
        "/desk/log/",
        {
            "requester": requester.pk,
            "channel": "phone",
            "title": "Cannot print",
            "impact": 3,
            "urgency": 3,
            **fields,
        },
    )


def test_one_character_surname_finds_the_caller(client, agent):
    liu = factories.UserFactory(display_name="刘芳", username="liufang")
    factories.UserFactory(display_name="王伟", username="wangwei")
    client.force_login(agent)
    html = client.get("/desk/requesters/", {"q": "刘"}).content.decode()
    assert f'value="{liu.pk}"' in html and "王伟" not in html


def test_lookup_is_bounded(client, agent):
    for n in range(LOOKUP_LIMIT + 3):
        factories.UserFactory(display_name=f"刘{n:02d}")
    client.force_login(agent)
    html = client.get("/desk/requesters/", {"q": "刘"}).content.decode()
    assert html.count('data-testid="pick-requester"') == LOOKUP_LIMIT


def test_empty_lookup_lists_nobody(client, agent):
    client.force_login(agent)
    assert "pick-requester" not in client.get("/desk/requesters/", {"q": " "}).content.decode()


def test_the_call_names_a_configuration_item(client, agent, requester):
    asset = factories.AssetFactory()
    client.force_login(agent)
    response = _log(client, requester, asset=asset.tag.lower())
    assert response.status_code == 302
    assert Ticket.objects.get().asset == asset


def test_an_unknown_ci_tag_is_a_form_error(client, agent, requester):
    client.force_login(agent)
    html = _log(client, requester, asset="D99Z999-999").content.decode()
    assert "No configuration item has the tag D99Z999-999" in html
    assert not Ticket.objects.exists()


def test_solved_on_first_contact_is_logged_resolved_and_counts_as_fcr(client, agent, requester):
    client.force_login(agent)
    response = _log(
        client,
        requester,
        solved="on",
        resolution_code="workaround",
        resolution_notes="Restarted the spooler while on the phone",
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert ticket.status == "resolved" and ticket.resolution_code == "workaround"
    assert ticket.assignee == agent and ticket.first_response_at is not None
    today = timezone.localdate()
    figures = metrics.summary(Scope(start=today - dt.timedelta(days=1), end=today))
    assert figures["tickets_resolved"] == 1
    assert figures["first_contact_resolution_percent"] == 100.0


def test_solved_without_notes_logs_nothing(client, agent, requester):
    client.force_login(agent)
    response = _log(client, requester, solved="on", resolution_code="workaround")
    assert response.status_code == 200
    assert not Ticket.objects.exists()


@pytest.fixture
def routed_elsewhere(agent, requester, other_group):
    """A call `agent` logged for an item routed to a group they are not in."""
    service = factories.ServiceFactory()
    Service.objects.filter(pk=service.pk).update(status="published")
    item = factories.CatalogItemFactory(service=service, assignment_group=other_group)
    item = CatalogItem.objects.get(pk=item.pk)
    return services.create_ticket(
        agent,
        services.NewTicket(
            requester=requester, channel="phone", catalog_item=item, title="Network down"
        ),
    )


def test_the_logging_agent_may_work_a_call_routed_elsewhere(agent, routed_elsewhere):
    assert permissions.can_work(agent, routed_elsewhere)
    services.perform(agent, routed_elsewhere, "start")
    ticket = services.perform(
        agent,
        routed_elsewhere,
        "resolve",
        {"resolution_code": "fixed", "resolution_notes": "Cable replaced"},
    )
    assert ticket.status == "resolved"


def test_another_agent_outside_the_group_still_may_not(group, routed_elsewhere):
    stranger = factories.UserFactory(role="agent")
    group.members.add(stranger)
    assert not permissions.can_work(stranger, routed_elsewhere)
    with pytest.raises(PermissionDenied):
        services.perform(stranger, routed_elsewhere, "start")


def test_a_requester_who_opened_their_own_ticket_gains_no_staff_rights(requester, ticket):
    Ticket.objects.filter(pk=ticket.pk).update(opened_by=requester)
    ticket.refresh_from_db()
    assert not permissions.can_work(requester, ticket)
