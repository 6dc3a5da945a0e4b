"""Form schemas: bad schemas refused with the reason; answers checked per type."""

import pytest
from django.core.exceptions import ValidationError

from catalog.formschema import FormDataInvalid, build_form, validate_form_data, validate_schema
from tests import factories

GOOD_SCHEMA = [
    {
        "name": "summary",
        "label": "Summary",
        "label_zh": "摘要",
        "type": "text",
        "required": True,
        "max_length": 50,
    },
    {"name": "details", "label": "Details", "type": "textarea"},
    {"name": "count", "label": "How many", "type": "number", "min": 1, "max": 10},
    {"name": "when", "label": "When", "type": "date", "min": "2026-01-01", "max": "2027-12-31"},
    {
        "name": "colour",
        "label": "Colour",
        "type": "choice",
        "choices": ["red", {"value": "blue", "label": "Blue", "label_zh": "蓝色"}],
    },
    {"name": "device", "label": "Device", "type": "asset"},
    {"name": "phone", "label": "Phone", "type": "phone"},
]


def test_good_schema_passes():
    validate_schema(GOOD_SCHEMA)
    validate_schema([])


@pytest.mark.parametrize(
    ("schema", "reason"),
    [
        ("not a list", "must be a list"),
        ({"name": "x"}, "must be a list"),
        (["text"], "each field is an object"),
        ([{"name": "x", "label": "X", "type": "colour"}], "type must be one of"),
        (
            [
                {"name": "x", "label": "X", "type": "text"},
                {"name": "x", "label": "Y", "type": "text"},
            ],
            "used twice",
        ),
        ([{"name": "Bad Name", "label": "X", "type": "text"}], "lower-case"),
        ([{"name": "x", "type": "text"}], "label"),
        ([{"name": "x", "label": "X", "type": "choice"}], "non-empty list of choices"),
        ([{"name": "x", "label": "X", "type": "choice", "choices": []}], "non-empty list"),
        ([{"name": "x", "label": "X", "type": "choice", "choices": ["a", "a"]}], "different"),
        ([{"name": "x", "label": "X", "type": "text", "choices": ["a"]}], "only choice fields"),
        ([{"name": "x", "label": "X", "type": "text", "max_length": 0}], "max_length"),
        ([{"name": "x", "label": "X", "type": "text", "max_length": "5"}], "max_length"),
        ([{"name": "x", "label": "X", "type": "number", "min": "a"}], "must be a number"),
        ([{"name": "x", "label": "X", "type": "number", "min": 5, "max": 1}], "greater than"),
        ([{"name": "x", "label": "X", "type": "date", "min": "2026-02-30"}], "must be a date"),
        ([{"name": "x", "label": "X", "type": "text", "required": "yes"}], "true or false"),
        ([{"name": "x", "label": "X", "type": "text", "colour": "red"}], "unknown keys"),
        ([{"name": f"f{n}", "label": "X", "type": "text"} for n in range(41)], "at most 40"),
    ],
)
def test_bad_schemas_are_refused_with_the_reason(schema, reason):
    with pytest.raises(ValidationError) as info:
        validate_schema(schema)
    assert reason in " ".join(info.value.messages)


def _errors(data, requester=None):
    with pytest.raises(FormDataInvalid) as info:
        validate_form_data(GOOD_SCHEMA, data, requester)
    return info.value.errors


def test_answers_are_cleaned():
    cleaned = validate_form_data(
        GOOD_SCHEMA,
        {
            "summary": "  Printer  ",
            "count": "3",
            "when": "2026-10-01",
            "colour": "blue",
            "phone": "+86 138 1234 5678",
        },
        None,
    )
    assert cleaned == {
        "summary": "Printer",
        "count": 3,
        "when": "2026-10-01",
        "colour": "blue",
        "phone": "13812345678",
    }


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "summary", "required"),
        ({"summary": "   "}, "summary", "required"),
        ({"summary": "x" * 51}, "summary", "At most 50"),
        ({"summary": 5}, "summary", "Enter text"),
        ({"summary": "ok", "details": "x" * 100_000}, "details", "At most 4000"),
        ({"summary": "ok", "count": "many"}, "count", "Enter a number"),
        ({"summary": "ok", "count": 0}, "count", "At least 1"),
        ({"summary": "ok", "count": 11}, "count", "At most 10"),
        ({"summary": "ok", "count": True}, "count", "Enter a number"),
        ({"summary": "ok", "count": float("nan")}, "count", "Enter a number"),
        ({"summary": "ok", "when": "2026-02-30"}, "when", "real date"),
        ({"summary": "ok", "when": "30/01/2026"}, "when", "real date"),
        ({"summary": "ok", "when": "2025-12-31"}, "when", "On or after"),
        ({"summary": "ok", "colour": "green"}, "colour", "offered options"),
        ({"summary": "ok", "phone": "12345"}, "phone", "Chinese mobile"),
        ({"summary": "ok", "device": "D010210-001"}, "device", "not one of your devices"),
        ({"summary": "ok", "device": "laptop"}, "device", "by its tag"),
        ({"summary": "ok", "nonsense": 1}, "nonsense", "Unknown field"),
    ],
)
def test_bad_answers_name_the_field(data, field, message, db):
    errors = _errors(data, factories.UserFactory())
    assert field in errors
    assert message in errors[field][0]


def test_answers_must_be_an_object():
    assert "non_field_errors" in _errors(["a"])


def test_asset_must_be_the_requesters_own(db):
    owner = factories.UserFactory()
    other = factories.UserFactory()
    asset = factories.AssetFactory(owner=owner)
    schema = [{"name": "device", "label": "Device", "type": "asset", "required": True}]
    assert validate_form_data(schema, {"device": asset.tag.lower()}, owner) == {"device": asset.tag}
    with pytest.raises(FormDataInvalid):
        validate_form_data(schema, {"device": asset.tag}, other)


def test_portal_form_uses_the_same_validation(db):
    user = factories.UserFactory()
    form = build_form(
        GOOD_SCHEMA, user, data={"f-summary": "", "f-count": "99", "f-when": "2026-02-30"}
    )
    assert not form.is_valid()
    assert set(form.errors) == {"summary", "count", "when"}
    good = build_form(GOOD_SCHEMA, user, data={"f-summary": "Hi", "f-count": "2"})
    assert good.is_valid(), good.errors
    assert good.cleaned_answers == {"summary": "Hi", "count": 2}


def test_asset_field_offers_the_requesters_devices(db):
    user = factories.UserFactory()
    mine = factories.AssetFactory(owner=user, name="My PC")
    factories.AssetFactory(name="Not mine")
    form = build_form([{"name": "device", "label": "Device", "type": "asset"}], user)
    labels = [label for _, label in form.fields["device"].choices]
    assert any(mine.tag in label for label in labels)
    assert not any("Not mine" in label for label in labels)
