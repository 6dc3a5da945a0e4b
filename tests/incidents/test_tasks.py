"""Periodic work: auto-close of resolved tickets, promised-reply reminders (each once)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from incidents import services
from incidents.models import Ticket, TicketEvent
from tests import factories

pytestmark = pytest.mark.django_db


def test_resolved_tickets_close_after_the_configured_days(requester, settings):
    settings.TICKET_AUTO_CLOSE_DAYS = 3
    now = timezone.now()
    old = factories.TicketFactory(
        requester=requester, status="resolved", resolved_at=now - datetime.timedelta(days=4)
    )
    recent = factories.TicketFactory(
        requester=requester, status="resolved", resolved_at=now - datetime.timedelta(days=2)
    )
    open_ticket = factories.TicketFactory(requester=requester, status="in_progress")
    assert services.auto_close_resolved(now) == 1
    assert services.auto_close_resolved(now) == 0  # running again changes nothing
    statuses = dict(Ticket.objects.values_list("pk", "status"))
    assert statuses == {old.pk: "closed", recent.pk: "resolved", open_ticket.pk: "in_progress"}
    assert TicketEvent.objects.filter(ticket=old, new_value="closed").count() == 1


def test_promise_reminder_is_sent_once(
    requester, agent, group, settings, django_capture_on_commit_callbacks
):
    settings.PROMISE_REMINDER_MINUTES = 30
    now = timezone.now()
    due = factories.TicketFactory(
        requester=requester,
        status="assigned",
        assignment_group=group,
        assignee=agent,
        promised_reply_at=now + datetime.timedelta(minutes=20),
        callback_phone="13812345678",
    )
    factories.TicketFactory(
        requester=requester,
        status="assigned",
        assignee=agent,
        promised_reply_at=now + datetime.timedelta(hours=5),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_promises(now) == 1
        assert services.remind_promises(now) == 0
    assert len(mail.outbox) == 1 and due.number in mail.outbox[0].subject
    assert "13812345678" in mail.outbox[0].body


def test_a_reply_before_the_promise_counts_as_kept(client_for, agent, requester, group):
    ticket = factories.TicketFactory(
        requester=requester,
        status="assigned",
        assignment_group=group,
        promised_reply_at=timezone.now() + datetime.timedelta(hours=1),
    )
    client_for(agent).post(f"/api/v1/tickets/{ticket.pk}/comments/", {"body": "Here you go"})
    ticket.refresh_from_db()
    assert ticket.promise_kept is True
    late = factories.TicketFactory(
        requester=requester,
        status="assigned",
        assignment_group=group,
        promised_reply_at=timezone.now() - datetime.timedelta(hours=1),
    )
    client_for(agent).post(f"/api/v1/tickets/{late.pk}/comments/", {"body": "Sorry, late"})
    late.refresh_from_db()
    assert late.promise_kept is False
