"""`/api/v1/maintenance-plans/` and `/api/v1/maintenance-windows/` (docs/api.md)."""

import datetime as dt

import pytest

from maintenance.models import MaintenancePlan
from tests import factories

pytestmark = pytest.mark.django_db
PLANS = "/api/v1/maintenance-plans/"


def _body(group, item, office, ci, **extra):
    return {
        "name": "UPS test",
        "catalog_item": item.pk,
        "assignment_group": group.pk,
        "assets": [ci.pk],
        "recurrence": "FREQ=MONTHLY;BYDAY=1MO",
        "start_date": "2027-01-01",
        "calendar": office.pk,
        "on_non_working_day": "next_working_day",
        "lead_working_days": 3,
        "window_start": "20:30",
        "window_minutes": 60,
        "checklist": ["Announce", "Switch to battery", "Record readings"],
        **extra,
    }


def test_a_manager_creates_a_plan_and_owns_it(client_for, manager, group, item, office, ci):
    response = client_for(manager).post(PLANS, _body(group, item, office, ci), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["window_start"] == "20:30"
    assert body["assets"] == [ci.pk]
    assert body["checklist"] == ["Announce", "Switch to battery", "Record readings"]
    assert body["owner"] == manager.pk
    assert body["on_non_working_day"] == "next_working_day"
    assert MaintenancePlan.objects.get(pk=body["id"]).owner == manager


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"recurrence": "FREQ=SOMETIMES"}, "recurrence"),
        ({"recurrence": "FREQ=HOURLY"}, "recurrence"),
        ({"recurrence": "FREQ=MONTHLY;BYMONTHDAY=40"}, "recurrence"),
        ({"on_non_working_day": "whenever"}, "on_non_working_day"),
        ({"window_start": "25:00"}, "window_start"),
        ({"window_minutes": 0}, "window_minutes"),
        ({"lead_working_days": 61}, "lead_working_days"),
        ({"checklist": ["ok", ""]}, "checklist"),
        ({"checklist": ["x" * 301]}, "checklist"),
        ({"checklist": "not a list"}, "checklist"),
        ({"start_date": "2027-02-30"}, "start_date"),
        ({"owner": 1}, "owner"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_changes_nothing(
    client_for, manager, group, item, office, ci, change, field
):
    response = client_for(manager).post(
        PLANS, _body(group, item, office, ci, **change), format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not MaintenancePlan.objects.exists()


def test_an_incident_item_is_refused(client_for, manager, group, office, ci):
    incident_item = factories.CatalogItemFactory(kind="incident")
    response = client_for(manager).post(
        PLANS, _body(group, incident_item, office, ci), format="json"
    )
    assert response.status_code == 400
    assert "catalog_item" in response.json()


def test_errors_in_chinese(client_for, manager, group, item, office, ci):
    response = client_for(manager).post(
        PLANS,
        _body(group, item, office, ci, recurrence="FREQ=SOMETIMES"),
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert "重复规则" in response.json()["recurrence"][0]


def test_requesters_and_agents_cannot_write(client_for, requester, agent, plan):
    assert client_for(requester).get(PLANS).status_code == 403
    assert client_for(agent).get(PLANS).status_code == 200
    assert (
        client_for(agent).patch(f"{PLANS}{plan.pk}/", {"name": "X"}, format="json").status_code
        == 403
    )
    plan.refresh_from_db()
    assert plan.name == "Server patching"


def test_occurrences_preview_applies_the_calendar(client_for, agent, plan):
    response = client_for(agent).get(
        f"{PLANS}{plan.pk}/occurrences/", {"from": "2027-04-01", "to": "2027-06-30"}
    )
    assert response.status_code == 200
    assert response.json() == [
        {"date": "2027-04-06", "original_date": "2027-04-05", "moved": True},
        {"date": "2027-05-05", "original_date": "2027-05-03", "moved": True},
        {"date": "2027-06-07", "original_date": "2027-06-07", "moved": False},
    ]


def test_skipped_dates_are_left_out(client_for, agent, plan):
    plan.on_non_working_day = "skip"
    plan.save()
    response = client_for(agent).get(
        f"{PLANS}{plan.pk}/occurrences/", {"from": "2027-04-01", "to": "2027-06-30"}
    )
    assert [o["date"] for o in response.json()] == ["2027-06-07"]


def test_from_and_to_are_inclusive(client_for, agent, plan):
    response = client_for(agent).get(
        f"{PLANS}{plan.pk}/occurrences/", {"from": "2027-06-07", "to": "2027-06-07"}
    )
    assert [o["date"] for o in response.json()] == ["2027-06-07"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2027-13-01"}, "from"),
        ({"to": "tomorrow"}, "to"),
        ({"from": "2027-06-01", "to": "2027-05-01"}, "to"),
        ({"from": "2027-01-01", "to": "2029-01-01"}, "to"),
        ({"from": "1999-01-01"}, "from"),
    ],
)
def test_bad_ranges_are_400(client_for, agent, plan, query, field):
    response = client_for(agent).get(f"{PLANS}{plan.pk}/occurrences/", query)
    assert response.status_code == 400
    assert field in response.json()


def test_windows_list_by_asset(client_for, agent, plan, ci):
    other = factories.AssetFactory(tag="D020101-002", room=ci.room)
    query = {"from": "2027-05-01", "to": "2027-05-31"}
    body = client_for(agent).get("/api/v1/maintenance-windows/", query | {"asset": ci.pk}).json()
    assert body["count"] == 1
    window = body["results"][0]
    assert window["plan"] == plan.pk
    assert window["date"] == "2027-05-05" and window["moved"] is True
    assert window["starts_at"] == "2027-05-05T20:00:00+08:00"
    assert window["ends_at"] == "2027-05-06T00:00:00+08:00"
    assert window["assets"] == [ci.pk]
    assert window["ticket"] is None
    none = client_for(agent).get("/api/v1/maintenance-windows/", query | {"asset": other.pk})
    assert none.json()["count"] == 0
    bad = client_for(agent).get("/api/v1/maintenance-windows/", query | {"asset": "x"})
    assert bad.status_code == 400 and "asset" in bad.json()


def test_an_inactive_plan_has_no_windows(client_for, agent, plan):
    plan.active = False
    plan.save()
    body = (
        client_for(agent)
        .get("/api/v1/maintenance-windows/", {"from": "2027-05-01", "to": "2027-05-31"})
        .json()
    )
    assert body["count"] == 0


def test_editing_keeps_the_owner_and_sets_the_cis(client_for, admin_user, plan, ci):
    response = client_for(admin_user).patch(
        f"{PLANS}{plan.pk}/", {"assets": [], "window_minutes": 30}, format="json"
    )
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.window_minutes == 30 and list(plan.assets.all()) == []
    assert plan.owner != admin_user


def test_deleting_keeps_the_tickets(client_for, manager, plan):
    from maintenance import services

    row = services.open_occurrence(plan, dt.date(2027, 5, 5), dt.date(2027, 5, 3))
    assert client_for(manager).delete(f"{PLANS}{plan.pk}/").status_code == 204
    row.ticket.refresh_from_db()
    assert row.ticket.channel == "planned"
