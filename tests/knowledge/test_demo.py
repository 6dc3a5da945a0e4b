"""The demo knowledge base: bilingual published articles, drafts in review, one retired,
votes and deflections in the demo month, linked tickets; seeded once."""

import pytest
from django.utils import timezone

from accounts.roles import Role
from knowledge import demo, queries
from knowledge.models import Article, ArticleVersion, Deflection, Feedback, TicketArticle
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people(db):
    people = {
        "agent": factories.UserFactory(username="agent", role=Role.AGENT),
        "agent2": factories.UserFactory(username="agent2", role=Role.AGENT),
        "netops": factories.UserFactory(username="netops", role=Role.AGENT, language="zh-hans"),
        "manager": factories.UserFactory(username="manager", role=Role.MANAGER),
        "requester": factories.UserFactory(username="requester", role=Role.REQUESTER),
        "requester3": factories.UserFactory(
            username="requester3", role=Role.REQUESTER, language="zh-hans"
        ),
        "chenjing": factories.UserFactory(
            username="chenjing", role=Role.REQUESTER, language="zh-hans"
        ),
    }
    item = factories.CatalogItemFactory(name="VPN access")
    factories.TicketFactory(
        title="VPN 断开", catalog_item=item, status="resolved", resolved_at=timezone.now()
    )
    return people


def test_demo_articles(demo_people):
    demo.seed()
    published = Article.objects.filter(status="published")
    languages = set(published.values_list("language", flat=True))
    assert languages == {"en", "zh-hans"}
    assert published.filter(translation_of__isnull=False).count() >= 6
    assert Article.objects.filter(status="review").exists()
    assert Article.objects.filter(status="draft").exists()
    assert Article.objects.filter(status="retired").count() == 1
    assert published.filter(visibility="internal").exists()
    assert ArticleVersion.objects.filter(number=2).exists()  # the VPN article, edited
    assert Feedback.objects.exists() and Deflection.objects.exists()
    assert TicketArticle.objects.exists()
    found = queries.suggest(demo_people["requester3"], "VPN 断开")
    assert found[0].title == "VPN 断开怎么办"
    before = Article.objects.count()
    demo.seed()
    assert Article.objects.count() == before
