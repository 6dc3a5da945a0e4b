"""CMDB pages: access by role, live tag checks, next free tag, import report, query counts."""

import io

import pytest

from assets.models import Asset
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    return factories.RoomFactory()


@pytest.fixture
def category():
    return factories.AssetCategoryFactory()


@pytest.mark.parametrize("url", ["/cmdb/", "/cmdb/new/", "/cmdb/import/", "/cmdb/locations/"])
def test_requesters_cannot_open_cmdb_pages(client, requester, url):
    client.force_login(requester)
    assert client.get(url).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/cmdb/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("count", [10, 100])
def test_list_page_query_count_is_constant(
    client, agent, room, category, count, django_assert_max_num_queries
):
    Asset.objects.bulk_create(
        [
            Asset(tag=f"D010210-{n:03d}", name=f"<b>PC {n}</b>", category=category, room=room)
            for n in range(1, count + 1)
        ]
    )
    client.force_login(agent)
    with django_assert_max_num_queries(12):
        response = client.get("/cmdb/", {"page_size": 100})
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;b&gt;PC 1&lt;/b&gt;" in html and "<b>PC 1</b>" not in html


def test_list_htmx_returns_only_the_table(client, agent, room, category):
    factories.AssetFactory(room=room, category=category, name="Finance printer")
    client.force_login(agent)
    response = client.get("/cmdb/", {"search": "finance"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Finance printer" in html and "<html" not in html


def test_empty_list_offers_to_add_or_import(client, agent):
    client.force_login(agent)
    html = client.get("/cmdb/").content.decode()
    assert "No configuration item matches." in html


@pytest.mark.parametrize(
    ("value", "ok", "text"),
    [
        ("d010210-005", "1", "floor 02"),
        ("D010210-5", "0", "D010210-009"),
        ("D019999-001", "0", "does not exist"),
    ],
)
def test_tag_check_as_you_type(client, agent, room, value, ok, text):
    client.force_login(agent)
    html = client.get("/cmdb/check-tag/", {"tag": value}).content.decode()
    assert f'data-ok="{ok}"' in html and text in html


def test_tag_check_in_chinese(client, agent, room):
    agent.language = "zh-hans"
    agent.save()
    client.force_login(agent)
    html = client.get("/cmdb/check-tag/", {"tag": "D01"}).content.decode()
    assert "楼栋" in html


def test_next_free_tag_fills_the_input(client, agent, room, category):
    factories.AssetFactory(room=room, category=category, tag="D010210-001")
    client.force_login(agent)
    html = client.get("/cmdb/next-tag/", {"room": room.pk}).content.decode()
    assert 'value="D010210-002"' in html
    assert "Choose a room first" in client.get("/cmdb/next-tag/").content.decode()


def test_create_page_saves_and_redirects(client, agent, room, category):
    client.force_login(agent)
    response = client.post(
        "/cmdb/new/",
        {
            "tag": "ｄ010210-003",
            "name": "PC",
            "category": category.pk,
            "status": "in_use",
            "owner": agent.username,
        },
    )
    assert response.status_code == 302
    asset = Asset.objects.get(tag="D010210-003")
    assert asset.owner == agent
    detail = client.get(response["Location"]).content.decode()
    assert "Machine no. 3" in detail and "floor" in detail.lower()


def test_create_page_shows_the_rule_on_a_bad_tag(client, agent, room, category):
    client.force_login(agent)
    response = client.post(
        "/cmdb/new/", {"tag": "D1-2", "name": "PC", "category": category.pk, "status": "in_use"}
    )
    assert response.status_code == 200
    assert "e.g. D010210-009" in response.content.decode()
    assert not Asset.objects.exists()


def test_detail_shows_relations_impact_and_history(client, agent, room, category):
    switch = factories.AssetFactory(room=room, category=category, tag="D010210-001", name="Switch")
    pc = factories.AssetFactory(room=room, category=category, tag="D010210-002", name="PC")
    client.force_login(agent)
    client.post(f"/cmdb/{pc.pk}/relations/", {"kind": "depends_on", "target": "d010210-001"})
    client.post(
        f"/cmdb/{switch.pk}/edit/",
        {"tag": switch.tag, "name": "Core switch", "category": category.pk, "status": "in_use"},
    )
    html = client.get(f"/cmdb/{switch.pk}/").content.decode()
    assert "If this item fails" in html and "D010210-002" in html
    assert "Core switch" in html and "<del>Switch</del>" in html


def test_room_view_lists_machines_in_position_order(client, agent, room, category):
    for n in (3, 1, 2):
        factories.AssetFactory(
            room=room, category=category, tag=f"D010210-{n:03d}", name=f"Machine number {n}"
        )
    client.force_login(agent)
    html = client.get(f"/cmdb/rooms/{room.pk}/").content.decode()
    # Names no random token (CSRF, nonce) can contain by chance.
    first, second, third = (html.index(f"Machine number {n}") for n in (1, 2, 3))
    assert first < second < third
    assert "D010210-004" in html  # the next free tag


def test_import_page_lists_every_bad_row(client, agent, room, category):
    client.force_login(agent)
    data = b"tag,name,category\nD010210-001,a,PC\nbad,b,PC\nD010210-003,c,NOPE\n"
    upload = io.BytesIO(data)
    upload.name = "items.csv"
    html = client.post("/cmdb/import/", {"file": upload}).content.decode()
    assert "2 problems found" in html
    assert not Asset.objects.exists()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_import_templates_download(client, agent, kind):
    client.force_login(agent)
    response = client.get(f"/cmdb/import/template.{kind}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert client.get("/cmdb/import/template.exe").status_code == 404


@pytest.mark.parametrize(
    ("role", "which", "data", "expected"),
    [
        ("agent", "category", {"category-code": "UPS", "category-name": "UPS"}, 403),
        ("manager", "category", {"category-code": "UPS", "category-name": "UPS"}, 302),
        ("manager", "building", {"building-code": "05", "building-name": "B5"}, 403),
        ("admin_user", "building", {"building-code": "05", "building-name": "B5"}, 302),
    ],
)
def test_locations_page_permissions(request, client, role, which, data, expected):
    client.force_login(request.getfixturevalue(role))
    response = client.post("/cmdb/locations/", {"which": which, **data})
    assert response.status_code == expected
