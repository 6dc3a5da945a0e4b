"""A broker outage does not block ticket creation; the mail goes out once it is back."""

import pytest

from incidents import services
from notifications.models import Notification
from tests import factories
from tests.helpers import broker_unreachable
from tests.integration.conftest import queue_drained, send_task, wait_for

pytestmark = pytest.mark.integration


def test_creation_with_broker_down_then_delivery_by_a_real_worker(celery_worker, mail_dir):
    group = factories.SupportGroupFactory()
    agent = factories.UserFactory(role="agent", email="agent@example.com")
    group.members.add(agent)
    requester = factories.UserFactory()
    service = factories.ServiceFactory()
    service.status = "published"
    service.save()
    item = factories.CatalogItemFactory(service=service, assignment_group=group)

    with broker_unreachable():  # the broker is down while the ticket is opened
        ticket = services.create_ticket(
            requester, services.NewTicket(catalog_item=item, form_data={})
        )
    assert ticket.number
    notification = Notification.objects.get(email=agent.email)
    assert notification.sent_at is None

    # What beat does every 30 s: another process puts the task on the real broker.
    send_task("notifications.tasks.deliver_pending")
    wait_for(
        lambda: Notification.objects.filter(pk=notification.pk, sent_at__isnull=False).exists()
    )
    mails = wait_for(lambda: list(mail_dir.glob("*.log")))
    text = "".join(p.read_text() for p in mails)
    assert ticket.number in text and "agent@example.com" in text
    send_task("notifications.tasks.deliver_pending")
    send_task("notifications.tasks.deliver", str(notification.pk))
    wait_for(queue_drained)
    notification.refresh_from_db()
    assert notification.attempts == 1  # sent once, never twice
