"""The DZZXXXX-YYY tag rule through every entry point: pure module, model, form, API,
import, and straight into the database (the CHECK constraint)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from assets import tags
from assets.forms import AssetForm
from assets.importer import import_assets
from assets.models import Asset
from tests import factories

GOOD = [
    ("D010210-009", "D010210-009"),
    ("D010210-001", "D010210-001"),
    ("D010210-999", "D010210-999"),
    ("d010210-009", "D010210-009"),  # lower case folded
    ("  D010210-009  ", "D010210-009"),  # spaces trimmed
    ("\tD010210-009\n", "D010210-009"),
    ("Ｄ０１０２１０－００９", "D010210-009"),  # full-width from a Chinese IME
    ("D010210－009", "D010210-009"),  # full-width hyphen only
    ("D010210—009", "D010210-009"),  # em dash typed for a hyphen
    ("ｄ010210-010", "D010210-010"),
    ("D010210-100", "D010210-100"),
]
BAD = [
    "",
    "   ",
    "D010210-000",  # machine numbers start at 001
    "D010210-1000",
    "D010210-09",
    "D01021-009",
    "D0102100-009",
    "E010210-009",
    "010210-009",
    "DD010210-009",
    "D010210009",
    "D010210_009",
    "D010210 009",
    "D01 0210-009",
    "D0A0210-009",
    "D010210-00A",
    "D010210-009X",
    "XD010210-009",
    "D010210--009",
    "D-010210-009",
    "D０１0210-0O9",  # letter O for zero
    "D010210-009\x00",
    "<script>D010210-009</script>",
    "D" + "0" * 200,
    "ＤＯ１０２１０－００９",
]


@pytest.mark.parametrize(("raw", "expected"), GOOD)
def test_good_tags_normalise(raw, expected):
    assert str(tags.parse(raw)) == expected


@pytest.mark.parametrize("raw", BAD)
def test_bad_tags_are_refused(raw):
    with pytest.raises(tags.InvalidTag):
        tags.parse(raw)


def test_parts_of_a_tag():
    tag = tags.parse("D010210-009")
    assert (tag.building, tag.room, tag.floor, tag.machine, tag.room_key) == (
        "01",
        "0210",
        "02",
        9,
        "010210",
    )


@given(building=st.integers(0, 99), room=st.integers(0, 9999), machine=st.integers(1, 999))
def test_every_formatted_tag_parses_back(building, room, machine):
    text = tags.format_tag(f"{building:02d}", f"{room:04d}", machine)
    parsed = tags.parse(text)
    assert (int(parsed.building), int(parsed.room), parsed.machine) == (building, room, machine)


def test_lowest_free_machine():
    assert tags.lowest_free_machine(set()) == 1
    assert tags.lowest_free_machine({1, 2, 4}) == 3
    assert tags.lowest_free_machine(set(range(1, 1000))) is None


# --- through Django --------------------------------------------------------------------


@pytest.fixture
def room(db):
    return factories.RoomFactory()


@pytest.fixture
def category(db):
    return factories.AssetCategoryFactory()


@pytest.mark.parametrize(("raw", "expected"), GOOD)
def test_model_accepts_and_normalises(room, category, raw, expected):
    asset = Asset(tag=raw, name="x", category=category)
    asset.apply_tag(asset.tag)
    asset.full_clean()
    asset.save()
    assert Asset.objects.get(pk=asset.pk).tag == expected
    assert asset.room == room


@pytest.mark.parametrize("raw", BAD)
def test_model_refuses_with_the_rule_in_the_message(room, category, raw):
    asset = Asset(tag=raw, name="x", category=category)
    with pytest.raises(ValidationError) as info:
        asset.full_clean()
    assert "D010210-009" in " ".join(info.value.message_dict["tag"])
    assert not Asset.objects.exists()


@pytest.mark.parametrize("raw", BAD)
def test_form_refuses(room, category, raw):
    form = AssetForm(data={"tag": raw, "name": "x", "category": category.pk, "status": "in_use"})
    assert not form.is_valid()
    assert "tag" in form.errors


@pytest.mark.parametrize(("raw", "expected"), GOOD)
def test_form_accepts(room, category, raw, expected):
    form = AssetForm(data={"tag": raw, "name": "x", "category": category.pk, "status": "in_use"})
    assert form.is_valid(), form.errors
    assert form.save().tag == expected


@pytest.mark.parametrize("raw", BAD)
def test_api_refuses_with_400_on_tag(room, category, raw, client_for, agent):
    body = {"tag": raw, "name": "x", "category": category.pk}
    response = client_for(agent).post("/api/v1/assets/", body, format="json")
    assert response.status_code == 400
    assert "tag" in response.json()
    assert not Asset.objects.exists()


@pytest.mark.parametrize(("raw", "expected"), GOOD)
def test_api_accepts(room, category, raw, expected, client_for, agent):
    body = {"tag": raw, "name": "x", "category": category.pk}
    response = client_for(agent).post("/api/v1/assets/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["tag"] == expected


def test_api_tag_message_in_chinese(room, category, client_for, agent):
    response = client_for(agent).post(
        "/api/v1/assets/",
        {"tag": "D01-0210", "name": "x", "category": category.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert "楼栋" in response.json()["tag"][0]


@pytest.mark.parametrize(
    "raw", [b for b in BAD if "\x00" not in b and len(b) < 100 and "," not in b]
)
def test_import_refuses(room, category, raw):
    csv = f"tag,name,category\n{raw},x,{category.code}\n".encode()
    report = import_assets("items.csv", csv)
    assert report.errors and report.errors[0]["field"] == "tag"
    assert not Asset.objects.exists()


@pytest.mark.parametrize(("raw", "expected"), GOOD)
def test_import_accepts(room, category, raw, expected):
    if "\t" in raw or "\n" in raw:
        raw = raw.strip()
    report = import_assets("items.csv", f'tag,name,category\n"{raw}",x,{category.code}\n'.encode())
    assert not report.errors, report.errors
    assert Asset.objects.get().tag == expected


# --- the database itself refuses ------------------------------------------------------------


@pytest.mark.parametrize("raw", ["D010210-000", "d010210-009", "D010210-9", "X", "D0102100009"])
def test_database_check_constraint_refuses_bad_tags(room, category, raw):
    """Even bulk_create, which skips all Python validation, cannot store a bad tag."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Asset.objects.bulk_create([Asset(tag=raw, name="x", category=category, room=room)])


def test_database_refuses_a_tag_that_names_another_room(room, category):
    factories.RoomFactory(building=room.building, code="0305")
    with pytest.raises(IntegrityError), transaction.atomic():
        Asset.objects.bulk_create(
            [Asset(tag="D010305-001", name="x", category=category, room=room)]
        )


def test_database_refuses_raw_sql_insert(room, category):
    table = Asset._meta.db_table
    sql = (
        f"INSERT INTO {table} (tag, name, category_id, status, serial_number, model, notes, "
        f"room_key, created_at, updated_at) VALUES (%s, 'x', %s, 'in_use', '', '', '', %s, "
        f"CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
    )
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, ["D010210-000", category.pk, room.key])
    with connection.cursor() as cursor:  # the same statement with a good tag goes in
        cursor.execute(sql, ["D010210-009", category.pk, room.key])
    assert Asset.objects.filter(tag="D010210-009").exists()


def test_unknown_building_and_room_are_named(room, category):
    for raw, word in (("D990210-001", "Building 99"), ("D019999-001", "Room 9999")):
        with pytest.raises(ValidationError) as info:
            Asset(tag=raw, name="x", category=category).full_clean()
        assert word in info.value.message_dict["tag"][0]


def test_duplicate_tag_after_normalising_is_refused(room, category, client_for, agent):
    factories.AssetFactory(room=room, tag="D010210-009", category=category)
    response = client_for(agent).post(
        "/api/v1/assets/", {"tag": " d010210-009", "name": "x", "category": category.pk}
    )
    assert response.status_code == 400
    assert "tag" in response.json()
    assert Asset.objects.count() == 1
