"""A ticket's journey as people live it: a requester fills a guided form and reads their
answers by label; the timeline reads as sentences, in English and, after switching the
language as a user does, in Chinese; an agent resolves through the action bar."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from incidents import services
from incidents.models import Status, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
# A status code where a label belongs ("from new", "→ assigned", "Status: pending").
RAW_STATUS = re.compile(r"(?:→|\bfrom|\bto|:)\s*(?:" + "|".join(Status.values) + r")\b")


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo")
    User.objects.update(language="en")


def _watch(page) -> list[str]:
    """Console errors and failed requests seen by this page."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"{r.url} {r.failure}"))
    return problems


def _assert_plain_sentences(text: str) -> None:
    assert "→" not in text
    for pattern in (SNAKE, RAW_STATUS):
        match = pattern.search(text)
        assert not match, text[max(0, match.start() - 60) : match.end() + 20]


def _submit_printer_fault(page) -> Ticket:
    page.get_by_test_id("item-card").filter(has_text="Printer fault").click()
    page.wait_for_load_state()
    page.get_by_label("What happens").select_option(label="Paper jam")
    page.get_by_label("Message on the printer's screen").fill("Error 13.B2")
    page.get_by_test_id("guided-submit").click()
    page.wait_for_load_state()
    return Ticket.objects.get(requester__username="requester", form_data__message="Error 13.B2")


def test_requester_reads_answers_by_label(demo, page, live_server, login):
    problems = _watch(page)
    login("requester")
    ticket = _submit_printer_fault(page)
    assert ticket.form_data["symptom"] == "paper_jam"
    answers = page.get_by_test_id("form-answers")
    expect(answers).to_contain_text("What happens")
    expect(answers).to_contain_text("Paper jam")
    expect(answers).not_to_contain_text("paper_jam")
    expect(answers).not_to_contain_text("symptom")
    assert problems == []


def test_timeline_reads_as_sentences_in_english_and_chinese(demo, page, live_server, login):
    problems = _watch(page)
    login("requester")
    ticket = _submit_printer_fault(page)
    agent = User.objects.get(username="agent2")
    services.perform(agent, ticket, "start")
    services.perform(
        agent,
        ticket,
        "resolve",
        {"resolution_code": "workaround", "resolution_notes": "Cleared the jam in tray 2"},
    )
    page.reload()
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("Opened in the portal")
    expect(timeline).to_contain_text("Status changed from In progress to Resolved")
    expect(timeline).to_contain_text("Resolved: Workaround")
    _assert_plain_sentences(timeline.inner_text())

    page.get_by_test_id("lang-zh-hans").click()
    page.wait_for_load_state()
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("通过自助门户提交")
    expect(timeline).to_contain_text("状态由")
    expect(timeline).to_contain_text("已解决")
    _assert_plain_sentences(timeline.inner_text())
    expect(page.get_by_test_id("form-answers")).to_contain_text("卡纸")
    assert problems == []


def test_agent_resolves_through_the_action_bar(demo, page, live_server, login):
    problems = _watch(page)
    requester = User.objects.get(username="requester")
    ticket = services.create_ticket(requester, services.NewTicket(title="Monitor flickers"))
    agent = User.objects.get(username="agent2")
    desktop = agent.support_groups.order_by("pk").first()
    services.perform(agent, ticket, "assign", {"assignment_group": desktop.pk})
    login("agent2")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    expect(page.get_by_test_id("ticket-status")).to_contain_text("Assigned")
    expect(page.get_by_test_id("resolve-submit")).to_be_hidden()

    page.get_by_test_id("action-resolve").click()
    expect(page.get_by_test_id("resolve-submit")).to_be_visible()
    page.get_by_test_id("resolution-code").select_option(label="Workaround")
    page.get_by_test_id("resolution-notes").fill("Swapped the cable; new monitor ordered")
    page.get_by_test_id("resolve-submit").click()
    page.wait_for_load_state()

    expect(page.get_by_test_id("ticket-status")).to_contain_text("Resolved")
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("Resolved: Workaround")
    _assert_plain_sentences(timeline.inner_text())
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolution_code) == ("resolved", "workaround")
    assert problems == []


def test_more_menu_opens_a_panel_that_fits(demo, page, live_server, login):
    problems = _watch(page)
    requester = User.objects.get(username="requester")
    ticket = services.create_ticket(requester, services.NewTicket(title="Chair squeaks"))
    login("agent")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    # A new ticket: assigning is a primary action; cancelling waits in the menu.
    expect(page.get_by_test_id("action-cancel")).to_be_hidden()
    page.get_by_test_id("more-actions").locator("summary").click()
    page.get_by_test_id("action-cancel").click()
    panel = page.get_by_test_id("panel-cancel")
    expect(panel).to_be_visible()
    expect(page.get_by_test_id("more-actions")).not_to_have_attribute("open", "")
    page.get_by_test_id("cancel-reason").fill("Logged twice")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("cancel-submit").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("ticket-status")).to_contain_text("Cancelled")
    expect(page.get_by_test_id("timeline")).to_contain_text("Cancelled: Logged twice")
    assert problems == []
