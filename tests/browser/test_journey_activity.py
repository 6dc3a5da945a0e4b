"""Customer activity reaches the agent, as people use it: the requester answers their
pending ticket on the portal; the agent finds it back in progress and marked "updated by
the customer" in the desk's list, and the mark goes once they open the ticket."""

import pytest
from playwright.sync_api import expect

from incidents import services
from incidents.models import Ticket
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def console_errors(page):
    """Console errors and uncaught exceptions of every page this test opens."""
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.fixture
def pending_ticket(transactional_db):
    group = factories.SupportGroupFactory(name="Desktop Support")
    agent = factories.UserFactory(username="desk-agent", role="agent", language="en")
    group.members.add(agent)
    requester = factories.UserFactory(username="liu", display_name="Liu Fang", language="en")
    factories.SLAPolicyFactory(response_minutes=60, resolution_minutes=480)
    ticket = services.create_ticket(
        requester, services.NewTicket(title="Scanner saves blank pages")
    )
    ticket = services.perform(
        agent, ticket, "assign", {"assignment_group": group.pk, "assignee": agent.pk}
    )
    ticket = services.perform(agent, ticket, "start")
    return services.perform(agent, ticket, "pend", {"reason": "Which scanner model is it?"})


def test_a_reply_on_a_pending_ticket_resumes_it_and_reaches_the_agent(
    pending_ticket, page, live_server, login, console_errors
):
    login("liu")
    page.goto(f"{live_server.url}/portal/tickets/")
    page.get_by_role("link", name="Scanner saves blank pages").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("ticket-status")).to_contain_text("Pending")
    page.get_by_test_id("portal-reply").click()
    page.get_by_test_id("portal-reply").type("It is the Canon DR-C225 on the third floor.")
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("ticket-status")).to_contain_text("In progress")
    expect(page.get_by_text("It is the Canon DR-C225 on the third floor.")).to_be_visible()

    page.context.clear_cookies()
    login("desk-agent")
    page.goto(f"{live_server.url}/desk/")
    page.get_by_test_id("queue-customer").click()
    page.wait_for_load_state()
    row = page.locator("tr", has_text=pending_ticket.number)
    expect(row).to_be_visible()
    expect(row.get_by_test_id("customer-updated")).to_have_text("Updated by the customer")
    expect(row).to_contain_text("In progress")

    row.get_by_role("link", name=pending_ticket.number).click()
    page.wait_for_load_state()
    expect(page.get_by_text("It is the Canon DR-C225 on the third floor.")).to_be_visible()
    expect(page.get_by_test_id("ticket-status")).to_contain_text("In progress")

    page.goto(f"{live_server.url}/desk/")
    page.get_by_test_id("queue-customer").click()
    page.wait_for_load_state()
    expect(page.locator("tr", has_text=pending_ticket.number)).to_have_count(0)
    page.get_by_test_id("queue-all").click()
    page.wait_for_load_state()
    row = page.locator("tr", has_text=pending_ticket.number)
    expect(row).to_contain_text("In progress")
    expect(row.get_by_test_id("customer-updated")).to_have_count(0)
    assert Ticket.objects.get(pk=pending_ticket.pk).customer_updated_at is None
    assert console_errors == []
