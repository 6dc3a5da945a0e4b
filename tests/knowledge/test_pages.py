"""Knowledge pages: who reaches what, the portal's deflection, the desk panel, the diff."""

import pytest
from django.urls import reverse

from incidents.models import Ticket
from knowledge.models import Article, ArticleImage, Deflection, Feedback, TicketArticle
from tests import factories

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def public():
    return factories.ArticleFactory(title="VPN 断开 怎么办", body="重新连接 **VPN**。")


@pytest.fixture
def internal():
    return factories.ArticleFactory(title="Core switch runbook", visibility="internal")


@pytest.fixture
def draft(agent):
    return factories.ArticleFactory(title="Draft about printers", status="draft", author=agent)


def page(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


# --- who reaches what ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, args",
    [("knowledge:home", ()), ("knowledge:manage", ()), ("knowledge:suggest", ())],
)
def test_anonymous_is_sent_to_login(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_anonymous_cannot_open_an_article(client, public):
    response = client.get(reverse("knowledge:article", args=[public.pk]))
    assert response.status_code == 302


def test_requester_reads_public_articles_only(client, requester, public, internal, draft):
    assert page(client, requester, "knowledge:article", public.pk).status_code == 200
    assert page(client, requester, "knowledge:article", internal.pk).status_code == 404
    assert page(client, requester, "knowledge:article", draft.pk).status_code == 404
    home = page(client, requester, "knowledge:home").content.decode()
    assert public.title in home and internal.title not in home


@pytest.mark.parametrize(
    "name, post",
    [("knowledge:manage", False), ("knowledge:create", False), ("knowledge:create", True)],
)
def test_requester_cannot_manage(client, requester, name, post):
    client.force_login(requester)
    url = reverse(name)
    response = client.post(url, {"title": "x"}) if post else client.get(url)
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_requester_cannot_edit_act_draft_or_link(client, requester, public):
    client.force_login(requester)
    ticket = factories.TicketFactory(requester=requester)
    assert client.get(reverse("knowledge:edit", args=[public.pk])).status_code == 403
    assert client.post(reverse("knowledge:act", args=[public.pk, "retire"])).status_code == 403
    assert client.post(reverse("knowledge:from-ticket", args=[ticket.pk])).status_code == 403
    assert (
        client.post(reverse("knowledge:link", args=[ticket.pk]), {"article": public.pk}).status_code
        == 403
    )
    public.refresh_from_db()
    assert public.status == "published"
    assert not TicketArticle.objects.exists()


def test_staff_pages(client, agent, public, internal, draft):
    manage = page(client, agent, "knowledge:manage").content.decode()
    for article in (public, internal, draft):
        assert article.title in manage
    article = page(client, agent, "knowledge:article", draft.pk).content.decode()
    assert 'data-testid="article-submit"' in article
    assert 'data-testid="article-publish"' not in article  # a manager's button


def test_agent_writes_and_submits_manager_publishes(client, agent, manager):
    client.force_login(agent)
    response = client.post(
        reverse("knowledge:create"),
        {
            "title": "Printer offline",
            "body": "Restart it.",
            "language": "en",
            "visibility": "public",
            "tags": "printer, 打印机",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.status == "draft" and article.tags == ["printer", "打印机"]
    client.post(reverse("knowledge:act", args=[article.pk, "publish"]))
    article.refresh_from_db()
    assert article.status == "draft"  # agents may not publish
    client.post(reverse("knowledge:act", args=[article.pk, "submit"]))
    client.force_login(manager)
    client.post(reverse("knowledge:act", args=[article.pk, "publish"]))
    article.refresh_from_db()
    assert (article.status, article.version) == ("published", 1)


def test_illegal_move_on_the_page_is_a_message(client, manager, draft):
    client.force_login(manager)
    response = client.post(reverse("knowledge:act", args=[draft.pk, "retire"]), follow=True)
    assert "cannot be" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_form_errors_are_shown_and_nothing_saved(client, agent):
    client.force_login(agent)
    response = client.post(
        reverse("knowledge:create"), {"title": "", "language": "en", "visibility": "public"}
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not Article.objects.exists()


def test_diff_between_versions(client, agent, manager):
    article = factories.ArticleFactory(status="draft", body="line one\nline two", author=agent)
    client.force_login(manager)
    client.post(reverse("knowledge:act", args=[article.pk, "publish"]))
    client.force_login(agent)
    client.post(
        reverse("knowledge:edit", args=[article.pk]),
        {
            "title": article.title,
            "body": "line one\nline <b>2</b>",
            "language": "en",
            "visibility": "public",
        },
    )
    html = page(client, agent, "knowledge:article", article.pk).content.decode()
    assert 'data-testid="article-diff"' in html
    assert "-line two" in html and "+line &lt;b&gt;2&lt;/b&gt;" in html
    client.force_login(manager)
    client.post(reverse("knowledge:act", args=[article.pk, "publish"]))
    html = page(
        client, agent, "knowledge:article", article.pk, **{"from": 1, "to": 2}
    ).content.decode()
    assert "-line two" in html


def test_article_page_counts_views_and_links_translations(client, requester, public):
    chinese = factories.ArticleFactory(
        title="英文的翻译", language="zh-hans", translation_of=public
    )
    html = page(client, requester, "knowledge:article", chinese.pk).content.decode()
    assert public.title in html
    page(client, requester, "knowledge:article", public.pk)
    public.refresh_from_db()
    assert public.views == 1


# --- feedback and deflection ---------------------------------------------------------------


def test_vote_and_change_it(client, requester, public):
    client.force_login(requester)
    url = reverse("knowledge:feedback", args=[public.pk])
    client.post(url, {"helpful": "yes"})
    client.post(url, {"helpful": "no"})
    client.post(url, {"helpful": "maybe"})
    public.refresh_from_db()
    assert (public.helpful_count, public.not_helpful_count) == (0, 1)
    assert Feedback.objects.get().helpful is False


def test_solved_records_a_deflection_and_opens_no_ticket(client, requester, public):
    client.force_login(requester)
    tickets = Ticket.objects.count()
    response = client.post(reverse("knowledge:solved", args=[public.pk]))
    client.post(reverse("knowledge:solved", args=[public.pk]))
    assert response.status_code == 302
    assert Deflection.objects.filter(article=public, user=requester).count() == 1
    assert Ticket.objects.count() == tickets


def test_suggest_partial(client, requester, public, internal):
    html = page(client, requester, "knowledge:suggest", title="VPN 断开").content.decode()
    assert public.title in html
    assert f'data-testid="kb-solved-{public.pk}"' in html
    assert "<script" not in html
    nothing = page(client, requester, "knowledge:suggest", title="switch runbook").content.decode()
    assert internal.title not in nothing
    assert 'data-testid="kb-no-suggestion"' in nothing
    empty = page(client, requester, "knowledge:suggest").content.decode()
    assert "kb-suggestion" not in empty


def test_catalog_item_form_suggests_its_articles(client, requester, public):
    item = factories.CatalogItemFactory()
    public.catalog_items.add(item)
    html = page(client, requester, "knowledge:suggest", catalog_item=item.pk).content.decode()
    assert public.title in html
    assert f'value="{item.pk}"' in html


def test_portal_forms_carry_the_suggestions_hook(client, requester):
    html = page(client, requester, "portal:ticket-new").content.decode()
    assert 'data-testid="kb-suggestions"' in html
    assert reverse("knowledge:suggest") in html


# --- the desk ------------------------------------------------------------------------------


def test_desk_panel_drafts_and_links(client, agent, public):
    ticket = factories.TicketFactory(
        title="VPN 断开", description="每天断开", resolution_notes="升级客户端", status="resolved"
    )
    html = page(client, agent, "incidents:desk-ticket", ticket.pk).content.decode()
    assert 'data-testid="ticket-knowledge"' in html
    assert f'data-testid="link-suggested-{public.pk}"' in html
    response = client.post(reverse("knowledge:from-ticket", args=[ticket.pk]))
    draft = Article.objects.exclude(pk=public.pk).get()
    assert response["Location"] == reverse("knowledge:edit", args=[draft.pk])
    assert draft.status == "draft" and "升级客户端" in draft.body
    client.post(reverse("knowledge:link", args=[ticket.pk]), {"article": public.pk})
    assert set(ticket.article_links.values_list("article_id", flat=True)) == {draft.pk, public.pk}
    bad = client.post(reverse("knowledge:link", args=[ticket.pk]), {"article": 999999}, follow=True)
    assert "No such article" in bad.content.decode()


def test_desk_panel_hidden_from_requesters_portal(client, requester):
    ticket = factories.TicketFactory(requester=requester)
    html = page(client, requester, "portal:ticket", ticket.pk).content.decode()
    assert "ticket-knowledge" not in html


# --- images --------------------------------------------------------------------------------


def test_image_upload_and_who_sees_it(client, agent, requester, internal, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(agent)
    client.post(
        reverse("knowledge:upload-image", args=[internal.pk]),
        {"file": SimpleUploadedFile("shot.png", PNG, content_type="image/png")},
    )
    image = ArticleImage.objects.get()
    assert client.get(reverse("knowledge:image", args=[image.pk])).status_code == 200
    client.force_login(requester)
    assert client.get(reverse("knowledge:image", args=[image.pk])).status_code == 404
    client.force_login(agent)
    client.post(
        reverse("knowledge:upload-image", args=[internal.pk]),
        {"file": SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", content_type="image/png")},
    )
    assert ArticleImage.objects.count() == 1


def test_dashboard_shows_knowledge_figures(client, manager, public, requester):
    client.force_login(requester)
    client.post(reverse("knowledge:solved", args=[public.pk]))
    html = page(client, manager, "reports:dashboard").content.decode()
    assert 'data-testid="kpi-deflections"' in html
    assert 'data-testid="kpi-value-deflections">1<' in html
    assert 'data-testid="knowledge-report"' in html
