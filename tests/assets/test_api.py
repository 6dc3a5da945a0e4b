"""CMDB API: role table, next-tag, import, impact, relations, export, query counts."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from assets.models import Asset, AssetCategory, AssetRelation, Building, Room
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    return factories.RoomFactory()


@pytest.fixture
def category():
    return factories.AssetCategoryFactory()


@pytest.fixture
def owned(room, category, requester):
    return factories.AssetFactory(room=room, category=category, owner=requester)


@pytest.fixture
def others(room, category, other_requester):
    return factories.AssetFactory(room=room, category=category, owner=other_requester)


# --- role table -------------------------------------------------------------------------

URLS = [
    "/api/v1/assets/",
    "/api/v1/buildings/",
    "/api/v1/rooms/",
    "/api/v1/asset-categories/",
    "/api/v1/asset-relations/",
]


@pytest.mark.parametrize("url", URLS)
def test_anonymous_gets_401(api_client, url):
    assert api_client.get(url).status_code == 401


def test_requester_reads_only_the_items_they_own(client_for, requester, owned, others):
    response = client_for(requester).get("/api/v1/assets/")
    assert response.status_code == 200
    assert [a["tag"] for a in response.json()["results"]] == [owned.tag]
    assert client_for(requester).get(f"/api/v1/assets/{owned.pk}/").status_code == 200
    assert client_for(requester).get(f"/api/v1/assets/{others.pk}/").status_code == 404


def test_requester_cannot_write_even_their_own_item(client_for, requester, owned, category):
    client = client_for(requester)
    assert client.patch(f"/api/v1/assets/{owned.pk}/", {"name": "Mine"}).status_code == 403
    assert (
        client.post(
            "/api/v1/assets/", {"tag": "D010210-050", "name": "x", "category": category.pk}
        ).status_code
        == 403
    )
    assert client.delete(f"/api/v1/assets/{owned.pk}/").status_code == 403
    owned.refresh_from_db()
    assert owned.name != "Mine"


@pytest.mark.parametrize("url", URLS[1:])
def test_requester_cannot_read_locations_categories_relations(client_for, requester, url):
    assert client_for(requester).get(url).status_code == 403


@pytest.mark.parametrize("role", ["agent", "manager", "admin_user"])
def test_agents_and_up_read_and_write_items(request, role, room, category, others, client_for):
    user = request.getfixturevalue(role)
    client = client_for(user)
    assert client.get("/api/v1/assets/").json()["count"] == 1
    response = client.post(
        "/api/v1/assets/", {"tag": "D010210-050", "name": "New", "category": category.pk}
    )
    assert response.status_code == 201
    assert (
        client.patch(f"/api/v1/assets/{others.pk}/", {"status": "maintenance"}).status_code == 200
    )


@pytest.mark.parametrize(
    ("role", "building", "category_code"),
    [("agent", 403, 403), ("manager", 403, 201), ("admin_user", 201, 201)],
)
def test_locations_admin_categories_manager(request, client_for, role, building, category_code):
    client = client_for(request.getfixturevalue(role))
    assert client.get("/api/v1/buildings/").status_code == 200
    assert client.post("/api/v1/buildings/", {"code": "07", "name": "B7"}).status_code == building
    assert (
        client.post("/api/v1/asset-categories/", {"code": "UPS", "name": "UPS"}).status_code
        == category_code
    )
    assert Building.objects.filter(code="07").exists() == (building == 201)
    assert AssetCategory.objects.filter(code="UPS").exists() == (category_code == 201)


def test_agent_writes_relations_requester_cannot(client_for, agent, requester, owned, others):
    body = {"source": owned.pk, "target": others.pk, "kind": "depends_on"}
    assert client_for(requester).post("/api/v1/asset-relations/", body).status_code == 403
    assert client_for(agent).post("/api/v1/asset-relations/", body).status_code == 201


# --- fields and bad input -----------------------------------------------------------------


def test_read_only_location_fields(client_for, agent, owned):
    data = client_for(agent).get(f"/api/v1/assets/{owned.pk}/").json()
    assert data["building"] == owned.room.building_id
    assert data["room"] == owned.room.pk
    assert data["position"] == owned.position
    response = client_for(agent).patch(f"/api/v1/assets/{owned.pk}/", {"position": 5})
    assert response.status_code == 400
    assert "position" in response.json()


def test_building_and_room_codes_are_checked(client_for, admin_user):
    client = client_for(admin_user)
    assert client.post("/api/v1/buildings/", {"code": "1", "name": "x"}).status_code == 400
    assert client.post("/api/v1/buildings/", {"code": "AB", "name": "x"}).status_code == 400
    building = Building.objects.create(code="03", name="B3")
    assert (
        client.post("/api/v1/rooms/", {"building": building.pk, "code": "210"}).status_code == 400
    )
    response = client.post("/api/v1/rooms/", {"building": building.pk, "code": "0210"})
    assert response.status_code == 201
    assert response.json()["floor"] == "02"
    assert response.json()["key"] == "030210"
    dup = client.post("/api/v1/rooms/", {"building": building.pk, "code": "0210"})
    assert dup.status_code == 400


def test_relation_to_itself_or_missing_item_is_400(client_for, agent, owned):
    client = client_for(agent)
    self_rel = client.post(
        "/api/v1/asset-relations/", {"source": owned.pk, "target": owned.pk, "kind": "depends_on"}
    )
    assert self_rel.status_code == 400 and "target" in self_rel.json()
    missing = client.post(
        "/api/v1/asset-relations/", {"source": owned.pk, "target": 999999, "kind": "depends_on"}
    )
    assert missing.status_code == 400 and "target" in missing.json()
    assert not AssetRelation.objects.exists()


def test_duplicate_relation_is_400(client_for, agent, owned, others):
    body = {"source": owned.pk, "target": others.pk, "kind": "depends_on"}
    assert client_for(agent).post("/api/v1/asset-relations/", body).status_code == 201
    assert client_for(agent).post("/api/v1/asset-relations/", body).status_code == 400
    assert AssetRelation.objects.count() == 1


def test_huge_strings_and_bad_ip_are_400(client_for, agent, room, category):
    body = {
        "tag": "D010210-060",
        "name": "x" * 10_000,
        "category": category.pk,
        "ip_address": "999.1.1.1",
        "notes": "n" * 100_000,
    }
    response = client_for(agent).post("/api/v1/assets/", body)
    assert response.status_code == 400
    assert {"name", "ip_address", "notes"} <= set(response.json())
    assert not Asset.objects.exists()


def test_html_in_text_is_stored_as_text(client_for, agent, room, category):
    body = {"tag": "D010210-061", "name": "<script>alert(1)</script>", "category": category.pk}
    response = client_for(agent).post("/api/v1/assets/", body)
    assert response.status_code == 201
    assert response.json()["name"] == "<script>alert(1)</script>"


# --- next tag -----------------------------------------------------------------------------


def test_next_tag_is_the_lowest_free_number_gaps_included(client_for, agent, room, category):
    for number in (1, 2, 4):
        factories.AssetFactory(room=room, category=category, tag=f"D010210-{number:03d}")
    response = client_for(agent).get("/api/v1/assets/next-tag/", {"room": room.pk})
    assert response.status_code == 200
    assert response.json() == {"tag": "D010210-003"}


def test_next_tag_in_an_empty_room(client_for, agent, room):
    assert client_for(agent).get("/api/v1/assets/next-tag/", {"room": room.pk}).json() == {
        "tag": "D010210-001"
    }


def test_next_tag_when_the_room_is_full(client_for, agent, room, category):
    Asset.objects.bulk_create(
        [
            Asset(tag=f"D010210-{n:03d}", name="x", category=category, room=room)
            for n in range(1, 1000)
        ]
    )
    response = client_for(agent).get("/api/v1/assets/next-tag/", {"room": room.pk})
    assert response.status_code == 409
    assert "full" in response.json()["room"][0]


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_next_tag_bad_room_is_400(client_for, agent, value):
    response = client_for(agent).get("/api/v1/assets/next-tag/", {"room": value})
    assert response.status_code == 400
    assert "room" in response.json()


# --- import -------------------------------------------------------------------------------


def _post_import(client, name: str, data: bytes, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(f"/api/v1/assets/import/?{query}", {"file": upload}, format="multipart")


def _csv(rows: list[str]) -> bytes:
    return ("tag,name,category,status,owner\n" + "\n".join(rows) + "\n").encode()


def test_import_creates_every_row(client_for, agent, room, category, requester):
    rows = [f"D010210-{n:03d},PC {n},PC,in_use,{requester.username}" for n in range(1, 51)]
    response = _post_import(client_for(agent), "items.csv", _csv(rows))
    assert response.status_code == 200, response.json()
    assert response.json() == {"created": 50, "updated": 0, "errors": []}
    assert Asset.objects.filter(owner=requester).count() == 50
    assert Asset.history.filter(history_type="+").count() == 50


def test_one_bad_row_among_many_writes_nothing(client_for, agent, room, category):
    rows = [f"D010210-{n:03d},PC {n},PC,in_use," for n in range(1, 41)]
    rows[29] = "D010210-030,PC 30,NOPE,in_use,"
    rows[34] = "D01021-035,PC 35,PC,in_use,"
    response = _post_import(client_for(agent), "items.csv", _csv(rows))
    assert response.status_code == 400
    body = response.json()
    assert body["created"] == 0
    assert {(e["row"], e["field"]) for e in body["errors"]} == {(31, "category"), (36, "tag")}
    assert not Asset.objects.exists()


def test_dry_run_writes_nothing(client_for, agent, room, category):
    response = _post_import(
        client_for(agent), "items.csv", _csv(["D010210-001,PC,PC,,"]), dry_run=1
    )
    assert response.status_code == 200
    assert response.json()["created"] == 1
    assert not Asset.objects.exists()


def test_existing_tags_update_only_when_asked(client_for, agent, room, category):
    factories.AssetFactory(room=room, category=category, tag="D010210-001", name="Old")
    data = _csv(["D010210-001,New name,PC,maintenance,"])
    refused = _post_import(client_for(agent), "items.csv", data)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "tag"
    accepted = _post_import(client_for(agent), "items.csv", data, update=1)
    assert accepted.json() == {"created": 0, "updated": 1, "errors": []}
    asset = Asset.objects.get(tag="D010210-001")
    assert (asset.name, asset.status) == ("New name", "maintenance")


def test_duplicate_tag_inside_the_file(client_for, agent, room, category):
    response = _post_import(
        client_for(agent), "items.csv", _csv(["D010210-001,a,PC,,", "d010210-001,b,PC,,"])
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["row"] == 3


def test_xlsx_with_chinese_headers(client_for, agent, room, category, requester):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["标签", "名称", "设备类别", "状态", "责任人", "IP地址"])
    sheet.append(
        ["Ｄ０１０２１０－００７", "财务电脑", "PC", "在用", requester.username, "10.1.2.7"]
    )
    sheet.append(["D010210-008", "财务打印机", "PC", "维修中", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _post_import(client_for(agent), "资产.xlsx", buffer.getvalue())
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 2
    printer = Asset.objects.get(tag="D010210-008")
    assert printer.status == "maintenance"
    assert Asset.objects.get(tag="D010210-007").owner == requester


def test_gbk_encoded_csv_from_chinese_excel(client_for, agent, room, category):
    data = "标签,名称,设备类别\nD010210-001,财务电脑,PC\n".encode("gb18030")
    assert _post_import(client_for(agent), "items.csv", data).status_code == 200


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("items.xlsx", b"PK\x03\x04 this is not really a zip"),
        ("items.xlsx", b"plain text pretending"),
        ("photo.png", b"\x89PNG\r\n\x1a\n"),
        ("items.csv", b""),
        ("items.csv", b"\x00\x01\x02binary"),
    ],
)
def test_unreadable_file_is_400_on_file(client_for, agent, name, data):
    response = _post_import(client_for(agent), name, data)
    assert response.status_code == 400
    assert "file" in response.json()


def test_missing_file_and_missing_columns(client_for, agent):
    assert "file" in client_for(agent).post("/api/v1/assets/import/", {}, format="multipart").json()
    response = _post_import(client_for(agent), "items.csv", b"name,model\nx,y\n")
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"tag", "category"}


def test_oversized_import_is_refused(client_for, agent, settings):
    settings.IMPORT_MAX_BYTES = 1024
    response = _post_import(client_for(agent), "items.csv", b"tag,name,category\n" + b"x" * 2048)
    assert response.status_code == 400
    assert "file" in response.json()


def test_requester_cannot_import(client_for, requester):
    assert _post_import(client_for(requester), "items.csv", _csv([])).status_code == 403


# --- impact -------------------------------------------------------------------------------


def test_impact_follows_dependencies_transitively_and_survives_a_cycle(
    client_for, agent, room, category
):
    switch, server, app, db, printer = (
        factories.AssetFactory(room=room, category=category, tag=f"D010210-{n:03d}")
        for n in range(1, 6)
    )
    AssetRelation.objects.create(source=server, target=switch, kind="depends_on")
    AssetRelation.objects.create(source=app, target=server, kind="runs_on")
    AssetRelation.objects.create(source=db, target=app, kind="depends_on")
    AssetRelation.objects.create(source=switch, target=db, kind="depends_on")  # the cycle
    AssetRelation.objects.create(source=printer, target=switch, kind="connected_to")  # not impact
    response = client_for(agent).get(f"/api/v1/assets/{switch.pk}/impact/")
    assert response.status_code == 200
    body = response.json()
    assert [a["tag"] for a in body["assets"]] == [server.tag, app.tag, db.tag]
    assert body["services"] == []


def test_impact_of_an_item_nobody_depends_on(client_for, agent, owned):
    assert client_for(agent).get(f"/api/v1/assets/{owned.pk}/impact/").json()["assets"] == []


def test_requester_impact_of_others_item_is_404(client_for, requester, others):
    assert client_for(requester).get(f"/api/v1/assets/{others.pk}/impact/").status_code == 404


# --- filters, search, export, query counts ---------------------------------------------


def test_filters_and_search(client_for, agent, room, category):
    other_room = factories.RoomFactory(building=room.building, code="0305")
    factories.AssetFactory(
        room=room,
        category=category,
        tag="D010210-001",
        serial_number="SN-1",
        ip_address="10.1.2.3",
        status="in_stock",
    )
    factories.AssetFactory(room=other_room, category=category, tag="D010305-001", name="Printer")
    client = client_for(agent)
    assert client.get("/api/v1/assets/", {"room": other_room.pk}).json()["count"] == 1
    assert client.get("/api/v1/assets/", {"status": "in_stock"}).json()["count"] == 1
    assert client.get("/api/v1/assets/", {"building": room.building.pk}).json()["count"] == 2
    for term in ("ｄ010305", "printer", "SN-1", "10.1.2"):
        assert client.get("/api/v1/assets/", {"search": term}).json()["count"] == 1, term
    assert client.get("/api/v1/assets/", {"status": "bogus"}).status_code == 400


def test_export_csv_and_xlsx_follow_filters(client_for, agent, room, category):
    factories.AssetFactory(
        room=room, category=category, tag="D010210-001", name="=cmd|' /C calc'!A0"
    )
    factories.AssetFactory(room=room, category=category, tag="D010210-002", status="retired")
    client = client_for(agent)
    csv_body = (
        client.get("/api/v1/assets/export/", {"as": "csv", "status": "in_use"}).getvalue().decode()
    )
    assert "D010210-001" in csv_body and "D010210-002" not in csv_body
    assert "'=cmd" in csv_body  # formula injection defused
    xlsx = client.get("/api/v1/assets/export/", {"as": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.getvalue())).active.iter_rows(values_only=True))
    assert rows[0][0] == "tag" and len(rows) == 3
    assert client.get("/api/v1/assets/export/", {"as": "pdf"}).status_code == 400


@pytest.mark.parametrize("count", [10, 100])
def test_list_query_count_is_constant(
    client_for, agent, room, category, count, django_assert_max_num_queries
):
    unit = factories.CustomerUnitFactory()
    owner = factories.UserFactory()
    Asset.objects.bulk_create(
        [
            Asset(
                tag=f"D010210-{n:03d}",
                name="x",
                category=category,
                room=room,
                owner=owner,
                customer_unit=unit,
            )
            for n in range(1, count + 1)
        ]
    )
    with django_assert_max_num_queries(4):
        response = client_for(agent).get("/api/v1/assets/", {"page_size": 200})
    assert response.json()["count"] == count


def test_room_and_building_lists(client_for, agent, room):
    assert (
        client_for(agent).get("/api/v1/rooms/", {"building": room.building.pk}).json()["count"] == 1
    )
    assert Room.objects.get().floor == "02"
