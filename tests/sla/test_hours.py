"""Support hours in words, from the calendar of the SLA policy that would apply: the item
page can never promise other hours than the timers count."""

import pytest
from django.utils import translation

from catalog.models import Service
from sla.hours import describe_hours
from sla.models import SLAPolicy
from tests import factories

LUNCH_BREAK = {
    **{d: [["09:00", "12:00"], ["13:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
    "sat": [],
    "sun": [],
}


@pytest.mark.parametrize(
    ("hours", "english", "chinese"),
    [
        (LUNCH_BREAK, "Mon–Fri 09:00–12:00, 13:00–18:00", "周一至周五 09:00–12:00, 13:00–18:00"),
        (
            {**LUNCH_BREAK, "fri": [["09:00", "12:00"]], "sat": [["10:00", "12:00"]]},
            "Mon–Thu 09:00–12:00, 13:00–18:00; Fri 09:00–12:00; Sat 10:00–12:00",
            "周一至周四 09:00–12:00, 13:00–18:00; 周五 09:00–12:00; 周六 10:00–12:00",
        ),
        (
            {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
            "Every day 00:00–24:00",
            "每天 00:00–24:00",
        ),
        (
            {"mon": [["09:00", "18:00"]], "wed": [["09:00", "18:00"]]},
            "Mon 09:00–18:00; Wed 09:00–18:00",
            "周一 09:00–18:00; 周三 09:00–18:00",
        ),
        ({}, "No working hours set", "未设置工作时间"),
    ],
)
def test_weekly_hours_in_words(hours, english, chinese):
    with translation.override("en"):
        assert describe_hours(hours) == english
    with translation.override("zh-hans"):
        assert describe_hours(hours) == chinese


def test_holidays_are_mentioned():
    with translation.override("en"):
        text = describe_hours(LUNCH_BREAK, has_holidays=True)
    assert text == "Mon–Fri 09:00–12:00, 13:00–18:00, except public holidays"


@pytest.fixture
def item(db):
    service = factories.ServiceFactory(support_hours="Mon–Fri 08:30–18:00")
    Service.objects.filter(pk=service.pk).update(status="published")
    return factories.CatalogItemFactory(service=service, name="Printer fault")


@pytest.mark.django_db
def test_item_page_says_the_hours_of_the_policy_that_applies(client, requester, item):
    calendar = factories.BusinessCalendarFactory(hours=LUNCH_BREAK, holidays=["2026-10-01"])
    factories.SLAPolicyFactory(service=item.service, calendar=calendar)
    client.force_login(requester)
    html = client.get(f"/portal/catalog/{item.pk}/").content.decode()
    assert "Mon–Fri 09:00–12:00, 13:00–18:00, except public holidays" in html
    assert "08:30" not in html


@pytest.mark.django_db
def test_item_page_falls_back_to_the_service_text_without_a_policy(client, requester, item):
    SLAPolicy.objects.update(is_active=False)
    client.force_login(requester)
    html = client.get(f"/portal/catalog/{item.pk}/").content.decode()
    assert "Mon–Fri 08:30–18:00" in html
