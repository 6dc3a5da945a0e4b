"""Per-ticket timers through the real ticket services: start, pause, resume, stop, re-target,
and the mistakes other desks make (waiting time forgotten on a priority change, a weekend
in pending miscounted, tickets opened out of hours given no time at all)."""

import datetime as dt

import pytest

from incidents import services
from incidents.models import TicketEvent
from sla import businesstime, sweep
from sla.models import SLATimer
from tests import factories
from tests.sla.conftest import act, sh

pytestmark = pytest.mark.django_db


def timer(ticket, kind="resolution") -> SLATimer:
    return SLATimer.objects.get(ticket=ticket, kind=kind)


def sla_events(ticket) -> list[tuple[str, str, str]]:
    return list(
        TicketEvent.objects.filter(ticket=ticket, kind="sla")
        .order_by("id")
        .values_list("field", "old_value", "new_value")
    )


def test_no_policy_no_timers(open_ticket):
    ticket = open_ticket(sh(2026, 12, 7, 10, 0))
    assert not SLATimer.objects.filter(ticket=ticket).exists()


def test_timers_start_at_creation_with_the_policy_targets(default_policy, open_ticket):
    ticket = open_ticket(sh(2026, 12, 7, 10, 0))  # Monday 10:00
    response, resolution = timer(ticket, "response"), timer(ticket)
    assert response.started_at == resolution.started_at == ticket.created_at
    assert response.due_at == sh(2026, 12, 7, 11, 0)
    assert resolution.due_at == sh(2026, 12, 7, 18, 0)  # 8 h from Monday 10:00 on 09-18 days
    assert resolution.warn_at == sh(2026, 12, 7, 16, 0)  # 75 % of 8 h = 6 h
    assert response.policy == default_policy and response.state == "running"


def test_friday_evening_ticket_is_due_on_monday(default_policy, open_ticket):
    ticket = open_ticket(sh(2026, 12, 4, 17, 30))  # Friday 17:30
    assert timer(ticket, "response").due_at == sh(2026, 12, 7, 9, 30)


def test_ticket_opened_out_of_hours_gets_its_full_target(default_policy, open_ticket):
    """Peers give a ticket opened on Saturday night a zero delay (or breach it at once)."""
    ticket = open_ticket(sh(2026, 12, 5, 23, 0))  # Saturday 23:00
    response = timer(ticket, "response")
    assert response.due_at == sh(2026, 12, 7, 10, 0)  # Monday 09:00 + 60 min
    assert sweep.mark_crossings(sh(2026, 12, 7, 9, 0)) == {"warnings": 0, "breaches": 0}


def test_pending_over_a_weekend_moves_the_due_time_by_the_business_time_pending(
    default_policy, open_ticket, agent, at, office
):
    ticket = open_ticket(sh(2026, 12, 4, 10, 0))  # Friday 10:00, due Friday 18:00
    due_before = timer(ticket).due_at
    assert due_before == sh(2026, 12, 4, 18, 0)
    with at(sh(2026, 12, 4, 16, 0)):
        ticket = act(agent, ticket, "pend", reason="Waiting for the user")
    paused = timer(ticket)
    assert paused.state == "paused" and paused.due_at is None
    assert paused.elapsed == dt.timedelta(hours=6)
    with at(sh(2026, 12, 7, 11, 0)):  # Monday 11:00
        act(agent, ticket, "resume")
    resumed = timer(ticket)
    pending = businesstime.business_time_between(
        office.calendar, sh(2026, 12, 4, 16, 0), sh(2026, 12, 7, 11, 0)
    )
    assert pending == dt.timedelta(hours=4)  # Friday 16-18 and Monday 09-11, not the weekend
    assert resumed.due_at == businesstime.add_business_seconds(
        office.calendar, due_before, pending.total_seconds()
    )
    assert resumed.due_at == sh(2026, 12, 7, 13, 0)
    assert resumed.elapsed == dt.timedelta(hours=6)  # what was used before the pause
    assert ("sla_resolution", "running", "paused") in sla_events(ticket)
    assert ("sla_resolution", "paused", "running") in sla_events(ticket)


def test_priority_change_keeps_the_time_already_used(office, open_ticket, agent, at):
    """Peers restart the clock when the priority changes and forget the hours waited."""
    factories.SLAPolicyFactory(calendar=office, priority=5, resolution_minutes=2880)
    factories.SLAPolicyFactory(calendar=office, priority=2, resolution_minutes=480)
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))  # Monday 09:00, P5 (impact 3 × urgency 3)
    assert ticket.priority == 5
    with at(sh(2026, 12, 7, 13, 0)):  # four business hours later, raise to P2
        ticket = services.update_ticket(
            agent, ticket, {"impact": 1, "urgency": 2}, version=ticket.version
        )
    assert ticket.priority == 2
    resolution = timer(ticket)
    assert resolution.target_minutes == 480
    assert resolution.due_at == sh(2026, 12, 7, 17, 0)  # 8 h from Monday 09:00, not 13:00
    assert ("sla_resolution_target", "2880", "480") in sla_events(ticket)


def test_priority_change_with_a_target_already_passed_breaches_at_the_right_instant(
    office, open_ticket, agent, at
):
    factories.SLAPolicyFactory(calendar=office, priority=5, resolution_minutes=2880)
    factories.SLAPolicyFactory(calendar=office, priority=1, resolution_minutes=120)
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    with at(sh(2026, 12, 7, 15, 0)):
        ticket = services.update_ticket(
            agent, ticket, {"impact": 1, "urgency": 1}, version=ticket.version
        )
    assert timer(ticket).due_at == sh(2026, 12, 7, 11, 0)  # two hours after the start
    assert sweep.mark_crossings(sh(2026, 12, 7, 15, 1))["breaches"] == 2  # response too
    assert timer(ticket).breached_at == sh(2026, 12, 7, 11, 0)


def test_catalog_item_change_reselects_the_service_policy(office, open_ticket, agent, at):
    service = factories.ServiceFactory()
    item = factories.CatalogItemFactory(service=service, kind="incident")
    factories.SLAPolicyFactory(calendar=office)  # default: 480
    factories.SLAPolicyFactory(calendar=office, service=service, resolution_minutes=120)
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    assert timer(ticket).target_minutes == 480
    with at(sh(2026, 12, 7, 10, 0)):
        services.update_ticket(agent, ticket, {"catalog_item": item}, version=ticket.version)
    assert timer(ticket).target_minutes == 120
    assert timer(ticket).due_at == sh(2026, 12, 7, 11, 0)


def test_catalog_item_of_the_other_kind_is_refused(default_policy, open_ticket, agent):
    item = factories.CatalogItemFactory(kind="request")
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    with pytest.raises(services.Invalid) as error:
        services.update_ticket(agent, ticket, {"catalog_item": item}, version=ticket.version)
    assert "catalog_item" in error.value.detail
    assert timer(ticket).target_minutes == 480


def test_response_stops_at_the_first_public_agent_reply_only(
    default_policy, open_ticket, agent, requester, at
):
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    with at(sh(2026, 12, 7, 9, 10)):
        services.add_comment(agent, ticket, "Looking at the logs", internal=True)
        services.add_comment(requester, ticket, "Still broken")
    assert timer(ticket, "response").state == "running"
    with at(sh(2026, 12, 7, 9, 20)):
        services.add_comment(agent, ticket, "We are on it")
    response = timer(ticket, "response")
    assert response.state == "stopped" and response.stopped_at == sh(2026, 12, 7, 9, 20)
    assert response.elapsed == dt.timedelta(minutes=20) and not response.breached
    assert timer(ticket).state == "running"


def test_resolution_stops_at_resolve_and_continues_on_reopen(
    default_policy, open_ticket, agent, requester, at
):
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    with at(sh(2026, 12, 7, 11, 0)):
        ticket = act(agent, ticket, "resolve", resolution_code="fixed", resolution_notes="ok")
    resolution = timer(ticket)
    assert resolution.state == "stopped" and resolution.elapsed == dt.timedelta(hours=2)
    assert timer(ticket, "response").state == "stopped"  # the resolution answered too
    with at(sh(2026, 12, 8, 9, 0)):  # Tuesday: the requester says it is not fixed
        act(requester, ticket, "reopen", reason="Not fixed")
    reopened = timer(ticket)
    assert reopened.state == "running"
    assert reopened.due_at == sh(2026, 12, 8, 15, 0)  # 6 h left from Tuesday 09:00
    assert timer(ticket, "response").state == "stopped"


def test_resolving_after_the_due_time_records_the_breach_even_before_the_sweep(
    default_policy, open_ticket, agent, at
):
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    with at(sh(2026, 12, 7, 10, 30)):  # response due 10:00, nobody replied
        act(agent, ticket, "resolve", resolution_code="fixed", resolution_notes="ok")
    response = timer(ticket, "response")
    assert response.breached_at == sh(2026, 12, 7, 10, 0)
    assert response.breach_notified  # nobody is chased for finished work
    assert not timer(ticket).breached
    assert ("sla_response", "running", "breached") in sla_events(ticket)


def test_cancel_stops_every_timer(default_policy, open_ticket, agent, at):
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    with at(sh(2026, 12, 7, 9, 30)):
        act(agent, ticket, "cancel", reason="Duplicate call")
    assert set(SLATimer.objects.filter(ticket=ticket).values_list("state", flat=True)) == {
        "stopped"
    }
    assert sweep.mark_crossings(sh(2026, 12, 9, 9, 0)) == {"warnings": 0, "breaches": 0}


def test_history_api_lists_pause_resume_and_breach(
    default_policy, open_ticket, agent, at, client_for
):
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    with at(sh(2026, 12, 7, 9, 30)):
        ticket = act(agent, ticket, "pend", reason="Vendor")
    with at(sh(2026, 12, 7, 10, 0)):
        act(agent, ticket, "resume")
    sweep.mark_crossings(sh(2026, 12, 7, 12, 0))
    history = client_for(agent).get(f"/api/v1/tickets/{ticket.pk}/history/").json()
    sla = [(e["field"], e["new"]) for e in history if e["kind"] == "sla"]
    assert ("sla_response", "paused") in sla
    assert ("sla_response", "running") in sla
    assert ("sla_response", "breached") in sla
