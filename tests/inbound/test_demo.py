"""The inbound demo: an inactive mailbox pointing nowhere real, an Alertmanager
integration, the month's mail (with a reply) and alerts (one fired several times)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from inbound.models import AlertThread, InboundMessage, Integration, Mailbox, Outcome
from incidents.models import Channel, Comment, Ticket
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_demo_channels_are_labelled_and_their_tickets_in_the_month(mailoutbox):
    call_command("seed_demo")
    now = timezone.now()
    mailbox = Mailbox.objects.get(active=False)
    assert "demo" in mailbox.name.lower() and mailbox.host.endswith(".invalid")
    assert Integration.objects.filter(kind="alertmanager").count() == 1

    mailed = Ticket.objects.filter(opened_by__username="inbound-gateway", channel=Channel.EMAIL)
    assert mailed.count() == 3
    assert InboundMessage.objects.filter(outcome=Outcome.APPENDED).count() == 1
    reply = InboundMessage.objects.get(outcome=Outcome.APPENDED)
    assert Comment.objects.filter(ticket=reply.ticket, internal=False).exists()

    alerted = Ticket.objects.filter(
        channel=Channel.MONITORING, opened_by__username="inbound-gateway"
    )
    assert alerted.count() == 3
    assert max(t.alert_count for t in alerted) > 1
    assert alerted.filter(status="resolved", resolution_code="fixed").count() == 1
    assert AlertThread.objects.filter(asset__isnull=False).count() == 3
    for ticket in [*mailed, *alerted]:
        assert now - dt.timedelta(days=30) < ticket.created_at < now
    # Their mails count as sent at the time, not again today.
    ours = Notification.objects.filter(ticket__in=[*mailed, *alerted])
    assert ours.exists() and not ours.filter(sent_at__isnull=True).exists()

    counts = [m.objects.count() for m in (Ticket, InboundMessage, AlertThread)]
    call_command("seed_demo")
    assert [m.objects.count() for m in (Ticket, InboundMessage, AlertThread)] == counts
