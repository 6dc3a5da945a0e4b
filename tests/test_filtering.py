"""Every list binds its filters the same way (common.filtering): no query string is the
default list, empty values ("any") are ignored, a bad value is a visible, translated form
error on a page (the other filters still apply) and a 400 in the API."""

import pytest
from django.http import QueryDict

from common.filtering import without_blanks
from tests import factories

pytestmark = pytest.mark.django_db

# What the desk's filter form sends when only the search box is filled in.
DESK_FORM_BLANKS = {
    "queue": "all",
    "status": "",
    "priority": "",
    "assignment_group": "",
    "channel": "",
    "sort": "",
    "assignee": "",
    "service": "",
    "customer_unit": "",
    "created_after": "",
    "created_before": "",
}


def test_without_blanks_drops_empty_values_and_keeps_the_rest_in_order():
    query = QueryDict("status=&status=new&status=assigned&priority=&search=+&queue=mine")
    kept = without_blanks(query)
    assert kept.getlist("status") == ["new", "assigned"]
    assert "priority" not in kept and "search" not in kept
    assert without_blanks({"search": "", "asset": "3"}) == QueryDict("asset=3")


@pytest.fixture
def desk(agent, group):
    """Three open tickets of the agent's: two printer ones (P2 and P3), one VPN one."""
    made = {
        title: factories.TicketFactory(
            title=title,
            assignment_group=group,
            assignee=agent,
            status="assigned",
            priority=priority,
        )
        for title, priority in [
            ("打印机卡纸 printer jam", 2),
            ("打印机没有墨粉 printer toner", 3),
            ("VPN drops every hour", 3),
        ]
    }
    factories.TicketFactory(title="Someone else's printer", status="assigned")
    return made


def _listed(response) -> list[str]:
    html = response.content.decode()
    return [title for title in _TITLES if title in html]


_TITLES = [
    "打印机卡纸 printer jam",
    "打印机没有墨粉 printer toner",
    "VPN drops every hour",
    "Someone else's printer",
]


def test_desk_without_a_query_string_lists_my_tickets(client, agent, desk):
    client.force_login(agent)
    response = client.get("/desk/")
    assert response.status_code == 200
    assert 'data-testid="queue-count">3 tickets' in response.content.decode()
    assert _listed(response) == _TITLES[:3]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("打印机", _TITLES[:2]),
        ("printer", _TITLES[:2]),
        ("VPN", _TITLES[2:3]),
    ],
)
def test_desk_search_sent_by_the_form_with_its_empty_filters_narrows(
    client, agent, desk, search, expected
):
    client.force_login(agent)
    response = client.get("/desk/", {**DESK_FORM_BLANKS, "queue": "mine", "search": search})
    assert _listed(response) == expected
    assert 'data-testid="filter-errors"' not in response.content.decode()


def test_desk_priority_and_status_chosen_in_the_form_narrow(client, agent, desk):
    client.force_login(agent)
    query = {**DESK_FORM_BLANKS, "queue": "mine", "priority": "3"}
    assert _listed(client.get("/desk/", query)) == _TITLES[1:3]
    query = {**query, "search": "printer", "status": "assigned"}
    assert _listed(client.get("/desk/", query)) == _TITLES[1:2]


def test_desk_htmx_answer_uses_the_same_filters(client, agent, desk):
    client.force_login(agent)
    response = client.get(
        "/desk/", {**DESK_FORM_BLANKS, "queue": "mine", "search": "打印机"}, HTTP_HX_REQUEST="true"
    )
    assert _listed(response) == _TITLES[:2]
    # The minute's refresh asks for the list as it is now shown, not the page's first URL.
    assert (
        "search=%E6%89%93%E5%8D%B0%E6%9C%BA"
        in response.content.decode().split('data-testid="queue-refresh"')[0].rsplit("hx-get=", 1)[1]
    )


def test_a_bad_filter_value_is_shown_and_the_other_filters_still_apply(client, agent, desk):
    client.force_login(agent)
    response = client.get("/desk/", {"queue": "mine", "priority": "9", "search": "printer"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="filter-errors"' in html
    assert "Priority: Select a valid choice. 9 is not one of the available choices." in html
    assert _listed(response) == _TITLES[:2]


def test_the_filter_error_speaks_the_users_language(client, agent, desk):
    agent.language = "zh-hans"
    agent.save()
    client.force_login(agent)
    html = client.get("/desk/", {"priority": "9"}).content.decode()
    assert "以下筛选条件未生效" in html
    assert "优先级" in html and "选择一个有效的选项" in html


def test_cmdb_without_a_query_string_lists_every_item(client, agent):
    for _ in range(3):
        factories.AssetFactory()
    client.force_login(agent)
    response = client.get("/cmdb/")
    assert 'data-testid="asset-count">3 items' in response.content.decode()
    blanks = {"search": "", "building": "", "category": "", "status": "", "customer_unit": ""}
    response = client.get("/cmdb/", blanks)
    assert 'data-testid="asset-count">3 items' in response.content.decode()


def test_cmdb_bad_filter_value_is_shown_not_an_empty_list(client, agent):
    factories.AssetFactory()
    client.force_login(agent)
    html = client.get("/cmdb/", {"status": "melted"}).content.decode()
    assert 'data-testid="filter-errors"' in html
    assert 'data-testid="asset-count">1 item' in html


def test_portal_catalog_ignores_blank_filters_and_shows_a_bad_one(client, requester):
    service = factories.ServiceFactory(status="published")
    factories.CatalogItemFactory(service=service, name="Printer fault")
    client.force_login(requester)
    html = client.get("/portal/", {"search": "printer", "category": "", "kind": ""}).content
    assert b'data-testid="portal-results"' in html and b"Printer fault" in html
    html = client.get("/portal/", {"search": "printer", "category": "hardware"}).content
    assert b'data-testid="filter-errors"' in html and b"Printer fault" in html


def test_api_ignores_blank_values_and_keeps_its_400_for_bad_ones(client_for, agent, desk):
    api = client_for(agent)
    response = api.get("/api/v1/tickets/", {"status": "", "priority": "", "assignee": agent.pk})
    assert response.status_code == 200 and response.json()["count"] == 3
    response = api.get("/api/v1/tickets/", {"priority": "9"})
    assert response.status_code == 400 and "priority" in response.json()
    response = api.get("/api/v1/assets/", {"status": "melted"})
    assert response.status_code == 400


def test_desk_export_link_with_the_forms_blanks_exports(client, agent, desk):
    client.force_login(agent)
    response = client.get(
        "/api/v1/tickets/export/", {**DESK_FORM_BLANKS, "as": "csv", "search": "VPN"}
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "VPN drops every hour" in body
