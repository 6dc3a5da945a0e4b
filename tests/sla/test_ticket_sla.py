"""The SLA on tickets: API summary and timers, badges, the breaching-soon queue, and
constant query counts with timers loaded."""

import pytest
from django.utils import timezone

from sla import sweep, timers
from tests import factories
from tests.sla.conftest import act, sh

pytestmark = pytest.mark.django_db


def test_ticket_api_has_the_sla_summary_and_timers(
    default_policy, open_ticket, agent, at, client_for
):
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    with at(sh(2026, 12, 7, 9, 30)):
        act(agent, ticket, "pend", reason="Vendor")
    client = client_for(agent)
    with at(sh(2026, 12, 7, 9, 40)):
        body = client.get(f"/api/v1/tickets/{ticket.pk}/").json()
        rows = client.get(f"/api/v1/tickets/{ticket.pk}/sla/").json()
    assert body["sla"] == {
        "response_due_at": None,  # paused: no due time while pending
        "resolution_due_at": None,
        "paused": True,
        "breached": False,
        "warned": False,
        "policy": "Default",
    }
    by_kind = {row["kind"]: row for row in rows}
    assert set(by_kind) == {"response", "resolution"}
    response = by_kind["response"]
    assert response["target_minutes"] == 60
    assert response["paused"] is True and response["state"] == "paused"
    assert response["elapsed_business_seconds"] == 30 * 60
    assert response["remaining_business_seconds"] == 30 * 60
    assert response["started_at"] == "2026-12-07T09:00:00+08:00"
    assert response["breached"] is False and response["breached_at"] is None


def test_running_summary_has_due_times(default_policy, open_ticket, client_for, agent):
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    body = client_for(agent).get(f"/api/v1/tickets/{ticket.pk}/").json()
    assert body["sla"]["response_due_at"] == "2026-12-07T10:00:00+08:00"
    assert body["sla"]["resolution_due_at"] == "2026-12-07T17:00:00+08:00"


def test_ticket_without_policy_has_a_null_sla(open_ticket, client_for, agent):
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    assert client_for(agent).get(f"/api/v1/tickets/{ticket.pk}/").json()["sla"] is None
    assert client_for(agent).get(f"/api/v1/tickets/{ticket.pk}/sla/").json() == []


def test_sla_endpoint_follows_ticket_visibility(
    default_policy, open_ticket, client_for, requester, other_requester, api_client
):
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    url = f"/api/v1/tickets/{ticket.pk}/sla/"
    assert client_for(requester).get(url).status_code == 200
    assert client_for(other_requester).get(url).status_code == 404
    assert api_client.get(url).status_code == 401


def _tickets_with_timers(count, group, agent, requester):
    tickets = factories.TicketFactory.create_batch(
        count, requester=requester, assignment_group=group, assignee=agent, status="assigned"
    )
    for ticket in tickets:
        timers.start_timers(ticket)
    return tickets


@pytest.mark.parametrize("count", [10, 100])
def test_ticket_list_with_timers_keeps_its_query_count(
    default_policy, client_for, agent, group, requester, count, django_assert_max_num_queries
):
    _tickets_with_timers(count, group, agent, requester)
    with django_assert_max_num_queries(7):
        response = client_for(agent).get("/api/v1/tickets/", {"page_size": 200})
    results = response.json()["results"]
    assert len(results) == count and all(r["sla"]["response_due_at"] for r in results)


@pytest.mark.parametrize("count", [10, 100])
def test_desk_queue_with_badges_keeps_its_query_count(
    default_policy, client, agent, group, requester, count, django_assert_max_num_queries
):
    _tickets_with_timers(count, group, agent, requester)
    client.force_login(agent)
    with django_assert_max_num_queries(15):
        html = client.get("/desk/", {"queue": "mine", "page_size": 100}).content.decode()
    assert html.count('data-testid="sla-badge"') == count


def test_breaching_soon_queue_lists_due_and_overdue_tickets_soonest_first(
    office, client, agent, group, requester
):
    factories.SLAPolicyFactory(calendar=office, response_minutes=60, resolution_minutes=6000)
    due_soon, overdue, later = _tickets_with_timers(3, group, agent, requester)
    now = timezone.now()
    from sla.models import SLATimer

    SLATimer.objects.filter(ticket=due_soon, kind="response").update(
        due_at=now + timezone.timedelta(minutes=30)
    )
    SLATimer.objects.filter(ticket=overdue, kind="response").update(
        due_at=now - timezone.timedelta(minutes=5)
    )
    SLATimer.objects.filter(ticket=later).update(due_at=now + timezone.timedelta(days=3))
    client.force_login(agent)
    html = client.get("/desk/", {"queue": "breaching"}).content.decode()
    assert due_soon.number in html and overdue.number in html
    assert later.number not in html
    assert html.index(overdue.number) < html.index(due_soon.number)


def test_badge_states_on_the_ticket_page(default_policy, open_ticket, client, agent, at):
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))

    def page(when) -> str:
        with at(when):
            client.force_login(agent)  # the session must be young at that instant
            return client.get(f"/desk/tickets/{ticket.pk}/").content.decode()

    def state(when) -> str:
        return page(when).split('data-sla-state="')[1].split('"')[0]

    assert state(sh(2026, 12, 7, 9, 10)) == "ok"
    sweep.mark_crossings(sh(2026, 12, 7, 9, 50))
    assert state(sh(2026, 12, 7, 9, 50)) == "warning"
    assert state(sh(2026, 12, 7, 10, 30)) == "breached"
    with at(sh(2026, 12, 7, 10, 31)):
        act(agent, ticket, "pend", reason="Vendor")
    html = page(sh(2026, 12, 7, 10, 32))
    assert 'data-testid="sla-timers"' in html and "Breached at" in html


def test_portal_shows_when_we_aim_to_resolve(default_policy, open_ticket, client, requester):
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    client.force_login(requester)
    html = client.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert 'data-testid="sla-promise"' in html and "2026-12-07 17:00" in html


def test_export_carries_the_due_times_and_the_breach(
    default_policy, open_ticket, client_for, agent, django_assert_max_num_queries
):
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    sweep.mark_crossings(sh(2026, 12, 7, 10, 1))
    with django_assert_max_num_queries(8):
        text = client_for(agent).get("/api/v1/tickets/export/", {"as": "csv"}).getvalue().decode()
    header, row = text.lstrip("\ufeff").splitlines()[:2]
    assert header.endswith("response_due_at,resolution_due_at,sla_breached")
    assert ticket.number in row and row.endswith("2026-12-07 10:00,2026-12-07 17:00,yes")


def test_desk_sorts_by_sla_due(office, client, agent, group, requester):
    factories.SLAPolicyFactory(calendar=office)
    later, sooner = _tickets_with_timers(2, group, agent, requester)
    untimed = factories.TicketFactory(
        requester=requester, assignment_group=group, assignee=agent, status="assigned"
    )
    from sla.models import SLATimer

    SLATimer.objects.filter(ticket=sooner).update(due_at=timezone.now())
    client.force_login(agent)
    html = client.get("/desk/", {"queue": "mine", "sort": "sla"}).content.decode()
    assert html.index(sooner.number) < html.index(later.number) < html.index(untimed.number)
