"""CMDB search: tag prefix, name and model (Chinese words of any length included), serial
number, IP prefix; requesters find only what they own. On SQLite and on PostgreSQL."""

import pytest
from django.db import connection

from common import pagination
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/assets/"


def tags_found(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["tag"] for row in response.json()["results"]}


@pytest.fixture
def assets(requester):
    room = factories.RoomFactory()
    category = factories.AssetCategoryFactory()

    def make(tag, **fields):
        return factories.AssetFactory(room=room, category=category, tag=tag, **fields)

    return {
        "printer": make(
            "D010210-001", name="财务部打印机", model="HP LaserJet M404", owner=requester
        ),
        "switch": make("D010210-002", name="三楼交换机", model="H3C S5130", serial_number="SW-77"),
        "laptop": make(
            "D010210-003", name="ThinkPad 网络测试", model="X1 Carbon", ip_address="10.20.3.4"
        ),
    }


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("打印机", {"printer"}),  # trigrams
        ("打印", {"printer"}),  # a two-character word: grams
        ("财", {"printer"}),  # one character
        ("网络", {"laptop"}),
        ("交换", {"switch"}),
        ("laserjet", {"printer"}),  # model, any case
        ("HP", {"printer"}),  # two Latin letters in a model
        ("H3C", {"switch"}),
        ("thinkpad", {"laptop"}),
        ("sw-77", {"switch"}),  # serial number, exact in any case
        ("SW-7", set()),
        ("10.20", {"laptop"}),  # IP prefix
        ("ｄ010210-00", {"printer", "switch", "laptop"}),  # tag prefix, full-width folded
        ("nothing", set()),
    ],
)
def test_agent_search(client_for, agent, assets, term, expected):
    assert tags_found(client_for(agent).get(URL, {"search": term})) == {
        assets[key].tag for key in expected
    }


@pytest.mark.parametrize("term", ["打印", "交换机", "D0102"])
def test_requester_search_finds_only_owned_items(client_for, requester, assets, term):
    found = tags_found(client_for(requester).get(URL, {"search": term}))
    assert found == ({assets["printer"].tag} if term != "交换机" else set())


@pytest.mark.parametrize("count", [5, 40])
def test_search_query_count_is_constant(client_for, agent, count, django_assert_max_num_queries):
    room = factories.RoomFactory()
    factories.AssetFactory.create_batch(count, room=room, name="会议室投影仪")
    client = client_for(agent)
    with django_assert_max_num_queries(8):
        body = client.get(URL, {"search": "投影", "page_size": 200}).json()
    assert body["count"] == count


def test_cmdb_page_search_and_capped_count(client, agent, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    room = factories.RoomFactory()
    factories.AssetFactory.create_batch(4, room=room, name="会议室投影仪")
    client.force_login(agent)
    html = client.get("/cmdb/", {"search": "投影"}, HTTP_HX_REQUEST="true").content.decode()
    assert "More than 3 items" in html
    html = client.get("/cmdb/", {"search": "投影仪 X"}, HTTP_HX_REQUEST="true").content.decode()
    assert "0 items" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the search indexes")
def test_postgresql_plans_use_the_search_indexes(assets):
    from assets.filters import AssetFilterSet
    from assets.models import Asset

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for term, index in [
            ("打印机", "asset_name_trgm"),
            ("打印", "asset_name_grams"),
            ("sw-77", "asset_serial_upper"),
            ("10.20", "asset_ip_text"),
        ]:
            qs = AssetFilterSet({"search": term}, queryset=Asset.objects.order_by()).qs
            sql, params = qs.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert index in plan, (term, plan)
