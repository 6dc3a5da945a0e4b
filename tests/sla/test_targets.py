"""SLA targets are written and read in business minutes, hours or days (a day is one
working day of the policy's calendar); they are stored, and given by the API, in minutes."""

from decimal import Decimal

import pytest
from django.utils import translation

from sla import targets
from sla.models import SLAPolicy
from sla.templatetags.sla import format_target
from tests import factories
from tests.factories import OFFICE_HOURS

LUNCH_BREAK = {
    **{d: [["09:00", "12:00"], ["13:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
    "sat": [],
    "sun": [],
}
ALWAYS = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@pytest.mark.parametrize(
    ("text", "day", "minutes"),
    [
        ("90", 480, 90),
        ("45 min", 480, 45),
        ("4 h", 480, 240),
        ("4h", 480, 240),
        ("1 h 30 min", 480, 90),
        ("1.5 h", 480, 90),
        ("1,5 hours", 480, 90),
        ("2 d", 480, 960),
        ("2 days", 1440, 2880),
        ("1 d 4 h", 480, 720),
        ("3 business days", 480, 1440),
        ("1 working day", 480, 480),
        ("2 个工作日", 480, 960),
        ("2 天", 480, 960),
        ("4 小时", 480, 240),
        ("30 分钟", 480, 30),
        ("2天4小时", 480, 1200),
        ("  3 H ", 480, 180),
    ],
)
def test_written_targets_come_to_business_minutes(text, day, minutes):
    assert targets.parse(text).to_minutes(day) == minutes


@pytest.mark.parametrize(
    ("text", "day", "code"),
    [
        ("", 480, "syntax"),
        ("soon", 480, "syntax"),
        ("-5", 480, "syntax"),
        ("4 weeks", 480, "syntax"),
        ("1 h 30", 480, "syntax"),
        ("2 d", None, "days"),
        ("0.01 h", 480, "fraction"),
    ],
)
def test_bad_targets_are_refused_with_a_reason(text, day, code):
    with pytest.raises(targets.TargetError) as caught:
        targets.parse(text).to_minutes(day)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("hours", "day"),
    [
        (OFFICE_HOURS, 540),
        (LUNCH_BREAK, 480),
        (ALWAYS, 1440),
        ({**LUNCH_BREAK, "fri": [["09:00", "12:00"]]}, 480),  # short Fridays: still 8 h
        ({d: [] for d in ALWAYS}, None),
        ({"mon": "nonsense"}, None),
    ],
)
def test_a_business_day_is_the_calendars_usual_working_day(hours, day):
    assert targets.working_day_minutes(hours) == day


@pytest.mark.parametrize(
    ("minutes", "day", "shown", "shown_zh"),
    [
        (960, 480, "2 business days", "2 个工作日"),
        (480, 480, "1 business day", "1 个工作日"),
        (5760, 480, "12 business days", "12 个工作日"),
        (240, 480, "4 h", "4 小时"),
        (90, 480, "1 h 30 min", "1 小时 30 分钟"),
        (45, 480, "45 min", "45 分钟"),
        (960, None, "16 h", "16 小时"),
        (600, 480, "10 h", "10 小时"),  # not a whole number of days
    ],
)
def test_targets_read_in_days_hours_and_minutes(minutes, day, shown, shown_zh):
    with translation.override("en"):
        assert format_target(minutes, day) == shown
    with translation.override("zh-hans"):
        assert format_target(minutes, day) == shown_zh


def test_parse_keeps_days_apart_until_the_calendar_is_known():
    assert targets.parse("1 d 30 min") == targets.Written(Decimal(1), Decimal(30))


# --- pages --------------------------------------------------------------------------------


@pytest.fixture
def lunch_office(db):
    return factories.BusinessCalendarFactory(name="Standard office hours", hours=LUNCH_BREAK)


def _post(client, calendar, **targets_written):
    body = {
        "name": "P2",
        "calendar": calendar.pk,
        "priority": "2",
        "warn_at_percent": "80",
        "is_active": "on",
        **targets_written,
    }
    return client.post("/sla/policies/new/", body)


@pytest.mark.django_db
def test_manager_writes_targets_in_hours_and_days(client, manager, lunch_office):
    client.force_login(manager)
    response = _post(client, lunch_office, response_minutes="4 h", resolution_minutes="2 d")
    assert response.status_code == 302
    policy = SLAPolicy.objects.get(name="P2")
    assert (policy.response_minutes, policy.resolution_minutes) == (240, 960)

    html = client.get("/sla/").content.decode()
    assert ">4 h</td>" in html and ">2 business days</td>" in html
    html = client.get(f"/sla/policies/{policy.pk}/").content.decode()
    assert 'value="4 h"' in html and 'value="2 business days"' in html
    assert "A day is one working day of the calendar (8 h)" in html


@pytest.mark.django_db
def test_the_edit_form_round_trips_what_it_shows(client, manager, lunch_office):
    policy = factories.SLAPolicyFactory(
        calendar=lunch_office, priority=2, response_minutes=90, resolution_minutes=1440
    )
    client.force_login(manager)
    form = client.get(f"/sla/policies/{policy.pk}/").context["form"]
    shown = {name: form[name].value() for name in ("response_minutes", "resolution_minutes")}
    assert shown == {"response_minutes": "1 h 30 min", "resolution_minutes": "3 business days"}
    body = {
        "name": policy.name,
        "calendar": lunch_office.pk,
        "priority": "2",
        "warn_at_percent": "75",
        "is_active": "on",
        **shown,
    }
    assert client.post(f"/sla/policies/{policy.pk}/", body).status_code == 302
    policy.refresh_from_db()
    assert (policy.response_minutes, policy.resolution_minutes) == (90, 1440)


@pytest.mark.django_db
def test_a_bad_target_is_a_translated_form_error_and_nothing_is_stored(
    client, manager, lunch_office
):
    manager.language = "zh-hans"
    manager.save()
    client.force_login(manager)
    response = _post(client, lunch_office, response_minutes="soon", resolution_minutes="2 d")
    assert response.status_code == 200
    assert "请填写工作时间" in response.content.decode()
    assert "response_minutes" in response.context["form"].errors
    assert not SLAPolicy.objects.exists()


@pytest.mark.django_db
def test_the_api_keeps_minutes(client_for, manager, lunch_office):
    policy = factories.SLAPolicyFactory(
        calendar=lunch_office, response_minutes=240, resolution_minutes=960
    )
    body = client_for(manager).get(f"/api/v1/sla-policies/{policy.pk}/").json()
    assert (body["response_minutes"], body["resolution_minutes"]) == (240, 960)
