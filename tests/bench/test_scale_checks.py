"""The scale benchmark refuses to time empty answers and catches grown figures."""

from types import SimpleNamespace

import pytest

from bench import scale

README_TABLE = """
| scenario | target | c1 p50 | c1 p95 | SQL | met |
|---|---|---|---|---|---|
| desk: all tickets | p95 < 100 ms | 85 | 113 | 11 | no |
| floor: login check, no data | p95 < 100 ms | 2.5 | 3 | 2 | yes |

Some text.
"""


def _row(name, queries, p50):
    return {"name": name, "results": {"c1": {"queries": queries, "p50_ms": p50}}}


def test_recorded_figures_read_the_table_by_column_names():
    figures = scale.recorded_figures(README_TABLE)
    assert figures["desk: all tickets"] == {"sql": 11.0, "p50": 85.0}
    assert figures["floor: login check, no data"] == {"sql": 2.0, "p50": 2.5}


def test_sql_growth_by_more_than_half_is_a_regression():
    figures = scale.recorded_figures(README_TABLE)
    assert scale.regressions([_row("desk: all tickets", 16, 400)], figures) == []
    assert scale.regressions([_row("desk: all tickets", 17, 85)], figures) == [
        "desk: all tickets: 17 SQL queries, 11 recorded"
    ]


def test_only_the_floor_is_held_to_its_time():
    figures = scale.recorded_figures(README_TABLE)
    assert scale.regressions([_row("floor: login check, no data", 2, 3.7)], figures) == []
    assert len(scale.regressions([_row("floor: login check, no data", 2, 3.8)], figures)) == 1


@pytest.mark.parametrize(
    ("html", "count"),
    [
        ('<span data-testid="queue-count">1,234 个工单</span>', 1234),
        ('<span data-testid="asset-count">20 items</span>', 20),
        ('<span data-testid="queue-count">0 tickets</span>', 0),
        ("<p>nothing</p>", 0),
    ],
)
def test_shown_count(html, count):
    assert scale._shown_count(html) == count


def test_an_empty_desk_page_is_not_measured():
    empty = SimpleNamespace(text='<div id="queue-results"><span data-testid="queue-count">0</span>')
    full = SimpleNamespace(
        text='<div id="queue-results"><span data-testid="queue-count">3 tickets</span>'
        '<a href="/desk/tickets/7/">INC7</a>'
    )
    assert scale.CHECKS["desk rows"](empty) == "the list's count is 0 (or missing)"
    assert scale.CHECKS["desk rows"](full) is None


def test_an_empty_api_list_is_not_measured():
    answer = SimpleNamespace(json=lambda: {"count": 0, "results": []})
    assert scale.CHECKS["api rows"](answer) == "count 0 with 0 results"


def test_a_form_post_counts_only_when_it_lands_on_the_new_ticket():
    check = scale.CHECKS["redirected to the ticket"]
    assert check(SimpleNamespace(headers={"Location": "/portal/tickets/1001/"})) is None
    assert check(SimpleNamespace(headers={"Location": "/accounts/login/"})) is not None
    assert check(SimpleNamespace(headers={})) is not None
    facts = {
        "search_words": {"common_en": {"word": "VPN"}},
        "ticket_page_ids": [1],
        "group_ids": {"other": [1]},
        "create_ticket_body": {"title": "Printer", "description": "", "impact": 3},
    }
    portal = next(s for s in scale.scenarios(facts) if s.name.startswith("portal: new ticket"))
    assert portal.body(facts, 7) == {"title": "Printer #7", "description": "", "urgency": 2}
    assert portal.form and portal.expect == 302 and portal.target == ("rps_c8", 100)
