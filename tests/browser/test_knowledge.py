"""The knowledge journey: an agent turns a resolved ticket into a draft, a manager publishes
it, a requester typing "VPN 断开" in the portal sees it suggested and marks it solved (no
ticket opened), and the dashboard counts the deflection; in English and in Chinese."""

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from incidents.models import Ticket
from knowledge.models import Article, Deflection
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "solved": "This solved my problem",
        "glad": "Glad it helped",
        "kpi": "Solved by an article",
    },
    "zh-hans": {"solved": "问题已解决", "glad": "很高兴帮到您", "kpi": "文章解决的问题"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_resolved_ticket_to_published_article_to_deflection(
    page, live_server, login, language, browser_problems
):
    group = factories.SupportGroupFactory()
    agent = factories.UserFactory(username="kb-agent", role=Role.AGENT, language=language)
    group.members.add(agent)
    factories.UserFactory(username="kb-manager", role=Role.MANAGER, language=language)
    requester = factories.UserFactory(
        username="kb-requester", role=Role.REQUESTER, language=language
    )
    ticket = factories.TicketFactory(
        title="VPN 断开",
        description="在家连 VPN 每隔十分钟就断开。",
        resolution_notes="把 VPN 客户端升级到 5.3 后恢复正常。",
        status="resolved",
        assignment_group=group,
        assignee=agent,
    )
    words = WORDS[language]

    # The agent drafts an article from the ticket and submits it.
    login("kb-agent")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    page.get_by_test_id("article-from-ticket").click()
    problem, solution = ("问题", "解决方法") if language == "zh-hans" else ("Problem", "Solution")
    expect(page.locator("#id_body")).to_have_value(
        f"## {problem}\n\n在家连 VPN 每隔十分钟就断开。\n\n"
        f"## {solution}\n\n把 VPN 客户端升级到 5.3 后恢复正常。\n"
    )
    page.get_by_test_id("article-save").click()
    page.get_by_test_id("article-submit").click()
    article = Article.objects.get()
    assert article.status == "review"
    expect(page.get_by_test_id("article-publish")).to_have_count(0)  # not an agent's to do

    # The manager publishes it.
    page.context.clear_cookies()
    login("kb-manager")
    page.goto(f"{live_server.url}/knowledge/articles/{article.pk}/")
    page.get_by_test_id("article-publish").click()
    expect(page.get_by_test_id("article-status")).to_have_text(
        "已发布" if language == "zh-hans" else "Published"
    )

    # The requester types the title of a new ticket and is offered the article.
    page.context.clear_cookies()
    login("kb-requester")
    page.goto(f"{live_server.url}/portal/tickets/new/")
    page.locator("#id_title").press_sequentially("VPN 断开", delay=30)
    suggestion = page.get_by_test_id("kb-suggestion")
    expect(suggestion).to_have_count(1)
    expect(suggestion).to_contain_text("VPN 断开")
    expect(page.get_by_test_id(f"kb-solved-{article.pk}")).to_have_text(words["solved"])
    tickets = Ticket.objects.count()
    page.get_by_test_id(f"kb-solved-{article.pk}").click()
    expect(page.locator("body")).to_contain_text(words["glad"])
    expect(page.get_by_test_id("article-title")).to_have_text("VPN 断开")
    assert Deflection.objects.filter(article=article, user=requester).count() == 1
    assert Ticket.objects.count() == tickets

    # The dashboard counts the deflection.
    page.context.clear_cookies()
    login("kb-manager")
    page.goto(f"{live_server.url}/reports/")
    expect(page.get_by_test_id("kpi-deflections")).to_contain_text(words["kpi"])
    expect(page.get_by_test_id("kpi-value-deflections")).to_have_text("1")
    expect(page.get_by_test_id("kb-solved-most")).to_contain_text("VPN 断开")
