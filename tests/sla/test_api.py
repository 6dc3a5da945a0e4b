"""Calendars and SLA policies: role table, bad input, matching order, official holidays."""

import datetime as dt

import pytest

from sla.models import BusinessCalendar, SLAPolicy
from sla.services import load_official_holidays, match_policy
from tests import factories

pytestmark = pytest.mark.django_db

HOURS = {
    "mon": [["09:00", "12:00"], ["13:00", "18:00"]],
    "tue": [],
    "wed": [],
    "thu": [],
    "fri": [],
    "sat": [],
    "sun": [],
}


@pytest.fixture
def calendar():
    return BusinessCalendar.objects.create(name="Office", hours=HOURS)


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [("requester", 403, 403), ("agent", 200, 403), ("manager", 200, 201), ("admin_user", 200, 201)],
)
def test_role_table(request, client_for, calendar, role, read, write):
    client = client_for(request.getfixturevalue(role))
    assert client.get("/api/v1/calendars/").status_code == read
    assert client.get("/api/v1/sla-policies/").status_code == read
    response = client.post("/api/v1/calendars/", {"name": "New", "hours": HOURS}, format="json")
    assert response.status_code == write
    body = {
        "name": "P1",
        "calendar": calendar.pk,
        "priority": 1,
        "response_minutes": 15,
        "resolution_minutes": 240,
        "warn_at_percent": 80,
    }
    assert client.post("/api/v1/sla-policies/", body, format="json").status_code == write
    assert BusinessCalendar.objects.filter(name="New").exists() == (write == 201)


def test_anonymous_gets_401(api_client):
    assert api_client.get("/api/v1/calendars/").status_code == 401


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hours", {"mon": [["18:00", "09:00"]]}),
        ("hours", {"mon": [["09:00", "12:00"], ["11:00", "14:00"]]}),
        ("hours", {"mon": [["9am", "5pm"]]}),
        ("hours", "always"),
        ("timezone", "Mars/Olympus"),
        ("holidays", ["2026-02-30"]),
        ("holidays", "2026-10-01"),
        ("workdays", ["tomorrow"]),
    ],
)
def test_bad_calendars_are_400_and_nothing_stored(client_for, manager, field, value):
    body = {"name": "Bad", "hours": HOURS, "timezone": "Asia/Shanghai", field: value}
    response = client_for(manager).post("/api/v1/calendars/", body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not BusinessCalendar.objects.filter(name="Bad").exists()


def test_a_date_cannot_be_holiday_and_workday(client_for, manager):
    body = {"name": "X", "hours": HOURS, "holidays": ["2026-10-10"], "workdays": ["2026-10-10"]}
    response = client_for(manager).post("/api/v1/calendars/", body, format="json")
    assert response.status_code == 400 and "workdays" in response.json()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("response_minutes", -5),
        ("resolution_minutes", 0),
        ("resolution_minutes", 10**9),
        ("warn_at_percent", 0),
        ("warn_at_percent", 100),
        ("priority", 6),
        ("calendar", 999999),
    ],
)
def test_bad_policies_are_400(client_for, manager, calendar, field, value):
    body = {
        "name": "P",
        "calendar": calendar.pk,
        "response_minutes": 15,
        "resolution_minutes": 240,
        "warn_at_percent": 80,
        field: value,
    }
    response = client_for(manager).post("/api/v1/sla-policies/", body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not SLAPolicy.objects.exists()


def test_one_active_policy_per_scope(client_for, manager, calendar):
    body = {
        "name": "P",
        "calendar": calendar.pk,
        "priority": 2,
        "response_minutes": 15,
        "resolution_minutes": 240,
    }
    assert client_for(manager).post("/api/v1/sla-policies/", body).status_code == 201
    assert client_for(manager).post("/api/v1/sla-policies/", body).status_code == 400


def test_most_specific_policy_wins(calendar):
    service = factories.ServiceFactory()
    unit = factories.CustomerUnitFactory()

    def policy(name, **scope):
        return SLAPolicy.objects.create(
            name=name, calendar=calendar, response_minutes=10, resolution_minutes=100, **scope
        )

    default = policy("default")
    by_priority = policy("P1", priority=1)
    by_unit = policy("unit", customer_unit=unit)
    by_unit_priority = policy("unit P1", customer_unit=unit, priority=1)
    by_service = policy("service", service=service)
    policy("inactive", service=service, customer_unit=unit, priority=1, is_active=False)
    assert match_policy(None, None, 3) == default
    assert match_policy(None, None, 1) == by_priority
    assert match_policy(None, unit.pk, 3) == by_unit
    assert match_policy(None, unit.pk, 1) == by_unit_priority
    assert match_policy(service.pk, unit.pk, 1) == by_service
    SLAPolicy.objects.all().delete()
    assert match_policy(service.pk, unit.pk, 1) is None


def test_official_chinese_holidays_are_loaded(calendar):
    added = load_official_holidays(calendar, 2026)
    calendar.refresh_from_db()
    assert "2026-10-01" in calendar.holidays and "2026-10-07" in calendar.holidays
    assert "2026-10-10" in calendar.workdays and "2026-09-20" in calendar.workdays
    assert added[0] >= 20 and added[1] == 6
    assert load_official_holidays(calendar, 2026) == (0, 0)  # idempotent
    assert not calendar.calendar.is_working_day(dt.date(2026, 10, 1))
    assert calendar.calendar.is_working_day(dt.date(2026, 10, 10))
