"""A form that posts is sent once: its submit buttons are disabled while it is on its way
(20 identical POSTs once made 20 tickets; a double click made two)."""

import pytest
from playwright.sync_api import expect

from incidents.models import Comment
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records, after the page's own handlers ran, whether each submit was still going to be
# sent, then keeps the page where it is so that the test can look at it.
RECORD_SUBMITS = """() => {
  window.sent = [];
  window.addEventListener("submit", (event) => {
    window.sent.push(!event.defaultPrevented);
    event.preventDefault();
  });
}"""


def _watch_console(page) -> list:
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def test_the_portal_form_is_sent_once(page, live_server, login):
    factories.UserFactory(username="alice", role="requester", language="en")
    errors = _watch_console(page)
    login("alice")
    page.goto(f"{live_server.url}/portal/tickets/new/")
    page.fill("input[name=title]", "Monitor flickers")
    page.evaluate(RECORD_SUBMITS)
    button = page.get_by_test_id("portal-submit")
    button.click()
    expect(button).to_be_disabled()
    # A second try while the first is on its way (Enter, a script): it is not sent.
    page.evaluate("document.querySelector('form.portal-form').requestSubmit()")
    assert page.evaluate("window.sent") == [True, False]
    assert errors == []


def test_a_desk_work_note_is_sent_with_the_button_it_was_sent_by(page, live_server, login):
    group = factories.SupportGroupFactory()
    agent = factories.UserFactory(username="bob", role="agent", language="en")
    group.members.add(agent)
    ticket = factories.TicketFactory(assignment_group=group, assignee=agent, status="assigned")
    errors = _watch_console(page)
    login("bob")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    page.get_by_test_id("desk-reply").fill("Checked the cable")
    page.get_by_test_id("add-note").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("internal-note")).to_contain_text("Checked the cable")
    # Disabling waits a tick: the clicked button's name and value still went with the form.
    assert list(Comment.objects.filter(ticket=ticket).values_list("internal", flat=True)) == [True]
    # Back on the page, its buttons work again.
    expect(page.get_by_test_id("add-note")).to_be_enabled()
    assert errors == []
