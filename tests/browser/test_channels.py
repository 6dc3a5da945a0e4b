"""An admin connects the desk's mailbox and a monitoring system, as a person does: the
mailbox against the private Dovecot of tests/inbound (test connection, a mail delivered,
poll now), then an integration whose token is shown once with the examples to copy."""

from email.message import EmailMessage

import pytest
from playwright.sync_api import expect

from incidents.models import Ticket
from tests import factories
from tests.inbound.conftest import dovecot_server, imap  # noqa: F401 - fixtures
from tests.inbound.dovecot import PASSWORD, USER

pytestmark = [pytest.mark.browser, pytest.mark.imap, pytest.mark.django_db(transaction=True)]


def _mail(sender: str, subject: str, text: str) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "desk@example.com"
    message["Subject"] = subject
    message["Message-ID"] = "<browser-journey-1@example.org>"
    message.set_content(text)
    return message.as_bytes()


def test_an_admin_connects_a_mailbox_and_a_monitoring_system(
    page,
    live_server,
    login,
    imap,  # noqa: F811 - the fixture imported above
):
    factories.UserFactory(role="admin", username="desk-admin")
    factories.UserFactory(role="requester", email="wang.fang@example.com")
    login("desk-admin")
    page.goto(f"{live_server.url}/channels/mailboxes/")
    page.get_by_test_id("mailbox-add").click()
    page.fill("input[name=name]", "Service desk inbox")
    page.fill("input[name=host]", "127.0.0.1")
    page.fill("input[name=port]", str(imap.port))
    page.uncheck("input[name=use_ssl]")
    page.fill("input[name=username]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=address]", "desk@example.com")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Mailbox saved.")).to_be_visible()

    page.get_by_test_id("mailbox-test").click()
    report = page.get_by_test_id("connection-report")
    expect(report).to_contain_text("Connected.")
    expect(report).to_contain_text("Dovecot")

    imap.append(_mail("Wang Fang <wang.fang@example.com>", "Printer offline", "It is offline."))
    page.get_by_test_id("mailbox-poll").click()
    expect(page.get_by_text("1 ticket(s) opened")).to_be_visible()
    ticket = Ticket.objects.get()
    recent = page.get_by_test_id("mailbox-recent")
    expect(recent).to_contain_text("Printer offline")
    expect(recent).to_contain_text(ticket.number)

    page.goto(f"{live_server.url}/channels/integrations/")
    page.get_by_test_id("integration-add").click()
    page.fill("input[name=name]", "Prometheus")
    page.select_option("select[name=kind]", "alertmanager")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("integration-token")).to_contain_text("shown this once")
    token = page.locator("#token-value").inner_text().strip()
    assert len(token) >= 32
    expect(page.get_by_test_id("example-alertmanager")).to_contain_text(f"credentials: {token}")
    expect(page.get_by_test_id("example-curl")).to_contain_text(f"Bearer {token}")

    page.goto(f"{live_server.url}/channels/integrations/")
    expect(page.get_by_test_id("integrations")).to_contain_text("Prometheus")
    page.get_by_role("link", name="Prometheus").click()
    expect(page.get_by_test_id("example-curl")).to_contain_text("Bearer <token>")
    expect(page.get_by_test_id("example-curl")).not_to_contain_text(token)
