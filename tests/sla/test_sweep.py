"""The beat sweep: each warning and each breach exactly once, whoever runs it and how often;
notifications to the right people; auto-close counted in working days."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from incidents import services
from incidents.models import Ticket, TicketEvent
from notifications.models import Notification
from sla import sweep
from sla.models import SLATimer
from tests import factories
from tests.sla.conftest import act, sh

pytestmark = pytest.mark.django_db


def sla_events(**filters) -> int:
    return TicketEvent.objects.filter(kind="sla", **filters).count()


def test_warning_then_breach_each_once_over_repeated_passes(default_policy, open_ticket):
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))  # response due 10:00, warns at 09:45
    assert sweep.mark_crossings(sh(2026, 12, 7, 9, 40)) == {"warnings": 0, "breaches": 0}
    assert sweep.mark_crossings(sh(2026, 12, 7, 9, 50)) == {"warnings": 1, "breaches": 0}
    assert sweep.mark_crossings(sh(2026, 12, 7, 9, 55)) == {"warnings": 0, "breaches": 0}
    assert sweep.mark_crossings(sh(2026, 12, 7, 10, 1)) == {"warnings": 0, "breaches": 1}
    for _ in range(3):
        assert sweep.mark_crossings(sh(2026, 12, 7, 10, 2)) == {"warnings": 0, "breaches": 0}
    response = SLATimer.objects.get(ticket=ticket, kind="response")
    assert response.warned_at == sh(2026, 12, 7, 9, 50)
    assert response.breached_at == sh(2026, 12, 7, 10, 0)  # the due time, not the pass
    assert sla_events(ticket=ticket, new_value="warning") == 1
    assert sla_events(ticket=ticket, new_value="breached") == 1


def test_a_timer_crossing_both_at_once_gets_only_the_breach(default_policy, open_ticket):
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    assert sweep.mark_crossings(sh(2026, 12, 7, 11, 0)) == {"warnings": 0, "breaches": 1}
    assert SLATimer.objects.get(ticket=ticket, kind="response").warned_at is None


def test_paused_timers_neither_warn_nor_breach(default_policy, open_ticket, agent, at):
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    with at(sh(2026, 12, 7, 9, 30)):
        act(agent, ticket, "pend", reason="Vendor")
    assert sweep.mark_crossings(sh(2026, 12, 9, 9, 0)) == {"warnings": 0, "breaches": 0}


def test_notifications_reach_assignee_group_manager_and_escalation_group(
    office, open_ticket, agent, manager, group, at
):
    escalation = factories.SupportGroupFactory()
    senior = factories.UserFactory(role="agent", email="senior@example.com")
    escalation.members.add(senior)
    factories.SLAPolicyFactory(calendar=office, escalation_group=escalation)
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    with at(sh(2026, 12, 7, 9, 1)):
        act(agent, ticket, "assign", assignment_group=group.pk, assignee=agent.pk)
    sweep.mark_crossings(sh(2026, 12, 7, 9, 50))
    assert sweep.notify_crossings() == 1
    warned = set(
        Notification.objects.filter(dedupe_key__startswith="sla_").values_list("email", flat=True)
    )
    assert warned == {agent.email, manager.email}  # no escalation for a warning
    sweep.mark_crossings(sh(2026, 12, 7, 10, 1))
    assert sweep.notify_crossings() == 1
    breach = set(
        Notification.objects.filter(dedupe_key__startswith="sla_breach").values_list(
            "email", flat=True
        )
    )
    assert breach == {agent.email, manager.email, senior.email}
    subject = Notification.objects.filter(email=senior.email).get().subject
    assert ticket.number in subject
    assert sweep.notify_crossings() == 0  # nothing twice
    assert Notification.objects.filter(dedupe_key__startswith="sla_").count() == 5


def test_no_mail_for_a_ticket_resolved_after_the_mark(default_policy, open_ticket, agent, at):
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    sweep.mark_crossings(sh(2026, 12, 7, 10, 1))
    with at(sh(2026, 12, 7, 10, 2)):
        act(agent, ticket, "resolve", resolution_code="fixed", resolution_notes="done")
    Notification.objects.all().delete()
    sweep.notify_crossings()
    assert not Notification.objects.filter(dedupe_key__startswith="sla_").exists()


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_raise_each_breach_once(office, agent, requester):
    """Two connections run the same pass concurrently (two beats, or a retried task)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    policy = factories.SLAPolicyFactory(calendar=office, response_minutes=60)
    tickets = [
        services.create_ticket(agent, services.NewTicket(requester=requester, title=f"T{i}"))
        for i in range(40)
    ]
    SLATimer.objects.filter(ticket__in=tickets).update(
        due_at=sh(2026, 12, 7, 10, 0), warn_at=sh(2026, 12, 7, 9, 45)
    )
    assert policy.timers.count() == 80
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(sweep.sweep(sh(2026, 12, 7, 10, 1)))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sum(r["breaches"] for r in results) == 80
    assert sla_events(new_value="breached") == 80
    assert sum(r["notified"] for r in results) == 80


def test_auto_close_counts_working_days_on_the_ticket_calendar(
    default_policy, open_ticket, agent, at, settings
):
    """A Friday fix must not close itself over the weekend."""
    settings.TICKET_AUTO_CLOSE_DAYS = 3
    ticket = open_ticket(sh(2026, 12, 4, 10, 0))
    with at(sh(2026, 12, 4, 15, 0)):  # Friday
        act(agent, ticket, "resolve", resolution_code="fixed", resolution_notes="ok")
    for day, hour in ((7, 9), (8, 12), (9, 23)):  # Monday, Tuesday, Wednesday night
        assert services.auto_close_resolved(sh(2026, 12, day, hour, 0)) == 0
    assert services.auto_close_resolved(sh(2026, 12, 10, 0, 1)) == 1  # after three days
    assert Ticket.objects.get(pk=ticket.pk).status == "closed"


def test_auto_close_skips_the_national_day_holiday(office, open_ticket, agent, at, settings):
    settings.TICKET_AUTO_CLOSE_DAYS = 2
    office.holidays = [f"2026-10-0{d}" for d in range(1, 8)]
    office.save()
    factories.SLAPolicyFactory(calendar=office)
    ticket = open_ticket(sh(2026, 9, 30, 10, 0))
    with at(sh(2026, 9, 30, 11, 0)):
        act(agent, ticket, "resolve", resolution_code="fixed", resolution_notes="ok")
    assert services.auto_close_resolved(sh(2026, 10, 8, 12, 0)) == 0  # one working day
    assert services.auto_close_resolved(sh(2026, 10, 10, 0, 0)) == 1  # 8th, 9th passed


def test_sweep_task_runs_through_celery(default_policy, open_ticket):
    from sla.tasks import sweep_timers

    ticket = open_ticket(dt.datetime.now(dt.UTC) - dt.timedelta(days=30))
    sweep_timers.delay()
    assert SLATimer.objects.get(ticket=ticket, kind="response").breached_at is not None


def test_pausing_after_the_due_time_still_breaches_and_notifies(
    default_policy, open_ticket, agent, group, at
):
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    with at(sh(2026, 12, 7, 9, 1)):
        ticket = act(agent, ticket, "assign", assignment_group=group.pk, assignee=agent.pk)
    with at(sh(2026, 12, 7, 10, 20)):  # response was due 10:00; the sweep has not run
        act(agent, ticket, "pend", reason="Vendor")
    response = SLATimer.objects.get(ticket=ticket, kind="response")
    assert response.state == "paused" and response.breached_at == sh(2026, 12, 7, 10, 0)
    assert sweep.notify_crossings() == 1
    assert Notification.objects.filter(dedupe_key=f"sla_breach:{response.pk}:{agent.pk}").exists()


def test_a_worker_dying_in_the_fan_out_loses_nothing_and_sends_once(
    default_policy, open_ticket, agent, group, at, monkeypatch
):
    """The claim and the mails share one transaction: a crash between them rolls the claim
    back, and the next pass sends the mails, once."""
    ticket = open_ticket(sh(2026, 12, 7, 9, 0))
    with at(sh(2026, 12, 7, 9, 1)):
        act(agent, ticket, "assign", assignment_group=group.pk, assignee=agent.pk)
    sweep.mark_crossings(sh(2026, 12, 7, 10, 1))

    def crash(items):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(sweep.outbox, "queue_many", crash)
    with pytest.raises(RuntimeError):
        sweep.notify_crossings()
    monkeypatch.undo()
    response = SLATimer.objects.get(ticket=ticket, kind="response")
    assert response.breached_at is not None and not response.breach_notified
    assert sweep.notify_crossings() == 1
    assert sweep.notify_crossings() == 0
    keys = Notification.objects.filter(dedupe_key__startswith="sla_breach").values_list(
        "dedupe_key", flat=True
    )
    assert list(keys) == [f"sla_breach:{response.pk}:{agent.pk}"]
