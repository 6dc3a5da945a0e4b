"""Service-level pages: agents read, only managers and admins edit; bad input is shown on
the form and stores nothing; the preview; official holidays from the `holidays` package."""

import pytest

from sla.models import BusinessCalendar, SLAPolicy
from tests import factories

pytestmark = pytest.mark.django_db

WEEK = {
    "hours_mon": "09:00-12:00, 13:00-18:00",
    "hours_tue": "09:00-18:00",
    "hours_wed": "09:00-18:00",
    "hours_thu": "09:00-18:00",
    "hours_fri": "09:00-17:00",
    "hours_sat": "",
    "hours_sun": "",
}


def calendar_post(**overrides):
    return {"name": "Beijing office", "timezone": "Asia/Shanghai", **WEEK, **overrides}


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("requester", 403, 403),
        ("agent", 200, 403),
        ("manager", 200, 302),
        ("admin_user", 200, 302),
    ],
)
def test_only_managers_and_admins_edit_calendars_and_policies(
    request, client, office, role, read, write
):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/sla/").status_code == read
    assert client.get(f"/sla/calendars/{office.pk}/").status_code == read
    assert client.post("/sla/calendars/new/", calendar_post()).status_code == write
    policy = {
        "name": "P1",
        "calendar": office.pk,
        "priority": "1",
        "response_minutes": "15",
        "resolution_minutes": "240",
        "warn_at_percent": "80",
        "is_active": "on",
    }
    assert client.post("/sla/policies/new/", policy).status_code == write
    assert client.post(f"/sla/calendars/{office.pk}/holidays/", {"year": 2026}).status_code in (
        write,
        403,
    )
    created = write == 302
    assert BusinessCalendar.objects.filter(name="Beijing office").exists() is created
    assert SLAPolicy.objects.filter(name="P1").exists() is created


def test_anonymous_is_sent_to_login(client):
    response = client.get("/sla/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_calendar_form_saves_hours_and_dates(client, manager):
    client.force_login(manager)
    response = client.post(
        "/sla/calendars/new/",
        calendar_post(holidays_text="2026-10-01\n2026-10-02", workdays_text="2026-09-27"),
    )
    assert response.status_code == 302
    calendar = BusinessCalendar.objects.get(name="Beijing office")
    assert calendar.hours["mon"] == [["09:00", "12:00"], ["13:00", "18:00"]]
    assert calendar.hours["sat"] == []
    assert calendar.holidays == ["2026-10-01", "2026-10-02"]
    assert calendar.workdays == ["2026-09-27"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hours_mon": "09:00-12:00, 11:00-13:00"}, "overlap"),
        ({"hours_tue": "18:00-09:00"}, "ends before it starts"),
        ({"hours_wed": "nine to five"}, "Write intervals as 09:00-12:00"),
        ({"timezone": "Mars/Olympus"}, "Select a valid choice"),
        ({"holidays_text": "2026-02-30"}, "is not a date"),
        ({"holidays_text": "2026-10-01", "workdays_text": "2026-10-01"}, "both a holiday"),
        ({"name": ""}, "This field is required"),
    ],
)
def test_bad_calendar_input_is_shown_and_nothing_is_stored(client, manager, overrides, message):
    client.force_login(manager)
    response = client.post("/sla/calendars/new/", calendar_post(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BusinessCalendar.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"warn_at_percent": "100"}, "warn_at_percent"),
        ({"warn_at_percent": "0"}, "warn_at_percent"),
        ({"response_minutes": "-5"}, "response_minutes"),
        ({"resolution_minutes": "99999999"}, "resolution_minutes"),
        ({"priority": "7"}, "priority"),
    ],
)
def test_bad_policy_input_is_refused(client, manager, office, overrides, field):
    client.force_login(manager)
    body = {
        "name": "Bad",
        "calendar": office.pk,
        "response_minutes": "15",
        "resolution_minutes": "240",
        "warn_at_percent": "80",
        "is_active": "on",
        **overrides,
    }
    response = client.post("/sla/policies/new/", body)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not SLAPolicy.objects.exists()


def test_a_second_active_policy_for_the_same_scope_is_refused(client, manager, office):
    factories.SLAPolicyFactory(calendar=office, priority=2)
    client.force_login(manager)
    body = {
        "name": "Clash",
        "calendar": office.pk,
        "priority": "2",
        "response_minutes": "15",
        "resolution_minutes": "240",
        "warn_at_percent": "80",
        "is_active": "on",
    }
    html = client.post("/sla/policies/new/", body).content.decode()
    assert "Another active policy already has this scope." in html
    assert SLAPolicy.objects.count() == 1


def test_preview_says_when_a_ticket_opened_now_would_be_due(client, agent, office, at):
    from tests.sla.conftest import sh

    factories.SLAPolicyFactory(
        name="High", calendar=office, priority=2, response_minutes=30, resolution_minutes=480
    )
    with at(sh(2026, 12, 4, 17, 0)):  # Friday 17:00
        client.force_login(agent)
        html = client.get("/sla/", {"priority": 2}, HTTP_HX_REQUEST="true").content.decode()
    assert "High" in html
    assert "2026-12-04 17:30" in html  # response
    assert "2026-12-07 16:00" in html  # one hour on Friday, seven on Monday
    with at(sh(2026, 12, 4, 17, 0)):
        client.force_login(agent)
        html = client.get("/sla/", {"priority": 4}, HTTP_HX_REQUEST="true").content.decode()
    assert "No policy matches" in html


def test_loading_official_holidays_from_the_page(client, manager, office):
    client.force_login(manager)
    response = client.post(f"/sla/calendars/{office.pk}/holidays/", {"year": 2026}, follow=True)
    office.refresh_from_db()
    assert "2026-10-01" in office.holidays and "2026-02-17" in office.holidays
    assert "2026-09-20" in office.workdays or "2026-10-10" in office.workdays
    assert "2026" in response.content.decode()


def test_loading_a_bad_year_changes_nothing(client, manager, office):
    client.force_login(manager)
    client.post(f"/sla/calendars/{office.pk}/holidays/", {"year": "abc"})
    office.refresh_from_db()
    assert office.holidays == []


def test_user_text_is_escaped(client, manager, office):
    factories.SLAPolicyFactory(calendar=office, name="<script>alert(1)</script>")
    client.force_login(manager)
    html = client.get("/sla/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
