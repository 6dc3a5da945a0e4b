"""The surveys API: the role table, filters, constant queries, and CSAT figures."""

import datetime

import pytest
from django.utils import timezone

from accounts.roles import Role
from satisfaction.models import SurveyStatus
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/surveys/"
CSAT = "/api/v1/surveys/csat/"


def _answered(rating, group=None, agent=None, service=None, sent_at=None, **kwargs):
    sent_at = sent_at or timezone.now()
    return factories.SurveyFactory(
        ticket=factories.TicketFactory(status="closed", assignment_group=group, assignee=agent),
        assignment_group=group,
        assignee=agent,
        service=service,
        status=SurveyStatus.ANSWERED,
        rating=rating,
        responded_at=sent_at,
        sent_at=sent_at,
        **kwargs,
    )


def test_anonymous_gets_401_on_the_list(api_client):
    assert api_client.get(URL).status_code == 401
    assert api_client.get(CSAT).status_code == 401
    assert api_client.get("/api/v1/survey-follow-ups/").status_code == 401


@pytest.mark.parametrize(
    ("role", "surveys", "csat", "follow_ups"),
    [
        (Role.REQUESTER, 403, 403, 403),
        (Role.AGENT, 200, 200, 403),
        (Role.MANAGER, 200, 200, 200),
        (Role.ADMIN, 200, 200, 200),
    ],
)
def test_role_table(client_for, role, surveys, csat, follow_ups):
    client = client_for(factories.UserFactory(role=role))
    assert client.get(URL).status_code == surveys
    assert client.get(CSAT).status_code == csat
    assert client.get("/api/v1/survey-follow-ups/").status_code == follow_ups


def test_agents_see_their_groups_surveys_and_their_own(client_for, group, agent):
    mine = _answered(4, group=group)
    resolved_by_me = _answered(5, group=factories.SupportGroupFactory(), agent=agent)
    _answered(1, group=factories.SupportGroupFactory())
    body = client_for(agent).get(URL).json()
    assert body["count"] == 2
    assert {r["id"] for r in body["results"]} == {mine.pk, resolved_by_me.pk}


def test_managers_see_every_survey(client_for, manager):
    _answered(4, group=factories.SupportGroupFactory())
    _answered(2)
    assert client_for(manager).get(URL).json()["count"] == 2


def test_a_survey_has_the_contract_fields(client_for, manager, group):
    survey = _answered(2, group=group, comment="Slow")
    (row,) = client_for(manager).get(URL).json()["results"]
    assert {"id", "ticket", "sent_at", "responded_at", "rating", "comment", "created_at"} <= set(
        row
    )
    assert "updated_at" in row and "nonce" not in row and "token" not in row
    assert (row["ticket"], row["rating"], row["comment"], row["state"]) == (
        survey.ticket_id,
        2,
        "Slow",
        "answered",
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rating=1", ["low"]),
        ("rating=1&rating=5", ["low", "high"]),
        ("state=answered", ["low", "high"]),
        ("state=sent", ["open"]),
        ("state=expired", ["expired"]),
        ("responded=false", ["open", "expired"]),
        ("search=Rude", ["low"]),
    ],
)
def test_filters(client_for, manager, query, expected):
    now = timezone.now()
    made = {
        "low": _answered(1, comment="Rude on the phone"),
        "high": _answered(5),
        "open": factories.SurveyFactory(),
        "expired": factories.SurveyFactory(expires_at=now - datetime.timedelta(hours=1)),
    }
    names = {v.pk: k for k, v in made.items()}
    body = client_for(manager).get(f"{URL}?{query}").json()
    assert sorted(names[r["id"]] for r in body["results"]) == sorted(expected)


@pytest.mark.parametrize("query", ["rating=9", "state=lost", "sent_after=yesterday", "group=x"])
def test_bad_filters_are_400(client_for, manager, query):
    assert client_for(manager).get(f"{URL}?{query}").status_code == 400


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_runs_a_constant_number_of_queries(
    client_for, manager, group, count, django_assert_max_num_queries
):
    for n in range(count):
        survey = _answered(1 + n % 5, group=group, agent=manager)
        if n % 2:
            factories.FollowUpFactory(survey=survey)
    client = client_for(manager)
    with django_assert_max_num_queries(4):
        body = client.get(f"{URL}?page_size=50").json()
    assert body["count"] == count


def test_csat_overall_and_by_group(client_for, manager):
    desk, network = (
        factories.SupportGroupFactory(name="Desk"),
        factories.SupportGroupFactory(name="Network"),
    )
    for rating in (5, 4, 4, 1):
        _answered(rating, group=desk)
    _answered(2, group=network)
    factories.SurveyFactory(assignment_group=network)  # sent, unanswered
    factories.SurveyFactory(status=SurveyStatus.SCHEDULED, sent_at=None, expires_at=None)
    body = client_for(manager).get(f"{CSAT}?by=group").json()
    assert body["overall"] == {
        "sent": 6,
        "responses": 5,
        "average": 3.2,
        "distribution": {"1": 1, "2": 1, "3": 0, "4": 2, "5": 1},
        "response_rate": 83.3,
    }
    rows = {r["label"]: r for r in body["rows"]}
    assert (rows["Desk"]["average"], rows["Desk"]["response_rate"]) == (3.5, 100.0)
    assert (rows["Network"]["average"], rows["Network"]["response_rate"]) == (2.0, 50.0)
    assert rows["Desk"]["key"] == desk.pk


def test_csat_by_agent_service_and_month_with_filters(client_for, manager, agent, group):
    service = factories.ServiceFactory(name="Printing", name_zh="打印")
    now = timezone.now()
    _answered(5, group=group, agent=agent, service=service)
    _answered(3, group=group, agent=agent, sent_at=now - datetime.timedelta(days=40))
    _answered(1, group=factories.SupportGroupFactory())
    client = client_for(manager)
    by_agent = client.get(f"{CSAT}?by=agent&group={group.pk}").json()
    assert [(r["key"], r["responses"], r["average"]) for r in by_agent["rows"]] == [
        (agent.pk, 2, 4.0)
    ]
    by_service = client.get(f"{CSAT}?by=service&service={service.pk}").json()
    assert [(r["label"], r["average"]) for r in by_service["rows"]] == [("Printing", 5.0)]
    by_month = client.get(f"{CSAT}?by=month&agent={agent.pk}").json()
    assert len(by_month["rows"]) == 2
    assert all(len(r["key"]) == 7 for r in by_month["rows"])
    today = timezone.localdate().isoformat()
    recent = client.get(f"{CSAT}?from={today}&to={today}").json()
    assert recent["overall"]["responses"] == 2


def test_csat_of_nothing_is_null_not_zero(client_for, manager):
    body = client_for(manager).get(CSAT).json()
    assert body["overall"]["average"] is None and body["overall"]["response_rate"] is None
    assert body["overall"]["sent"] == 0


def test_agents_get_csat_of_their_groups_only(client_for, agent, group):
    _answered(5, group=group)
    _answered(1, group=factories.SupportGroupFactory())
    assert client_for(agent).get(CSAT).json()["overall"]["average"] == 5.0


@pytest.mark.parametrize(
    "query",
    ["by=colour", "from=2026-13-01", "to=tomorrow", "from=2026-03-02&to=2026-03-01", "group=abc"],
)
def test_bad_csat_parameters_are_400(client_for, manager, query):
    response = client_for(manager).get(f"{CSAT}?{query}")
    assert response.status_code == 400
    assert set(response.json()) & {"by", "from", "to", "group"}


@pytest.mark.parametrize("count", [3, 30])
def test_csat_runs_a_constant_number_of_queries(
    client_for, manager, count, django_assert_max_num_queries
):
    for n in range(count):
        _answered(1 + n % 5, group=factories.SupportGroupFactory())
    with django_assert_max_num_queries(4):
        assert client_for(manager).get(f"{CSAT}?by=group").status_code == 200


def test_follow_up_list_and_mine(client_for, manager, group, admin_user):
    mine = factories.FollowUpFactory(survey=_answered(1, group=group))
    factories.FollowUpFactory(
        survey=_answered(2, group=factories.SupportGroupFactory()), manager=None
    )
    client = client_for(manager)
    assert client.get("/api/v1/survey-follow-ups/").json()["count"] == 2
    body = client.get("/api/v1/survey-follow-ups/?mine=1").json()
    assert [r["id"] for r in body["results"]] == [mine.pk]
    assert body["results"][0]["rating"] == 1
    admin_mine = client_for(admin_user).get("/api/v1/survey-follow-ups/?mine=1").json()
    assert admin_mine["count"] == 1  # the one without a manager is the admins'


def test_survey_rules_agents_read_managers_write(client_for, agent, manager):
    item = factories.CatalogItemFactory()
    body = {"catalog_item": item.pk, "send": False}
    assert client_for(agent).post("/api/v1/survey-rules/", body).status_code == 403
    response = client_for(manager).post("/api/v1/survey-rules/", body)
    assert response.status_code == 201, response.json()
    assert client_for(agent).get("/api/v1/survey-rules/").json()["count"] == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"service": "SERVICE", "catalog_item": "ITEM"},
        {"service": "SERVICE", "expiry_days": 0},
        {"service": "SERVICE", "delay_minutes": -5},
        {"service": "SERVICE", "colour": "red"},
    ],
)
def test_bad_survey_rules_are_400(client_for, manager, body):
    item = factories.CatalogItemFactory()
    ids = {"SERVICE": item.service_id, "ITEM": item.pk}
    body = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    response = client_for(manager).post("/api/v1/survey-rules/", body, format="json")
    assert response.status_code == 400, response.json()


def test_the_openapi_schema_describes_the_satisfaction_endpoints(client, admin_user):
    client.force_login(admin_user)
    text = client.get("/api/v1/schema/").content.decode()
    for path in (
        "/api/v1/surveys/",
        "/api/v1/surveys/respond/",
        "/api/v1/surveys/csat/",
        "/api/v1/survey-follow-ups/{id}/complete/",
        "/api/v1/survey-rules/",
    ):
        assert path in text
