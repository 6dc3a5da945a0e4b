"""A manager builds a guided form question by question; an agent logs a call found by a
one-character surname and solves it on first contact."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from catalog.models import CatalogItem
from incidents.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo")
    User.objects.update(language="en")


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def test_manager_builds_a_form_field_by_field(demo, page, live_server, login):
    problems = _watch(page)
    item = CatalogItem.objects.filter(form_schema=[]).first() or CatalogItem.objects.first()
    CatalogItem.objects.filter(pk=item.pk).update(form_schema=[])
    login("manager")
    page.goto(f"{live_server.url}/catalog/manage/items/{item.pk}/")
    builder = page.get_by_test_id("schema-builder")
    expect(builder).to_be_visible()
    expect(page.get_by_test_id("schema-editor")).to_be_hidden()  # the JSON stays behind

    page.get_by_test_id("schema-add-field").click()
    field = page.get_by_test_id("schema-field").first
    field.get_by_test_id("schema-label").fill("Which floor")
    field.get_by_test_id("schema-label-zh").fill("哪一层")
    field.get_by_test_id("schema-name").fill("floor")
    field.get_by_test_id("schema-type").select_option("choice")
    field.get_by_test_id("schema-required").check()
    field.get_by_test_id("schema-add-choice").click()
    choice = field.get_by_test_id("schema-choice").first
    choice.get_by_test_id("schema-choice-value").fill("f2")
    choice.get_by_test_id("schema-choice-label").fill("Second floor")
    choice.get_by_test_id("schema-choice-label-zh").fill("二楼")

    page.get_by_test_id("schema-add-field").click()
    second = page.get_by_test_id("schema-field").nth(1)
    second.get_by_test_id("schema-label").fill("Room")
    second.get_by_test_id("schema-name").fill("room")
    # Move "Room" above "Which floor".
    second.locator('[data-act="up"]').click()
    expect(page.get_by_test_id("schema-field").first.get_by_test_id("schema-name")).to_have_value(
        "room"
    )
    # The preview shows the form as the requester will see it.
    expect(page.get_by_test_id("schema-preview")).to_contain_text("Which floor")
    page.get_by_label("Default impact").select_option(label="2 · Medium")
    page.get_by_test_id("item-save").click()
    page.wait_for_load_state()

    item.refresh_from_db()
    assert item.form_schema == [
        {"name": "room", "label": "Room", "type": "text"},
        {
            "name": "floor",
            "label": "Which floor",
            "type": "choice",
            "label_zh": "哪一层",
            "required": True,
            "choices": [{"value": "f2", "label": "Second floor", "label_zh": "二楼"}],
        },
    ]
    assert item.default_impact == 2
    assert problems == []


def test_agent_finds_a_caller_by_surname_and_solves_on_first_contact(
    demo, page, live_server, login
):
    problems = _watch(page)
    login("agent")
    page.goto(f"{live_server.url}/desk/log/")
    page.get_by_test_id("requester-lookup").fill("刘")
    expect(page.get_by_test_id("pick-requester").first).to_be_visible()
    page.get_by_label("刘芳 Liu Fang", exact=False).first.check()
    page.fill("input[name=title]", "Outlook keeps asking for a password")
    page.get_by_label("Solved on first contact").check()
    page.get_by_label("Resolution").select_option(label="Workaround")
    page.get_by_label("What was done (the caller reads this)").fill("Cleared saved credentials")
    page.get_by_test_id("log-submit").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("ticket-status")).to_contain_text("Resolved")
    ticket = Ticket.objects.get(title="Outlook keeps asking for a password")
    assert (ticket.requester.username, ticket.status, ticket.opened_by.username) == (
        "requester",
        "resolved",
        "agent",
    )
    assert (ticket.reassignment_count, ticket.reopen_count) == (0, 0)
    assert problems == []
