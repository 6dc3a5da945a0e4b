"""`GET /api/v1/reports/summary/`: role table, filters, bad input."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/summary/"
FIELDS = {
    "tickets_opened",
    "tickets_resolved",
    "backlog",
    "response_sla_met_percent",
    "resolution_sla_met_percent",
    "mean_time_to_respond_minutes",
    "mean_time_to_resolve_minutes",
    "first_contact_resolution_percent",
    "reassignment_rate",
    "reopen_rate",
    "csat_average",
    "csat_responses",
    "promises_kept_percent",
}


def test_manager_gets_every_field(client_for, manager):
    body = client_for(manager).get(URL, {"from": "2026-11-01", "to": "2026-11-30"}).json()
    assert set(body) >= FIELDS
    assert body["period"]["from"] == "2026-11-01" and body["period"]["groups"] is None


@pytest.mark.parametrize(
    ("role", "status"),
    [("requester", 403), ("agent", 200), ("manager", 200), ("admin_user", 200)],
)
def test_role_table(request, client_for, role, status):
    assert client_for(request.getfixturevalue(role)).get(URL).status_code == status


def test_anonymous_gets_401(api_client):
    assert api_client.get(URL).status_code == 401


def test_agents_see_only_their_groups(client_for, agent, group):
    other = factories.SupportGroupFactory()
    mine = factories.TicketFactory(assignment_group=group)
    factories.TicketFactory(assignment_group=other)
    client = client_for(agent)
    body = client.get(URL).json()
    assert body["period"]["groups"] == [group.pk]
    assert body["tickets_opened"] == 1 and mine.assignment_group_id == group.pk
    assert client.get(URL, {"group": group.pk}).status_code == 200
    assert client.get(URL, {"group": other.pk}).status_code == 403


def test_agent_in_no_group_gets_403(client_for):
    loner = factories.UserFactory(role="agent")
    assert client_for(loner).get(URL).status_code == 403


def test_manager_filters_by_group_service_unit_and_priority(client_for, manager, group):
    service = factories.ServiceFactory()
    item = factories.CatalogItemFactory(service=service)
    unit = factories.CustomerUnitFactory()
    factories.TicketFactory(
        assignment_group=group, catalog_item=item, customer_unit=unit, priority=2
    )
    factories.TicketFactory(assignment_group=group, priority=2)
    factories.TicketFactory(priority=4)
    client = client_for(manager)

    def opened(**params):
        return client.get(URL, params).json()["tickets_opened"]

    assert opened() == 3
    assert opened(group=group.pk) == 2
    assert opened(group=group.pk, priority=2) == 2
    assert opened(service=service.pk) == 1
    assert opened(customer_unit=unit.pk, priority=2) == 1
    assert opened(customer_unit=unit.pk, priority=4) == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-11-30", "to": "2026-11-01"}, "from"),  # reversed
        ({"from": "2001-01-01", "to": "2026-01-01"}, "to"),  # 25 years
        ({"from": "1976-01-01", "to": "1976-01-31"}, "from"),  # before the bounded range
        ({"from": "yesterday"}, "from"),
        ({"to": "2026-13-45"}, "to"),
        ({"group": "999999"}, "group"),
        ({"group": "abc"}, "group"),
        ({"service": "-1"}, "service"),
        ({"customer_unit": "999999"}, "customer_unit"),
        ({"priority": "9"}, "priority"),
    ],
)
def test_bad_input_is_a_clear_400(client_for, manager, params, field):
    response = client_for(manager).get(URL, params)
    assert response.status_code == 400
    assert field in response.json() and response.json()[field]


def test_errors_are_translated(client_for, manager):
    response = client_for(manager).get(
        URL, {"from": "2026-11-30", "to": "2026-11-01"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert "开始日期" in response.json()["from"][0]


@pytest.mark.parametrize("count", [5, 50])
def test_summary_query_count_does_not_grow(
    client_for, manager, group, count, django_assert_max_num_queries
):
    factories.TicketFactory.create_batch(count, assignment_group=group)
    factories.ArticleFactory.create_batch(count)
    # The first request builds the roll-up's days and today's passed hours. + planned work:
    # the overdue occurrences (the tickets opened by plans are the roll-up's); +1: the
    # approval decisions of the period (reports.approval_figures); + deflections and
    # articles published (the knowledge base), one query each.
    with django_assert_max_num_queries(17):
        assert client_for(manager).get(URL).status_code == 200


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"created_until": "2026-03-06T18:10:47.400-19:18"}, 200),  # offset PostgreSQL refuses
        ({"created_until": "0252-03-06T18:10:47.400-19:18"}, 400),  # before year 2000
        ({"resolved_since": "9999-12-31T23:59:59-23:59"}, 400),  # past year 9999 in UTC
        ({"created_since": "0001-01-01T00:00:00+23:59"}, 400),  # before year 1 in UTC
        ({"created_since": "yesterday"}, 400),
        ({"groups": "1,x"}, 400),
        ({"sla": "sometimes"}, 400),
    ],
)
def test_figure_filters_refuse_bad_instants_cleanly(client_for, admin_user, params, status):
    assert client_for(admin_user).get("/api/v1/tickets/", params).status_code == status
