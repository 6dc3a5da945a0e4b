"""The knowledge API: every role on every path, the lifecycle's 409s, versions, feedback,
deflections, and drafting from a ticket (docs/api.md, "Knowledge base")."""

import datetime as dt

import pytest
from django.utils import timezone

from knowledge.models import Article, ArticleVersion, Deflection, Feedback, TicketArticle
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"


def url(article, action=""):
    return f"/api/v1/articles/{article.pk}/{action + '/' if action else ''}"


@pytest.fixture
def draft(agent):
    return factories.ArticleFactory(status="draft", author=agent)


@pytest.fixture
def internal():
    return factories.ArticleFactory(visibility="internal")


@pytest.fixture
def public():
    return factories.ArticleFactory(title="VPN keeps disconnecting")


# --- reading ------------------------------------------------------------------------------


def test_anonymous_gets_nothing(api_client, public):
    assert api_client.get(LIST).status_code == 401
    assert api_client.get(url(public)).status_code == 401
    assert api_client.get(f"{LIST}suggest/?q=VPN").status_code == 401


def test_requester_sees_only_published_public(client_for, requester, public, internal, draft):
    retired = factories.ArticleFactory(status="retired")
    client = client_for(requester)
    ids = [a["id"] for a in client.get(LIST).json()["results"]]
    assert ids == [public.pk]
    for hidden in (internal, draft, retired):
        assert client.get(url(hidden)).status_code == 404


@pytest.mark.parametrize("role", ["agent", "manager", "admin_user"])
def test_staff_see_every_article(request, client_for, role, public, internal, draft):
    client = client_for(request.getfixturevalue(role))
    ids = {a["id"] for a in client.get(LIST).json()["results"]}
    assert ids == {public.pk, internal.pk, draft.pk}


def test_article_fields_and_sanitised_html(client_for, requester):
    article = factories.ArticleFactory(
        body="Hi <script>alert(1)</script> [x](javascript:alert(1))", tags=["vpn", "网络"]
    )
    data = client_for(requester).get(url(article)).json()
    fields = [
        "title", "body", "body_html", "language", "services", "catalog_items", "tags",
        "visibility", "status", "author", "version", "published_at", "views", "helpful_count",
        "not_helpful_count", "created_at", "updated_at",
    ]  # fmt: skip
    for field in fields:
        assert field in data
    assert "<script" not in data["body_html"]
    assert "javascript:" not in data["body_html"].replace("[x](javascript:alert(1))", "")
    assert data["tags"] == ["vpn", "网络"]


# --- writing ------------------------------------------------------------------------------


def test_requester_cannot_write(client_for, requester, public):
    client = client_for(requester)
    assert client.post(LIST, {"title": "Mine"}, format="json").status_code == 403
    assert client.patch(url(public), {"title": "x"}, format="json").status_code == 403
    assert Article.objects.count() == 1


def test_agent_writes_a_draft(client_for, agent):
    service = factories.ServiceFactory()
    response = client_for(agent).post(
        LIST,
        {
            "title": "Printer jams",
            "body": "# Fix\n\nOpen tray 2.",
            "language": "en",
            "visibility": "internal",
            "services": [service.pk],
            "tags": ["printer", " Printer ", "纸"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "draft"
    assert data["author"] == agent.pk
    assert data["version"] == 0
    assert data["tags"] == ["printer", "纸"]
    assert data["services"] == [service.pk]
    assert "<h1>Fix</h1>" in data["body_html"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "ok", "language": "fr"}, "language"),
        ({"title": "ok", "visibility": "secret"}, "visibility"),
        ({"title": "ok", "tags": "vpn"}, "tags"),
        ({"title": "ok", "tags": ["x" * 41]}, "tags"),
        ({"title": "ok", "tags": [str(n) for n in range(13)]}, "tags"),
        ({"title": "ok", "services": [999999]}, "services"),
        ({"title": "ok", "status": "published"}, "status"),
        ({"title": "ok", "views": 5}, "views"),
        ({"title": "ok", "colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client_for, agent, body, field):
    response = client_for(agent).post(LIST, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Article.objects.count() == 0


def test_edit_a_published_article_keeps_it_published(client_for, agent, public):
    response = client_for(agent).patch(url(public), {"body": "New text"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "published"
    public.refresh_from_db()
    assert public.body == "New text"


def test_a_retired_article_cannot_be_edited(client_for, agent):
    retired = factories.ArticleFactory(status="retired")
    response = client_for(agent).patch(url(retired), {"title": "x"}, format="json")
    assert response.status_code == 409


def test_translation_link(client_for, agent, public):
    response = client_for(agent).post(
        LIST,
        {"title": "VPN 断开", "language": "zh-hans", "translation_of": public.pk},
        format="json",
    )
    assert response.status_code == 201
    chinese = response.json()["id"]
    assert client_for(agent).get(url(public)).json()["translations"] == [chinese]
    same = client_for(agent).post(
        LIST, {"title": "again", "language": "en", "translation_of": public.pk}, format="json"
    )
    assert same.status_code == 400
    assert "translation_of" in same.json()


# --- lifecycle ------------------------------------------------------------------------------


def test_agent_submits_but_cannot_publish_or_retire(client_for, agent, draft, public):
    client = client_for(agent)
    assert client.post(url(draft, "publish")).status_code == 403
    assert client.post(url(public, "retire")).status_code == 403
    response = client.post(url(draft, "submit"))
    assert response.status_code == 200
    assert response.json()["status"] == "review"


def test_requester_takes_no_lifecycle_action(client_for, requester, public):
    client = client_for(requester)
    for action in ("submit", "publish", "retire"):
        assert client.post(url(public, action)).status_code == 403
    public.refresh_from_db()
    assert public.status == "published"


@pytest.mark.parametrize("role", ["manager", "admin_user"])
def test_managers_publish_and_each_publish_keeps_a_version(request, client_for, role, draft):
    client = client_for(request.getfixturevalue(role))
    assert client.post(url(draft, "submit")).status_code == 200
    first = client.post(url(draft, "publish"))
    assert first.status_code == 200
    assert first.json()["status"] == "published"
    assert first.json()["version"] == 1
    client.patch(url(draft), {"body": "Better text"}, format="json")
    second = client.post(url(draft, "publish"))
    assert second.json()["version"] == 2
    versions = client.get(url(draft, "versions")).json()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[0]["body"] == "Better text"
    assert client.post(url(draft, "retire")).json()["status"] == "retired"


@pytest.mark.parametrize(
    "status, action",
    [
        ("review", "submit"),
        ("published", "submit"),
        ("retired", "submit"),
        ("retired", "publish"),
        ("draft", "retire"),
        ("review", "retire"),
        ("retired", "retire"),
    ],
)
def test_illegal_moves_are_409(client_for, manager, status, action):
    article = factories.ArticleFactory(status=status)
    response = client_for(manager).post(url(article, action))
    assert response.status_code == 409
    assert "detail" in response.json()
    article.refresh_from_db()
    assert article.status == status


def test_requester_reads_versions_of_a_public_article_only(client_for, requester, manager, draft):
    client_for(manager).post(url(draft, "publish"))
    assert client_for(requester).get(url(draft, "versions")).status_code == 200
    internal = factories.ArticleFactory(visibility="internal")
    assert client_for(requester).get(url(internal, "versions")).status_code == 404


# --- feedback and deflections ---------------------------------------------------------------


def test_one_vote_per_user_and_a_second_changes_it(client_for, requester, public):
    client = client_for(requester)
    first = client.post(url(public, "feedback"), {"helpful": True}, format="json")
    assert first.json() == {"helpful": True, "helpful_count": 1, "not_helpful_count": 0}
    again = client.post(url(public, "feedback"), {"helpful": True}, format="json")
    assert again.json()["helpful_count"] == 1
    changed = client.post(url(public, "feedback"), {"helpful": False}, format="json")
    assert changed.json() == {"helpful": False, "helpful_count": 0, "not_helpful_count": 1}
    assert Feedback.objects.filter(article=public).count() == 1


@pytest.mark.parametrize("body", [{}, {"helpful": "yes"}, {"helpful": 1}, {"helpful": None}])
def test_feedback_needs_true_or_false(client_for, requester, public, body):
    response = client_for(requester).post(url(public, "feedback"), body, format="json")
    assert response.status_code == 400
    assert "helpful" in response.json()
    assert not Feedback.objects.exists()


def test_no_feedback_on_a_draft(client_for, agent, draft):
    response = client_for(agent).post(url(draft, "feedback"), {"helpful": True}, format="json")
    assert response.status_code == 403


def test_solved_counts_once_per_user_article_and_day(
    client_for, requester, other_requester, public, at
):
    client = client_for(requester)
    with at(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)):
        assert client.post(url(public, "solved")).json()["counted"] is True
        assert client.post(url(public, "solved")).json()["counted"] is False
        assert client_for(other_requester).post(url(public, "solved")).json()["counted"] is True
    with at(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC)):
        assert client.post(url(public, "solved")).json()["counted"] is True
    assert Deflection.objects.count() == 3


def test_solved_on_hidden_article_is_404(client_for, requester, internal):
    assert client_for(requester).post(url(internal, "solved")).status_code == 404
    assert not Deflection.objects.exists()


# --- suggest --------------------------------------------------------------------------------


def test_suggest_best_first_and_only_what_the_caller_may_read(client_for, requester, agent):
    title_hit = factories.ArticleFactory(title="VPN 断开 怎么办", language="zh-hans")
    body_hit = factories.ArticleFactory(title="远程办公", body="如果 VPN 断开，重新登录。")
    tag_hit = factories.ArticleFactory(title="Remote access", tags=["VPN"], tags_text="VPN")
    factories.ArticleFactory(title="VPN 断开 internal", visibility="internal")
    factories.ArticleFactory(title="VPN 断开 draft", status="draft")
    factories.ArticleFactory(title="Printer")
    for n in range(6):
        factories.ArticleFactory(title=f"VPN guide {n}")
    found = client_for(requester).get(f"{LIST}suggest/", {"q": "VPN 断开"}).json()
    ids = [a["id"] for a in found]
    assert len(ids) == 5
    # Both words in the title first; then one word in a title (VPN guides) before one in
    # tags; a word too short for trigrams (断开) is looked for in titles and tags only.
    assert ids[0] == title_hit.pk
    assert body_hit.pk not in ids and tag_hit.pk not in ids
    assert len(ids) == 5
    staff = [a["id"] for a in client_for(agent).get(f"{LIST}suggest/", {"q": "VPN 断开"}).json()]
    internal = Article.objects.get(title="VPN 断开 internal")
    assert set(staff[:2]) == {title_hit.pk, internal.pk}
    assert Article.objects.get(title="VPN 断开 draft").pk not in staff


def test_suggest_ranks_the_catalog_items_articles_first_among_equals(client_for, requester):
    item = factories.CatalogItemFactory()
    plain = factories.ArticleFactory(title="Password reset")
    linked = factories.ArticleFactory(title="Password reset for ERP")
    linked.catalog_items.add(item)
    plain.views = 100
    plain.save()
    found = (
        client_for(requester)
        .get(f"{LIST}suggest/", {"q": "password", "catalog_item": item.pk})
        .json()
    )
    assert [a["id"] for a in found] == [linked.pk, plain.pk]
    only_item = client_for(requester).get(f"{LIST}suggest/", {"catalog_item": item.pk}).json()
    assert [a["id"] for a in only_item] == [linked.pk]


def test_suggest_bad_input(client_for, requester):
    client = client_for(requester)
    assert client.get(f"{LIST}suggest/", {"catalog_item": "abc"}).status_code == 400
    assert client.get(f"{LIST}suggest/", {"q": ""}).json() == []


def test_search_covers_title_body_and_tags_in_chinese(client_for, requester):
    a = factories.ArticleFactory(title="打印机卡纸")
    b = factories.ArticleFactory(body="先检查网络连接")
    c = factories.ArticleFactory(tags=["邮件"], tags_text="邮件")
    factories.ArticleFactory(title="Other")
    client = client_for(requester)

    def ids(term):
        return {r["id"] for r in client.get(LIST, {"search": term}).json()["results"]}

    assert ids("打印") == {a.pk}
    assert ids("网络") == {b.pk}
    assert ids("邮件") == {c.pk}
    assert ids("网") == {b.pk}


# --- from a ticket -------------------------------------------------------------------------


def test_agent_drafts_an_article_from_a_ticket(client_for, agent):
    item = factories.CatalogItemFactory()
    ticket = factories.TicketFactory(
        title="VPN 断开",
        description="在家连 VPN 每隔十分钟断开",
        resolution_notes="更新客户端到 5.2",
        catalog_item=item,
        status="resolved",
    )
    factories.TicketFactory  # noqa: B018
    from incidents.models import Comment

    Comment.objects.create(ticket=ticket, author=agent, body="SECRET work note", internal=True)
    response = client_for(agent).post(f"/api/v1/tickets/{ticket.pk}/article/")
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "draft"
    assert data["title"] == "VPN 断开"
    assert data["language"] == "zh-hans"
    assert "每隔十分钟断开" in data["body"] and "更新客户端到 5.2" in data["body"]
    assert "SECRET" not in data["body"]
    assert data["catalog_items"] == [item.pk]
    ticket_data = client_for(agent).get(f"/api/v1/tickets/{ticket.pk}/").json()
    assert ticket_data["articles"] == [data["id"]]


def test_requester_cannot_draft_or_link(client_for, requester, public):
    own = factories.TicketFactory(requester=requester)
    other = factories.TicketFactory()
    client = client_for(requester)
    assert client.post(f"/api/v1/tickets/{own.pk}/article/").status_code == 403
    assert client.post(f"/api/v1/tickets/{other.pk}/article/").status_code == 404
    body = {"article": public.pk}
    assert (
        client.post(f"/api/v1/tickets/{own.pk}/link-article/", body, format="json").status_code
        == 403
    )
    assert (
        client.post(f"/api/v1/tickets/{other.pk}/link-article/", body, format="json").status_code
        == 404
    )
    assert not TicketArticle.objects.exists()


def test_link_article(client_for, agent, requester, public, internal):
    ticket = factories.TicketFactory(requester=requester)
    client = client_for(agent)
    link = f"/api/v1/tickets/{ticket.pk}/link-article/"
    response = client.post(link, {"article": public.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["articles"] == [public.pk]
    assert client.post(link, {"article": public.pk}, format="json").status_code == 200
    client.post(link, {"article": internal.pk}, format="json")
    assert TicketArticle.objects.filter(ticket=ticket).count() == 2
    # The requester sees only the articles they may read.
    mine = client_for(requester).get(f"/api/v1/tickets/{ticket.pk}/").json()
    assert mine["articles"] == [public.pk]


@pytest.mark.parametrize("body", [{"article": 999999}, {"article": "x"}, {}, {"article": 1.5}])
def test_link_unknown_article_is_400(client_for, agent, body):
    ticket = factories.TicketFactory()
    response = client_for(agent).post(
        f"/api/v1/tickets/{ticket.pk}/link-article/", body, format="json"
    )
    assert response.status_code == 400
    assert "article" in response.json()


def test_summary_counts_deflections_and_published(client_for, manager, public, requester):
    client_for(requester).post(url(public, "solved"))
    ArticleVersion.objects.create(
        article=public,
        number=1,
        title="t",
        body="",
        published_by=manager,
        published_at=timezone.now(),
    )
    data = client_for(manager).get("/api/v1/reports/summary/").json()
    assert data["deflections"] == 1
    assert data["articles_published"] == 1
