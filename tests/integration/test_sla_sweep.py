"""A breach raised by the real beat schedule, swept by a real worker, mailed once."""

import datetime as dt

import pytest
from django.utils import timezone

from incidents import services
from incidents.models import TicketEvent
from notifications.models import Notification
from sla.models import SLATimer
from tests import factories
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration


def test_beat_and_worker_raise_a_breach_once_and_mail_it(celery_worker_with_beat, mail_dir):
    group = factories.SupportGroupFactory()
    agent = factories.UserFactory(role="agent", email="agent@example.com")
    group.members.add(agent)
    escalation = factories.SupportGroupFactory()
    senior = factories.UserFactory(role="agent", email="senior@example.com")
    escalation.members.add(senior)
    calendar = factories.BusinessCalendarFactory(
        hours={d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    )
    factories.SLAPolicyFactory(calendar=calendar, escalation_group=escalation)
    requester = factories.UserFactory()
    ticket = services.create_ticket(agent, services.NewTicket(requester=requester, title="Down"))
    ticket = services.perform(
        agent, ticket, "assign", {"assignment_group": group.pk, "assignee": agent.pk}
    )
    # As if the hour had passed: the response was due a minute ago.
    SLATimer.objects.filter(ticket=ticket, kind="response").update(
        due_at=timezone.now() - dt.timedelta(minutes=1),
        warn_at=timezone.now() - dt.timedelta(minutes=5),
    )

    timer = wait_for(
        lambda: SLATimer.objects.filter(
            ticket=ticket, kind="response", breach_notified=True
        ).first(),
        timeout=60,
    )
    assert timer.breached_at is not None
    wait_for(
        lambda: (
            Notification.objects.filter(
                dedupe_key__startswith="sla_breach", sent_at__isnull=False
            ).count()
            == 2
        ),
        timeout=60,
    )
    text = wait_for(
        lambda: (
            "senior@example.com" in (t := "".join(p.read_text() for p in mail_dir.glob("*"))) and t
        ),
        timeout=30,
    )
    assert ticket.number in text
    # Later passes change nothing: prove beat kept sweeping (a second ticket's breach is
    # raised) while the first ticket still has one breach event and one mail per person.
    later = services.create_ticket(agent, services.NewTicket(requester=requester, title="Later"))
    SLATimer.objects.filter(ticket=later, kind="response").update(
        due_at=timezone.now() - dt.timedelta(seconds=1)
    )
    wait_for(
        lambda: SLATimer.objects.filter(ticket=later, breached_at__isnull=False).exists(),
        timeout=60,
    )
    assert TicketEvent.objects.filter(ticket=ticket, kind="sla", new_value="breached").count() == 1
    assert (
        Notification.objects.filter(dedupe_key__startswith=f"sla_breach:{timer.pk}:").count() == 2
    )
