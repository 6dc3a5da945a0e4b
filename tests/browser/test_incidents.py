"""End users submit and confirm; agents log a call and work it; work notes stay internal."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from incidents import services
from incidents.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo")
    User.objects.update(language="en")


def test_end_user_submits_a_guided_form_and_confirms_the_fix(demo, page, live_server, login):
    login("requester")
    page.get_by_test_id("item-card").filter(has_text="Printer fault").click()
    page.wait_for_load_state()
    page.select_option("select[name=f-symptom]", "paper_jam")
    page.fill("input[name=f-message]", "Error 13.B2")
    page.get_by_test_id("guided-submit").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("ticket-status")).to_contain_text("Assigned")
    ticket = Ticket.objects.get(requester__username="requester", form_data__message="Error 13.B2")
    assert ticket.form_data == {"symptom": "paper_jam", "message": "Error 13.B2"}

    agent = User.objects.get(username="agent2")
    services.perform(agent, ticket, "start")
    services.perform(
        agent,
        ticket,
        "resolve",
        {"resolution_code": "fixed", "resolution_notes": "Cleared the jam in tray 2"},
    )
    page.reload()
    expect(page.get_by_test_id("confirm-box")).to_contain_text("Cleared the jam in tray 2")
    page.get_by_test_id("confirm-fix").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("ticket-status")).to_contain_text("Closed")
    ticket.refresh_from_db()
    assert ticket.status == "closed"


def test_agent_logs_a_call_and_works_it(demo, page, live_server, login, browser):
    login("agent")
    page.goto(f"{live_server.url}/desk/")
    page.get_by_test_id("quick-log").click()
    page.wait_for_load_state()
    page.get_by_test_id("requester-lookup").fill("Liu Fang")
    page.get_by_test_id("pick-requester").first.check()
    page.fill("input[name=title]", "Cannot print payslips")
    page.select_option("select[name=channel]", "phone")
    page.get_by_test_id("log-submit").click()
    page.wait_for_load_state()
    ticket = Ticket.objects.get(title="Cannot print payslips")
    assert (ticket.channel, ticket.requester.username) == ("phone", "requester")

    # Logged without a catalog item, the call went to the intake group (the service desk):
    # taking it over is under "More".
    assert ticket.assignment_group.code == "SD" and ticket.status == "assigned"
    me = User.objects.get(username="agent")
    page.get_by_test_id("more-actions").locator("summary").click()
    page.get_by_test_id("action-assign").click()
    page.get_by_test_id("assign-group").select_option(label="一线服务台 Service Desk")
    page.get_by_test_id("assign-agent").select_option(label=f"Me ({me})")
    page.get_by_test_id("assign-submit").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("ticket-status")).to_contain_text("Assigned")
    page.get_by_test_id("action-start").click()
    page.wait_for_load_state()
    page.get_by_test_id("more-actions").locator("summary").click()
    page.get_by_test_id("action-pend").click()
    page.get_by_test_id("pend-reason").fill("Awaiting the customer")
    page.get_by_test_id("pend-submit").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("ticket-status")).to_contain_text("Pending")
    page.get_by_test_id("action-resume").click()
    page.wait_for_load_state()
    page.get_by_test_id("desk-reply").fill("Driver reinstalled; SECRET-NOTE for the team")
    page.get_by_test_id("add-note").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("internal-note")).to_contain_text("SECRET-NOTE")
    page.get_by_test_id("action-resolve").click()
    page.get_by_test_id("resolution-notes").fill("Printer driver reinstalled")
    page.get_by_test_id("resolve-submit").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("ticket-status")).to_contain_text("Resolved")
    ticket.refresh_from_db()
    assert ticket.status == "resolved" and ticket.assignee.username == "agent"

    # The requester, in a browser of their own, never sees the work note.
    context = browser.new_context()
    other = context.new_page()
    other.goto(f"{live_server.url}/login/")
    other.fill("input[name=username]", "requester")
    other.fill("input[name=password]", "itsm-demo-2026")
    other.get_by_test_id("login-submit").click()
    other.wait_for_load_state()
    other.goto(f"{live_server.url}/portal/tickets/{ticket.pk}/")
    expect(other.get_by_test_id("timeline")).to_be_visible()
    assert "SECRET-NOTE" not in other.content()
    expect(other.get_by_test_id("confirm-box")).to_contain_text("Printer driver reinstalled")
    context.close()
