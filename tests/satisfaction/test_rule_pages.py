"""Managers set, per service or catalog item, whether surveys go out, after how long, and
for how long the link works."""

import pytest

from satisfaction.models import SurveyRule
from satisfaction.services import rule_for
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "status"),
    [("requester", 403), ("agent", 403), ("manager", 200), ("admin_user", 200)],
)
def test_only_managers_and_admins_manage_rules(request, client, role, status):
    service = factories.ServiceFactory()
    client.force_login(request.getfixturevalue(role))
    assert client.get("/satisfaction/rules/").status_code == status
    response = client.post("/satisfaction/rules/new/", {"service": service.pk, "send": "False"})
    assert SurveyRule.objects.exists() is (status == 200)
    assert response.status_code == (302 if status == 200 else 403)


def test_a_rule_turns_surveys_off_for_a_service(client, manager):
    service = factories.ServiceFactory()
    item = factories.CatalogItemFactory(service=service)
    client.force_login(manager)
    client.post(
        "/satisfaction/rules/new/", {"service": service.pk, "send": "False", "delay_minutes": "5"}
    )
    ticket = factories.TicketFactory(catalog_item=item)
    rule = rule_for(ticket)
    assert rule.send is False and rule.delay_minutes == 5
    html = client.get("/satisfaction/rules/").content.decode()
    assert service.display_name in html


@pytest.mark.parametrize(
    "body",
    [
        {},  # neither a service nor an item
        {"service": "both", "catalog_item": "both"},
        {"service": "service", "expiry_days": "0"},
        {"service": "service", "delay_minutes": "-3"},
    ],
)
def test_bad_rules_are_refused_and_nothing_is_stored(client, manager, body):
    service = factories.ServiceFactory()
    item = factories.CatalogItemFactory(service=service)
    values = {"service": service.pk, "both": item.pk}
    data = {k: values.get(v, v) if k == "service" else v for k, v in body.items()}
    if body.get("catalog_item") == "both":
        data["catalog_item"] = item.pk
    client.force_login(manager)
    response = client.post("/satisfaction/rules/new/", data)
    assert response.status_code == 200
    assert not SurveyRule.objects.exists()


def test_removing_a_rule_brings_the_defaults_back(client, manager):
    rule = factories.SurveyRuleFactory(service=factories.ServiceFactory(), send=False)
    client.force_login(manager)
    client.post(f"/satisfaction/rules/{rule.pk}/", {"delete": "1"})
    assert not SurveyRule.objects.exists()


def test_survey_sent_rated_and_followed_up_are_in_the_ticket_history(client_for, manager, group):
    from incidents.models import TicketEvent
    from satisfaction import services
    from satisfaction.models import FollowUp

    ticket = factories.TicketFactory(status="resolved", assignment_group=group)
    survey = factories.SurveyFactory(ticket=ticket, status="scheduled", sent_at=None)
    assert services.send_survey(survey.pk)
    survey.refresh_from_db()
    services.respond(services.make_token(survey), 1, "Nobody called back")
    services.complete_follow_up(manager, FollowUp.objects.get(), "Called, apologised")
    events = list(
        TicketEvent.objects.filter(ticket=ticket, kind="survey").values_list(
            "field", "new_value", "internal"
        )
    )
    assert events == [
        ("sent", "", False),
        ("rating", "1", False),
        ("follow_up", "open", True),
        ("follow_up", "Called, apologised", True),
    ]
    requester_view = client_for(ticket.requester).get(f"/api/v1/tickets/{ticket.pk}/history/")
    assert [e["field"] for e in requester_view.json() if e["kind"] == "survey"] == [
        "sent",
        "rating",
    ]
