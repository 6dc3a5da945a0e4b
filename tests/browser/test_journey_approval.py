"""An approval as people live it: a requester asks for a new laptop, their manager opens
the emailed link, signs in, reads the answers and approves; the ticket reaches the desk's
group, where an agent sees it routed. A rejection reads as its reason on the portal. The
manager's pages in English and, for a Chinese-speaking manager, in Chinese."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import Role
from catalog.models import Service
from incidents.models import Ticket
from notifications.models import Notification
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+?(/approvals/\d+/)")


@pytest.fixture
def desk(transactional_db):
    group = factories.SupportGroupFactory(code="DESKTOP", name="Desktop Support")
    agent = factories.UserFactory(username="agent2", role=Role.AGENT, display_name="Li Na")
    group.members.add(agent)
    boss = factories.UserFactory(username="boss", display_name="Zhou Min", language="en")
    requester = factories.UserFactory(
        username="requester", display_name="Liu Fang", manager=boss, language="en"
    )
    item = factories.CatalogItemFactory(
        name="New laptop",
        assignment_group=group,
        form_schema=[{"name": "reason", "label": "Why", "type": "text", "required": True}],
        approval_steps=[{"kind": "requester_manager", "mode": "any"}],
    )
    Service.objects.filter(pk=item.service_id).update(status="published")
    return {"item": item, "boss": boss, "requester": requester, "agent": agent}


def _sign_out(page):
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    page.wait_for_load_state()


def _ask_for_a_laptop(page, live_server, login, item, reason):
    login("requester")
    page.goto(live_server.url + reverse("portal:item", args=[item.pk]))
    page.get_by_label("Why").fill(reason)
    page.get_by_test_id("guided-submit").click()
    page.wait_for_load_state()
    return Ticket.objects.get(form_data__reason=reason)


def _emailed_path(boss) -> str:
    mail = Notification.objects.get(recipient=boss, dedupe_key__startswith="approval:")
    match = LINK.search(mail.body)
    assert match, mail.body
    return match.group(1)


def _sign_in_here(page, username):
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "itsm-demo-2026")
    page.get_by_test_id("login-submit").click()
    page.wait_for_load_state()


def test_requester_to_approver_by_the_emailed_link_to_the_agent(desk, page, live_server, login):
    ticket = _ask_for_a_laptop(page, live_server, login, desk["item"], "Battery is dead")
    chain = page.get_by_test_id("ticket-approvals")
    expect(chain).to_contain_text("Zhou Min")
    expect(chain).to_contain_text("Pending")
    expect(page.get_by_text("Awaiting approval").first).to_be_visible()
    _sign_out(page)

    # The manager follows the link from the email: first the login, then the decision page.
    page.goto(live_server.url + _emailed_path(desk["boss"]))
    assert "/login/" in page.url
    _sign_in_here(page, "boss")
    assert re.search(r"/approvals/\d+/$", page.url)
    expect(page.get_by_test_id("form-answers")).to_contain_text("Battery is dead")
    expect(page.get_by_test_id("nav-count-approvals")).to_have_text("1")
    page.get_by_test_id("approval-comment").fill("Approved, it is four years old.")
    page.get_by_test_id("approve").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("decision-state")).to_contain_text("Approved")
    ticket.refresh_from_db()
    assert ticket.status == "assigned" and ticket.assignment_group.name == "Desktop Support"
    _sign_out(page)

    login("agent2")
    page.goto(live_server.url + reverse("incidents:desk") + "?queue=groups")
    expect(page.get_by_text(ticket.number)).to_be_visible()
    page.goto(live_server.url + reverse("incidents:desk-ticket", args=[ticket.pk]))
    expect(page.get_by_test_id("ticket-approvals")).to_contain_text("four years old")


def test_a_rejection_reads_as_its_reason_in_chinese_and_on_the_portal(
    desk, page, live_server, login, browser_problems
):
    boss = desk["boss"]
    boss.language = "zh-hans"
    boss.save()
    ticket = _ask_for_a_laptop(page, live_server, login, desk["item"], "Want a bigger screen")
    _sign_out(page)
    login("boss")
    page.get_by_test_id("nav-count-approvals").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("我的审批")
    card = page.get_by_test_id("approval-card")
    expect(card).to_contain_text("Want a bigger screen")
    # Rejecting without a reason is refused on purpose: the page answers 400 with the form.
    browser_problems.allow(_emailed_path(boss))
    card.get_by_test_id("reject").click()
    page.wait_for_load_state()
    expect(page.locator(".invalid-feedback, .alert").first).to_contain_text("驳回")
    page.get_by_test_id("approval-comment").fill("今年的预算已用完")
    page.get_by_test_id("reject").click()
    page.wait_for_load_state()
    ticket.refresh_from_db()
    assert ticket.status == "cancelled" and ticket.approval_state == "rejected"
    _sign_out(page)
    login("requester")
    page.goto(live_server.url + reverse("portal:ticket", args=[ticket.pk]))
    expect(page.get_by_test_id("ticket-approvals")).to_contain_text("今年的预算已用完")
    expect(page.get_by_test_id("ticket-approvals")).to_contain_text("Rejected")


def test_a_manager_builds_the_chain_and_previews_who_approves(desk, page, live_server, login):
    owners = factories.SupportGroupFactory(code="ERPOWN", name="ERP owners")
    owner = factories.UserFactory(role=Role.AGENT, display_name="Owner Ouyang")
    owners.members.add(owner)
    factories.UserFactory(username="mgr", role=Role.MANAGER)
    item = desk["item"]
    item.approval_steps = []
    item.save()
    login("mgr")
    page.goto(live_server.url + reverse("catalog:item-edit", args=[item.pk]))
    builder = page.get_by_test_id("steps-builder")
    expect(builder).to_be_visible()
    builder.get_by_test_id("steps-add").click()
    builder.get_by_test_id("steps-add").click()
    second = page.get_by_test_id("approval-step").nth(1)
    second.get_by_test_id("step-kind").select_option("group")
    page.get_by_test_id("approval-step").nth(1).get_by_test_id("step-group").select_option(
        label="ERP owners"
    )
    page.get_by_test_id("approval-step").nth(1).get_by_test_id("step-mode").select_option("all")
    page.get_by_test_id("steps-preview-requester").select_option(label="Liu Fang")
    preview = page.get_by_test_id("steps-preview")
    expect(preview).to_contain_text("Zhou Min")
    expect(preview).to_contain_text("Owner Ouyang")
    page.get_by_test_id("item-save").click()
    page.wait_for_load_state()
    item.refresh_from_db()
    assert item.approval_steps == [
        {"kind": "requester_manager", "mode": "any"},
        {"kind": "group", "group": owners.pk, "mode": "all"},
    ]
    assert item.requires_approval
