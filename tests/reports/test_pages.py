"""Dashboard, live view, monthly report: who sees them, what they show, and that each
figure's link lists exactly the tickets it counts."""

import datetime as dt
import io
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from openpyxl import load_workbook

from reports import metrics
from reports.scope import Scope
from reports.views import figure_links
from tests import factories
from tests.reports.test_summary import WEEK, desk  # noqa: F401  (the hand-built desk)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "status"),
    [("requester", 403), ("agent", 200), ("manager", 200), ("admin_user", 200)],
)
@pytest.mark.parametrize("url", ["/reports/", "/reports/live/", "/reports/monthly/"])
def test_pages_follow_the_role_table(request, client, role, status, url):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url).status_code == status


def test_anonymous_goes_to_login(client):
    response = client.get("/reports/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-11-30", "to": "2026-11-01"},
        {"from": "1970-01-01", "to": "2026-01-01"},
        {"group": "999999"},
        {"from": "not-a-date"},
    ],
)
def test_bad_period_gets_a_400_page_with_the_reason(client, manager, params):
    client.force_login(manager)
    response = client.get("/reports/", params)
    assert response.status_code == 400
    assert 'data-testid="report-error"' in response.content.decode()


def test_dashboard_shows_the_figures(client, manager, desk):  # noqa: F811
    client.force_login(manager)
    html = client.get("/reports/", {"from": "2026-11-02", "to": "2026-11-08"}).content.decode()
    assert 'data-testid="kpi-value-tickets_opened">7' in html
    assert 'data-testid="kpi-value-first_contact_resolution_percent">66.7' in html
    assert "T3" in html  # ping-pong list
    assert 'id="chart-flow"' in html and "<script>" not in html  # data, not code


def _desk_count(client, link: str) -> int:
    query = {k: v[0] for k, v in parse_qs(urlparse(link).query).items()}
    response = client.get("/desk/", query)
    assert response.status_code == 200
    return response.context["page"].paginator.count


def test_each_figure_links_to_the_tickets_it_counts(client, manager, desk):  # noqa: F811
    client.force_login(manager)
    figures = metrics.summary(WEEK)
    links = figure_links(WEEK)
    assert _desk_count(client, links["tickets_opened"]) == figures["tickets_opened"]
    assert _desk_count(client, links["tickets_resolved"]) == figures["tickets_resolved"]
    assert _desk_count(client, links["backlog"]) == figures["backlog"]
    resolved = figures["tickets_resolved"]
    fcr = round(100 * _desk_count(client, links["first_contact_resolution_percent"]) / resolved, 1)
    assert fcr == figures["first_contact_resolution_percent"]
    assert _desk_count(client, links["reassignment_rate"]) == 1
    assert _desk_count(client, links["reopen_rate"]) == 1
    breaches = metrics.breaches_now(WEEK)
    assert _desk_count(client, links["breached_now"]) == breaches["breached"] == 1  # T6


def test_links_keep_the_filters(client, manager, desk):  # noqa: F811
    group = desk["group_b"].pk
    scope = Scope(start=WEEK.start, end=WEEK.end, group_ids=frozenset({group}), priority=5)
    client.force_login(manager)
    figures = metrics.summary(scope)
    links = figure_links(scope)
    assert _desk_count(client, links["tickets_opened"]) == figures["tickets_opened"] == 2


@pytest.mark.parametrize("count", [5, 60])
def test_dashboard_query_count_does_not_grow(
    client, manager, group, count, django_assert_max_num_queries
):
    requester = factories.UserFactory()
    factories.TicketFactory.create_batch(
        count, requester=requester, assignment_group=group, reassignment_count=1
    )
    factories.ArticleFactory.create_batch(count, helpful_count=1, not_helpful_count=2)
    client.force_login(manager)
    # On PostgreSQL the first request also builds the roll-up's days and today's passed
    # hours (a fixed few queries); the roll-up is read once per period for the tiles, the
    # channels and planned work, once for both charts, once per table. +3 for approvals:
    # the decisions of this and the previous period (the breakdown is made from the first),
    # and the manager's overdue count. The knowledge base adds eight: two figures for each
    # period, the card's four lists.
    # SQLite computes every figure from the tickets: a query or more per figure.
    with django_assert_max_num_queries(52):
        assert client.get("/reports/").status_code == 200
    with django_assert_max_num_queries(34 if connection.vendor == "postgresql" else 48):
        assert client.get("/reports/").status_code == 200


def test_agent_dashboard_only_offers_their_groups(client, agent, group):
    other = factories.SupportGroupFactory(name="Somebody else's")
    client.force_login(agent)
    html = client.get("/reports/").content.decode()
    assert group.name in html and other.name not in html
    assert client.get("/reports/", {"group": other.pk}).status_code == 403


def test_live_view_lists_what_breaches_within_the_hour(client, manager, desk):  # noqa: F811
    client.force_login(manager)
    html = client.get("/reports/live/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="live-breached">1<' in html  # T6
    assert "<html" not in html  # the partial that htmx swaps in


def test_monthly_report_page_and_xlsx(client, manager, desk):  # noqa: F811
    client.force_login(manager)
    html = client.get("/reports/monthly/", {"month": "2026-11"}).content.decode()
    assert 'data-testid="monthly-report"' in html and "2026-11-01" in html
    response = client.get("/reports/monthly/", {"month": "2026-11", "as": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 6
    rows = list(book.worksheets[0].values)
    assert ("Opened", 7, 1, 6, None) in [tuple(r) for r in rows]  # October: T7


def test_monthly_report_refuses_a_bad_month(client, manager):
    client.force_login(manager)
    response = client.get("/reports/monthly/", {"month": "2026-13"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_previous_period_is_the_same_length_just_before():
    scope = Scope(start=dt.date(2026, 11, 2), end=dt.date(2026, 11, 8))
    before = scope.previous()
    assert (before.start, before.end) == (dt.date(2026, 10, 26), dt.date(2026, 11, 1))
