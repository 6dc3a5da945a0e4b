"""Ticket search: number, title, description and comments, Chinese words of any length, who
matches what (requesters never on internal work notes), on SQLite and on PostgreSQL."""

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from common import pagination
from incidents import search
from incidents.models import Comment, Ticket
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/tickets/"


def numbers(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["number"] for row in response.json()["results"]}


def comment(ticket, body, internal=False):
    author = factories.UserFactory(role="agent")
    return Comment.objects.create(ticket=ticket, author=author, body=body, internal=internal)


@pytest.fixture
def tickets(requester, other_requester):
    """Tickets with Chinese and English text, in titles, descriptions and comments."""
    made = {
        "printer": factories.TicketFactory(
            requester=requester, title="打印机无法打印", description="三楼的 HP 打印机卡纸"
        ),
        "mail": factories.TicketFactory(
            requester=requester, title="Outlook asks for a password", description="邮箱无法登录"
        ),
        "network": factories.TicketFactory(
            requester=other_requester, title="网络连接经常中断", description="Wi-Fi drops"
        ),
        "quiet": factories.TicketFactory(
            requester=requester, title="Monitor flickers", description="After docking."
        ),
    }
    comment(made["quiet"], "已更换网线，等待用户确认。")
    comment(made["quiet"], "Firmware updated on the docking station", internal=True)
    comment(made["mail"], "交换机端口已重新配置", internal=True)
    return made


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("打印机", {"printer"}),  # three characters: trigrams
        ("打印", {"printer"}),  # two: grams
        ("网络", {"network"}),
        ("邮箱", {"mail"}),  # in a description only
        ("网线", {"quiet"}),  # in a public comment only
        ("网", {"network", "quiet"}),  # one character, title and comment
        ("卡纸", {"printer"}),
        ("outlook", {"mail"}),  # case does not matter
        ("PASSWORD", {"mail"}),
        ("Wi-Fi", {"network"}),
        ("docking", {"quiet"}),  # description and internal note of the same ticket, once
        ("firmware", {"quiet"}),  # an internal note: agents only
        ("交换机", {"mail"}),
        ("HP", set()),  # only in a description: one or two Latin letters search titles
        ("无法打印", {"printer"}),
        ("nothing like it", set()),
    ],
)
def test_agent_search_matches_titles_descriptions_and_all_comments(
    client_for, agent, tickets, term, expected
):
    found = numbers(client_for(agent).get(URL, {"search": term}))
    assert found == {tickets[key].number for key in expected}


def test_ticket_number_matches_exactly_in_any_case(client_for, agent, tickets):
    number = tickets["printer"].number
    assert numbers(client_for(agent).get(URL, {"search": number.lower()})) == {number}
    assert numbers(client_for(agent).get(URL, {"search": f"  {number} "})) == {number}


def test_short_latin_terms_search_titles(client_for, agent, requester):
    oa = factories.TicketFactory(requester=requester, title="OA系统登录不了")
    factories.TicketFactory(requester=requester, title="Printer", description="load the OA")
    assert numbers(client_for(agent).get(URL, {"search": "oa"})) == {oa.number}
    assert numbers(client_for(agent).get(URL, {"search": "O"})) == {oa.number}


@pytest.mark.parametrize("term", ["网线", "firmware", "交换机", "docking station", "网络"])
def test_requester_search_never_matches_internal_notes_or_others_tickets(
    client_for, requester, tickets, term
):
    found = numbers(client_for(requester).get(URL, {"search": term}))
    mine = {t.number for t in tickets.values() if t.requester_id == requester.pk}
    assert found <= mine
    if term == "网线":  # a public reply on the requester's own ticket does match
        assert found == {tickets["quiet"].number}
    else:
        assert found == set()


def test_requester_internal_notes_do_not_match_on_the_common_word_path(
    client_for, requester, tickets, monkeypatch
):
    # More matching comments than candidates: the query checks comments ticket by ticket.
    monkeypatch.setattr(search, "COMMENT_CANDIDATES", 0)
    assert numbers(client_for(requester).get(URL, {"search": "firmware"})) == set()
    assert numbers(client_for(requester).get(URL, {"search": "网线"})) == {tickets["quiet"].number}


@pytest.mark.parametrize("candidates", [0, 1, search.COMMENT_CANDIDATES])
def test_several_matching_comments_give_the_ticket_once(
    client_for, agent, requester, monkeypatch, candidates
):
    monkeypatch.setattr(search, "COMMENT_CANDIDATES", candidates)
    ticket = factories.TicketFactory(requester=requester, title="VPN 连接失败", description="VPN")
    for _ in range(3):
        comment(ticket, "VPN 客户端已重装")
    comment(ticket, "VPN 日志", internal=True)
    body = client_for(agent).get(URL, {"search": "vpn"}).json()
    assert body["count"] == 1 and [r["number"] for r in body["results"]] == [ticket.number]
    body = client_for(agent).get(URL, {"search": "客户端"}).json()
    assert body["count"] == 1


def test_search_combines_with_other_filters(client_for, agent, requester, tickets):
    Ticket.objects.filter(pk=tickets["printer"].pk).update(status="pending")
    client = client_for(agent)
    assert numbers(client.get(URL, {"search": "打印", "status": "pending"})) == {
        tickets["printer"].number
    }
    assert numbers(client.get(URL, {"search": "打印", "status": "new"})) == set()


def test_search_with_wildcards_is_literal(client_for, agent, requester):
    literal = factories.TicketFactory(requester=requester, title="Disk 100% full")
    factories.TicketFactory(requester=requester, title="Disk 1000 full")
    assert numbers(client_for(agent).get(URL, {"search": "100%"})) == {literal.number}
    assert numbers(client_for(agent).get(URL, {"search": "_"})) == set()


@pytest.mark.parametrize("count", [5, 40])
def test_search_query_count_is_constant(
    client_for, agent, requester, count, django_assert_max_num_queries
):
    for n in range(count):
        ticket = factories.TicketFactory(requester=requester, title=f"打印机 {n}")
        comment(ticket, "打印机已修好")
    client = client_for(agent)
    with django_assert_max_num_queries(8):
        body = client.get(URL, {"search": "打印机", "page_size": 200}).json()
    assert body["count"] == count


@pytest.mark.parametrize("count", [5, 40])
def test_desk_search_query_count_is_constant(
    client, agent, requester, count, django_assert_max_num_queries
):
    for n in range(count):
        ticket = factories.TicketFactory(requester=requester, title=f"Printer {n}")
        comment(ticket, "toner replaced", internal=True)
    client.force_login(agent)
    with django_assert_max_num_queries(15):
        response = client.get("/desk/", {"queue": "all", "search": "toner", "page_size": 100})
    assert f"{count} tickets" in response.content.decode()


def test_desk_count_stops_at_the_cap(client, agent, requester, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    factories.TicketFactory.create_batch(4, requester=requester, title="邮箱满了")
    client.force_login(agent)
    html = client.get("/desk/", {"queue": "all", "search": "邮箱"}).content.decode()
    assert "More than 3 tickets" in html
    html = client.get("/desk/", {"queue": "all", "search": "邮箱满了吗"}).content.decode()
    assert "0 tickets" in html


def test_desk_searches_work_notes_and_says_when_only_titles_are_searched(client, agent, tickets):
    client.force_login(agent)
    html = client.get("/desk/", {"queue": "all", "search": "firmware"}).content.decode()
    assert tickets["quiet"].number in html
    html = client.get("/desk/", {"queue": "all", "search": "ab"}).content.decode()
    assert 'data-testid="search-note"' in html
    html = client.get("/desk/", {"queue": "all", "search": "网"}).content.decode()
    assert 'data-testid="search-note"' not in html


def test_portal_search_finds_own_tickets_by_public_text_only(client, requester, tickets):
    client.force_login(requester)
    html = client.get("/portal/tickets/", {"show": "all", "search": "网线"}).content.decode()
    assert tickets["quiet"].number in html and tickets["printer"].number not in html
    html = client.get("/portal/tickets/", {"show": "all", "search": "firmware"}).content.decode()
    assert tickets["quiet"].number not in html and "None of your tickets contains" in html
    html = client.get("/portal/tickets/", {"show": "all", "search": "网络"}).content.decode()
    assert tickets["network"].number not in html  # another requester's


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the gram indexes")
def test_postgresql_has_trigrams_for_chinese():
    """The database's LC_CTYPE must class Chinese characters as letters (any UTF-8 locale;
    not plain C), or pg_trgm extracts no trigrams from them and searches scan."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT show_trgm('打印机'), itsm_search_grams('网络连接 OA', true)")
        trigrams, grams = cursor.fetchone()
    assert trigrams
    assert grams.split() == ["网络", "连接", "OA", "络连", "接", "A"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the gram indexes")
def test_postgresql_plans_use_the_search_indexes(agent):
    """Rare words are found through the indexes, not by reading every ticket."""
    factories.TicketFactory.create_batch(3, requester=factories.UserFactory())
    base = Ticket.objects.order_by()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for term, index in [("打印机", "ticket_title_trgm"), ("网络", "ticket_title_grams")]:
            sql, params = search.matching(base, term, reader=agent).query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert index in plan, plan


class TestNoFalseNegatives(TestCase):
    """Whatever the text, a piece of it (one to four characters) finds the ticket: the gram
    patterns never rule out a real match."""

    alphabet = st.sampled_from(list("网络打印机邮箱ab AB1-・ーアイ한국"))

    @settings(max_examples=60, deadline=None)
    @given(text=st.text(alphabet, min_size=1, max_size=12), data=st.data())
    def test_any_substring_finds_the_ticket(self, text, data):
        ticket = Ticket.objects.filter(number="INC7777777").first() or factories.TicketFactory(
            number="INC7777777", requester=factories.UserFactory()
        )
        Ticket.objects.filter(pk=ticket.pk).update(title=text, description=text)
        start = data.draw(st.integers(0, len(text) - 1))
        piece = text[start : start + data.draw(st.integers(1, 4))]
        if not piece.strip():
            return
        agent = factories.UserFactory(role="agent")
        found = search.matching(Ticket.objects.all(), piece, reader=agent)
        assert list(found.values_list("pk", flat=True)) == [ticket.pk], (text, piece)


def test_api_count_stops_at_the_cap_only_when_searching(client_for, agent, requester, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    factories.TicketFactory.create_batch(5, requester=requester, title="邮箱满了")
    client = client_for(agent)
    first = client.get(URL, {"search": "邮箱", "page_size": 2}).json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["next"]
    last = client.get(URL, {"search": "邮箱", "page_size": 2, "page": 2}).json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert client.get(URL, {"page_size": 2}).json()["count"] == 5
    assert client.get(URL, {"search": "邮箱满了吗"}).json()["count"] == 0
