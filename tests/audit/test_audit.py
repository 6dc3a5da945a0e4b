"""Configuration changes are recorded with actor and time, and shown to admins only."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/audit/"


def _entries(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_sla_policy_change_is_audited_with_actor_time_and_old_new(client_for, admin_user, manager):
    policy = factories.SLAPolicyFactory(response_minutes=60)
    response = client_for(manager).patch(
        f"/api/v1/sla-policies/{policy.pk}/", {"response_minutes": 30}, format="json"
    )
    assert response.status_code == 200, response.content
    entry = _entries(client_for(admin_user), model="sla.slapolicy")[0]
    assert entry["actor"]["username"] == manager.username
    assert entry["action"] == "changed"
    assert entry["object_id"] == policy.pk
    assert {"field": "response_minutes", "old": "60", "new": "30"}.items() <= next(
        c for c in entry["changes"] if c["field"] == "response_minutes"
    ).items()
    assert entry["at"]


def test_role_change_and_group_membership_are_audited(client_for, admin_user, group):
    person = factories.UserFactory(role="requester")
    api = client_for(admin_user)
    assert (
        api.patch(f"/api/v1/users/{person.pk}/", {"role": "agent"}, format="json").status_code
        == 200
    )
    response = api.patch(f"/api/v1/groups/{group.pk}/", {"members": [person.pk]}, format="json")
    assert response.status_code == 200, response.content
    role = _entries(api, model="accounts.user", object_id=person.pk)[0]
    change = next(c for c in role["changes"] if c["field"] == "role")
    assert (change["old"], change["new"]) == ("Requester", "Agent")
    assert role["actor"]["username"] == admin_user.username
    members = [
        c
        for e in _entries(api, model="accounts.supportgroup", object_id=group.pk)
        for c in e["changes"]
        if c["field"] == "members"
    ]
    assert members and str(person) in members[0]["new"]


def test_calendar_and_catalog_changes_are_audited(client_for, admin_user, manager):
    calendar = factories.BusinessCalendarFactory(name="Office")
    api = client_for(manager)
    assert (
        api.patch(
            f"/api/v1/calendars/{calendar.pk}/", {"holidays": ["2026-10-01"]}, format="json"
        ).status_code
        == 200
    )
    service = factories.ServiceFactory(name="Mail")
    assert (
        api.patch(f"/api/v1/services/{service.pk}/", {"name": "E-mail"}, format="json").status_code
        == 200
    )
    admin = client_for(admin_user)
    holidays = _entries(admin, model="sla.businesscalendar")[0]
    assert any(c["field"] == "holidays" and "2026-10-01" in c["new"] for c in holidays["changes"])
    renamed = _entries(admin, model="catalog.service", actor=manager.username)[0]
    assert any(c["old"] == "Mail" and c["new"] == "E-mail" for c in renamed["changes"])


def test_filters_narrow_the_log(client_for, admin_user, manager):
    factories.SLAPolicyFactory()
    api = client_for(admin_user)
    assert _entries(api, actor=manager.username) == []
    assert all(e["model"] == "sla.slapolicy" for e in _entries(api, model="sla.slapolicy"))
    assert client_for(admin_user).get(URL, {"actor": "nobody"}).status_code == 400
    assert client_for(admin_user).get(URL, {"since": "yesterday"}).status_code == 400


@pytest.mark.parametrize("role", ["requester", "agent", "manager"])
def test_only_admins_read_the_audit_log(client_for, client, role):
    user = factories.UserFactory(role=role)
    assert client_for(user).get(URL).status_code == 403
    client.force_login(user)
    assert client.get(reverse("audit:log")).status_code == 403


def test_anonymous_gets_401_and_the_login_page(api_client, client):
    assert api_client.get(URL).status_code == 401
    assert client.get(reverse("audit:log")).status_code == 302


def test_audit_page_shows_who_what_and_old_new(client, admin_user, manager):
    policy = factories.SLAPolicyFactory(name="P1 policy", resolution_minutes=240)
    policy.resolution_minutes = 120
    policy._history_user = manager
    policy.save()
    client.force_login(admin_user)
    page = client.get(reverse("audit:log"), {"model": "sla.slapolicy"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "P1 policy" in text and "240" in text and "120" in text
    assert manager.username in text


def test_audit_page_and_api_use_a_constant_number_of_queries(
    client, client_for, admin_user, django_assert_max_num_queries
):
    for n in range(30):
        factories.SLAPolicyFactory(name=f"Policy {n}")
        factories.UserFactory()
        factories.SupportGroupFactory().members.add(admin_user)
    client.force_login(admin_user)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("audit:log")).status_code == 200
    with django_assert_max_num_queries(25):
        assert client_for(admin_user).get(URL, {"page_size": 200}).status_code == 200


def test_survey_rule_entries_are_named_after_their_service_or_item(client_for, admin_user):
    from satisfaction.models import SurveyRule

    service = factories.ServiceFactory(name="Printing")
    item = factories.CatalogItemFactory(name="New laptop")
    SurveyRule.objects.create(service=service, delay_minutes=5)
    SurveyRule.objects.create(catalog_item=item, delay_minutes=5)
    entries = _entries(client_for(admin_user), model="satisfaction.surveyrule")
    assert sorted(e["object_repr"] for e in entries) == ["New laptop", "Printing"]


def test_user_history_never_keeps_passwords():
    fields = {f.name for f in User.history.model._meta.fields}
    assert "password" not in fields
