"""Portal and desk pages: access, escaping, query counts, the quick log, actions."""

import pytest
from django.utils import timezone

from incidents.models import Ticket
from tests import factories

pytestmark = pytest.mark.django_db


def test_requester_home_offers_catalog_and_my_tickets(client, requester, ticket):
    client.force_login(requester)
    html = client.get("/portal/tickets/").content.decode()
    assert ticket.number in html and "With a support team" in html


def test_requester_cannot_open_the_desk_or_others_tickets(client, requester, other_requester):
    theirs = factories.TicketFactory(requester=other_requester)
    client.force_login(requester)
    assert client.get("/desk/").status_code == 403
    assert client.get(f"/desk/tickets/{theirs.pk}/").status_code == 403
    assert client.get(f"/portal/tickets/{theirs.pk}/").status_code == 404


def test_portal_free_form_opens_a_ticket(client, requester):
    client.force_login(requester)
    response = client.post(
        "/portal/tickets/new/", {"title": "Chair broken", "description": "", "urgency": 2}
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/portal/tickets/{ticket.pk}/"
    )
    assert (ticket.channel, ticket.urgency, ticket.requester) == ("portal", 2, requester)


def test_catalog_item_page_opens_a_ticket(client, requester, item):
    client.force_login(requester)
    response = client.post(
        f"/portal/catalog/{item.pk}/", {"f-symptom": "Paper jam", "description": "Tray 2"}
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert ticket.form_data == {"symptom": "Paper jam"} and ticket.description == "Tray 2"


# The session and its user, the item with its service and group, the ticket's id and its
# INSERT, both history rows, both timers, the group's members, the outbox; plus the test's
# savepoint and its release (not the SLA policies: each process keeps them).
PORTAL_CREATE_QUERIES = 11


def test_catalog_item_page_opens_a_ticket_in_a_fixed_number_of_queries(
    client,
    requester,
    item,
    group,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    from sla.services import ACTIVE_POLICIES

    with django_capture_on_commit_callbacks(execute=True):
        factories.SLAPolicyFactory()
    ACTIVE_POLICIES.get()  # as a running process has them
    group.members.add(*factories.UserFactory.create_batch(3, role="agent"))
    client.force_login(requester)
    with django_assert_max_num_queries(PORTAL_CREATE_QUERIES):
        response = client.post(
            f"/portal/catalog/{item.pk}/", {"f-symptom": "Paper jam", "description": "Tray 2"}
        )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.sla_timers.count() == 2 and ticket.assignment_group == group


def test_internal_notes_never_reach_the_requesters_page(client, agent, requester, ticket):
    from incidents import services

    services.add_comment(agent, ticket, "INTERNAL-ONLY", internal=True)
    services.add_comment(agent, ticket, "Hello <b>there</b>")
    client.force_login(requester)
    html = client.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert "INTERNAL-ONLY" not in html
    assert "Hello &lt;b&gt;there&lt;/b&gt;" in html


def test_requester_confirms_the_fix_from_the_portal(client, requester, ticket):
    Ticket.objects.filter(pk=ticket.pk).update(status="resolved")
    client.force_login(requester)
    html = client.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert "Yes, it works" in html
    client.post(f"/tickets/{ticket.pk}/act/close/")
    ticket.refresh_from_db()
    assert ticket.status == "closed"


def test_illegal_action_from_a_page_is_a_message(client, requester, ticket):
    client.force_login(requester)
    response = client.post(f"/tickets/{ticket.pk}/act/close/", follow=True)
    assert "cannot be" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == "assigned"


@pytest.mark.parametrize("count", [10, 100])
def test_desk_queue_query_count_is_constant(
    client, agent, group, count, django_assert_max_num_queries
):
    requester = factories.UserFactory()
    factories.TicketFactory.create_batch(
        count, requester=requester, assignment_group=group, assignee=agent, status="assigned"
    )
    client.force_login(agent)
    with django_assert_max_num_queries(14):
        response = client.get("/desk/", {"queue": "mine", "page_size": 100})
    assert response.status_code == 200
    assert f"{count} tickets" in response.content.decode()


@pytest.mark.parametrize("count", [10, 100])
def test_portal_list_query_count_is_constant(
    client, requester, count, django_assert_max_num_queries
):
    factories.TicketFactory.create_batch(count, requester=requester)
    client.force_login(requester)
    with django_assert_max_num_queries(12):
        assert client.get("/portal/tickets/").status_code == 200


def test_desk_filters_and_htmx_partial(client, agent, group, requester):
    factories.TicketFactory(requester=requester, title="Printer on fire", status="new")
    client.force_login(agent)
    html = client.get(
        "/desk/", {"queue": "all", "search": "fire"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Printer on fire" in html and "<html" not in html


def test_quick_log_creates_a_phone_ticket(client, agent, requester):
    client.force_login(agent)
    found = client.get("/desk/requesters/", {"q": requester.username}).content.decode()
    assert f'value="{requester.pk}"' in found
    response = client.post(
        "/desk/log/",
        {
            "requester": requester.pk,
            "channel": "phone",
            "title": "Cannot log in",
            "impact": 3,
            "urgency": 1,
            "callback_phone": "021-63211234",
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert (ticket.channel, ticket.opened_by, ticket.priority) == ("phone", agent, 3)
    assert ticket.callback_phone == "021-63211234"


def test_quick_log_without_a_caller_says_so(client, agent):
    client.force_login(agent)
    html = client.post(
        "/desk/log/", {"channel": "phone", "title": "x", "impact": 3, "urgency": 3}
    ).content.decode()
    assert "Look up and pick the caller first" in html
    assert not Ticket.objects.exists()


def test_desk_ticket_page_actions_and_bulk_assign(client, agent, group, requester, other_group):
    ticket = factories.TicketFactory(requester=requester, status="new")
    client.force_login(agent)
    html = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert 'data-testid="action-start"' in html
    client.post("/desk/bulk-assign/", {"ticket": [ticket.pk], "assignment_group": other_group.pk})
    ticket.refresh_from_db()
    assert ticket.assignment_group == other_group and ticket.status == "assigned"


def test_desk_filters_by_service_unit_assignee_and_dates(client, agent, requester, item):
    unit = factories.CustomerUnitFactory()
    match = factories.TicketFactory(
        requester=requester,
        catalog_item=item,
        customer_unit=unit,
        assignee=agent,
        title="Matching one",
    )
    factories.TicketFactory(requester=requester, title="Other one")
    client.force_login(agent)
    day = timezone.localtime(match.created_at).date().isoformat()
    html = client.get(
        "/desk/",
        {
            "queue": "all",
            "service": item.service_id,
            "customer_unit": unit.pk,
            "assignee": agent.pk,
            "created_after": day,
            "created_before": day,
        },
    ).content.decode()
    assert "Matching one" in html and "Other one" not in html


def test_desk_edit_overrides_priority_with_a_reason_and_checks_version(client, agent, ticket):
    client.force_login(agent)
    body = {
        "version": 1,
        "title": "Renamed",
        "impact": 1,
        "urgency": 1,
        "priority": 4,
        "priority_override_reason": "Customer agreed to wait",
        "callback_phone": "",
    }
    client.post(f"/desk/tickets/{ticket.pk}/edit/", body)
    ticket.refresh_from_db()
    assert (ticket.title, ticket.priority, ticket.version) == ("Renamed", 4, 2)
    stale = client.post(
        f"/desk/tickets/{ticket.pk}/edit/", {**body, "title": "Old tab"}, follow=True
    )
    assert "changed since you opened it" in stale.content.decode()
    ticket.refresh_from_db()
    assert ticket.title == "Renamed"
