"""The survey link from the email, in a fresh browser with nobody signed in."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from incidents import services as tickets
from incidents.defaults import ensure_resolution_codes
from incidents.models import ResolutionCode
from satisfaction.models import Survey
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_survey_link_from_the_email_rates_and_thanks_then_says_answered(
    browser, live_server, settings, browser_problems
):
    settings.SURVEY_DELAY_MINUTES = 0
    ensure_resolution_codes(ResolutionCode)  # a flushed test database lost the seeded ones
    group = factories.SupportGroupFactory(manager=factories.UserFactory(role="manager"))
    agent = factories.UserFactory(role="agent")
    group.members.add(agent)
    requester = factories.UserFactory(language="en")
    ticket = factories.TicketFactory(
        requester=requester, assignment_group=group, assignee=agent, status="in_progress"
    )
    tickets.perform(
        agent, ticket, "resolve", {"resolution_code": "fixed", "resolution_notes": "New toner"}
    )
    (message,) = [m for m in mail.outbox if m.to == [requester.email] and "/survey/" in m.body]
    link = re.search(r"http://\S+/survey/\S+\?rating=4", message.body).group(0)
    link = live_server.url + link[link.index("/survey/") :]

    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone, no login
    page = context.new_page()
    page.goto(link)
    expect(page.get_by_test_id("survey-ticket")).to_contain_text(ticket.number)
    expect(page.locator("#rating-4")).to_be_checked()  # preselected from the email's link
    page.get_by_test_id("rate-5").click()
    page.fill("textarea[name=comment]", "<b>Thanks</b> for the quick fix")
    page.get_by_test_id("survey-submit").click()
    expect(page.get_by_test_id("survey-thanks")).to_contain_text("Thank you")
    survey = Survey.objects.get(ticket=ticket)
    assert (survey.rating, survey.comment) == (5, "<b>Thanks</b> for the quick fix")

    # A used link is answered on purpose with a 400 page, which the browser logs.
    browser_problems.allow(link)
    page.goto(link)
    expect(page.get_by_test_id("survey-closed")).to_contain_text("already been answered")
    context.close()
