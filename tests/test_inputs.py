"""common/inputs.py: the one parser of ids, dates, JSON, single-line text and `next`."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from common import inputs
from tests import factories


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("42", 42),
        (42, 42),
        ("\u00b2", None),  # superscript two: isdigit() but not int()
        ("\u0663", None),  # Arabic-Indic three: int() reads it as 3
        ("0", None),
        ("-1", None),
        (" 4", None),
        ("4.0", None),
        ("", None),
        (None, None),
        (True, None),
        (str(2**63 - 1), 2**63 - 1),
        (str(2**63), None),
        ("9" * 40, None),
    ],
)
def test_parse_id_takes_ascii_digits_in_the_database_range(raw, expected):
    assert inputs.parse_id(raw) == expected


def test_parse_id_bounds_versions_to_a_32_bit_column():
    assert inputs.parse_id(str(2**31), maximum=inputs.INT_MAX) is None


@given(st.text(max_size=25))
def test_parse_id_never_raises(text):
    value = inputs.parse_id(text)
    assert value is None or (text.isascii() and 1 <= value <= inputs.ID_MAX)


@pytest.mark.parametrize(
    "raw", ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01", "2026-02-30", "20261201", ""]
)
def test_parse_date_refuses_malformed_and_out_of_range_dates(raw):
    with pytest.raises(ValidationError):
        inputs.parse_date(raw)


def test_parse_date_and_month_accept_the_bounds():
    assert inputs.parse_date("2000-01-01") == dt.date(2000, 1, 1)
    assert inputs.parse_date(" 2100-12-31 ") == dt.date(2100, 12, 31)
    assert inputs.parse_month("2026-12") == dt.date(2026, 12, 1)
    for bad in ("9999-12", "2026-13", "2026-1", "\u00b2026-01"):
        with pytest.raises(ValidationError):
            inputs.parse_month(bad)


def test_load_json_bounds_the_nesting():
    assert inputs.load_json("[" * 32 + "]" * 32) is not None
    for text in (
        "[" * 33 + "]" * 33,
        "[" * 100_000 + "]" * 100_000,
        '{"a": ' * 40 + "1" + "}" * 40,
    ):
        with pytest.raises(inputs.InvalidJSON, match="32"):
            inputs.load_json(text)
    with pytest.raises(inputs.InvalidJSON, match="line 1"):
        inputs.load_json("{")


@pytest.mark.parametrize(
    "text", ["a\rb", "a\nb", "tab\there", "nul\x00", "del\x7f", "c1\x85", "ls\u2028", "ps\u2029"]
)
def test_control_characters_are_refused_in_single_line_fields(text):
    assert inputs.has_control_characters(text)
    with pytest.raises(ValidationError):
        inputs.validate_single_line(text)


def test_ordinary_text_is_a_single_line():
    for text in ("打印机卡纸 Printer jam", "émoji 🖨️ with ZWJ \u200d", "a  b"):
        inputs.validate_single_line(text)


def test_single_line_folds_control_characters():
    assert inputs.single_line("Printer\r\njams\tagain\u2028now") == "Printer jams again now"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/desk/?queue=all&page=2", "/desk/?queue=all&page=2"),
        ("https://evil.example/", "/desk/"),
        ("//evil.example/", "/desk/"),
        ("/\\evil.example/", "/desk/"),
        ("javascript:alert(1)", "/desk/"),
        ("a:b", "/desk/"),
        ("desk", "/desk/"),
        ("", "/desk/"),
    ],
)
def test_safe_next_keeps_only_paths_on_this_site(target, expected):
    request = RequestFactory().post("/desk/bulk-assign/", {"next": target})
    assert inputs.safe_next(request, "incidents:desk") == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("target", "lands_on"),
    [
        ("https://evil.example/phish", "/desk/"),
        ("a:b", "/desk/"),
        ("/desk/?queue=all", "/desk/?queue=all"),
    ],
)
def test_bulk_assign_returns_only_to_a_page_of_this_site(client, target, lands_on):
    group = factories.SupportGroupFactory()
    agent = factories.UserFactory(role="agent")
    group.members.add(agent)
    ticket = factories.TicketFactory(assignment_group=group, status="new")
    client.force_login(agent)
    response = client.post(
        "/desk/bulk-assign/",
        {"ticket": [ticket.pk], "assignment_group": group.pk, "next": target},
    )
    assert response.status_code == 302 and response["Location"] == lands_on
