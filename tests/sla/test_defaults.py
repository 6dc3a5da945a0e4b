"""The service levels a fresh install ships (sla's initial migration, sla/defaults.py)."""

import pytest
from django.apps import apps
from django.utils import timezone, translation

from incidents import services
from sla import defaults, demo
from sla.models import BusinessCalendar, SLAPolicy, SLATimer
from sla.services import official_days
from tests.sla.conftest import sh

pytestmark = pytest.mark.django_db


def test_the_migrations_ship_an_office_calendar_with_official_holidays(shipped_service_levels):
    calendar = BusinessCalendar.objects.get()
    assert calendar.name == "Standard office hours"
    assert calendar.timezone == "Asia/Shanghai"
    assert calendar.hours["mon"] == [["09:00", "12:00"], ["13:00", "18:00"]]
    assert calendar.hours["fri"] == calendar.hours["mon"]
    assert calendar.hours["sat"] == calendar.hours["sun"] == []
    year = timezone.localdate().year
    for y in (year, year + 1):
        off, extra = official_days(y)
        assert {d.isoformat() for d in off} <= set(calendar.holidays)
        assert {d.isoformat() for d in extra} <= set(calendar.workdays)
    calendar.full_clean()  # editable on the SLA pages as it is


def test_the_migrations_ship_one_policy_per_priority(shipped_service_levels):
    policies = list(shipped_service_levels)
    assert [p.priority for p in policies] == [1, 2, 3, 4, 5]
    assert all(
        p.is_active and p.service_id is None and p.customer_unit_id is None for p in policies
    )
    assert (policies[0].response_minutes, policies[0].resolution_minutes) == (15, 240)
    responses = [p.response_minutes for p in policies]
    resolutions = [p.resolution_minutes for p in policies]
    assert responses == sorted(responses) and resolutions == sorted(resolutions)
    assert all(p.calendar.name == "Standard office hours" for p in policies)
    for policy in policies:
        policy.full_clean()


def test_a_ticket_on_a_fresh_install_gets_sla_timers(shipped_service_levels, agent, at):
    # Friday 4 December 2026, 17:00: an hour of business time is left that day. The desk
    # logs it (a requester gives the urgency only; the impact is the desk's to judge).
    with at(sh(2026, 12, 4, 17, 0)):
        ticket = services.create_ticket(
            agent, services.NewTicket(title="Printer jams", impact=1, urgency=1)
        )
    timers = {t.kind: t for t in SLATimer.objects.filter(ticket=ticket).select_related("policy")}
    assert set(timers) == {"response", "resolution"}
    assert timers["response"].policy.name == "P1 Critical"
    assert timers["response"].due_at == sh(2026, 12, 4, 17, 15)
    # Four business hours: 17:00–18:00 on Friday, then Monday 09:00–12:00.
    assert timers["resolution"].due_at == sh(2026, 12, 7, 12, 0)


def test_a_ticket_on_a_desk_without_service_levels_has_none(requester):
    ticket = services.create_ticket(requester, services.NewTicket(title="Printer jams"))
    assert not SLATimer.objects.filter(ticket=ticket).exists()


def test_shipped_names_read_in_the_readers_language(shipped_service_levels):
    calendar = BusinessCalendar.objects.get()
    policy = shipped_service_levels.get(priority=2)
    with translation.override("zh-hans"):
        assert calendar.display_name == "标准办公时间" == str(calendar)
        assert policy.display_name == "P2 高"
    with translation.override("en"):
        assert calendar.display_name == "Standard office hours"
    policy.name = "Gold P2"
    with translation.override("zh-hans"):
        assert policy.display_name == "Gold P2"  # a manager's own name stays as written


def test_an_existing_desk_keeps_its_policies(shipped_service_levels):
    before = list(SLAPolicy.objects.order_by("pk").values_list("pk", "name"))
    defaults.create(
        apps.get_model("sla", "BusinessCalendar"), apps.get_model("sla", "SLAPolicy"), 2026
    )
    assert list(SLAPolicy.objects.order_by("pk").values_list("pk", "name")) == before
    assert BusinessCalendar.objects.count() == 1


def test_the_demo_reuses_the_shipped_calendar_and_policies(shipped_service_levels):
    shipped = set(SLAPolicy.objects.values_list("pk", flat=True))
    demo.seed()
    demo.seed()
    for priority in (1, 2, 3, 4, 5, None):
        assert (
            SLAPolicy.objects.filter(
                is_active=True, service=None, customer_unit=None, priority=priority
            ).count()
            == 1
        )
    assert shipped <= set(SLAPolicy.objects.values_list("pk", flat=True))
    assert set(BusinessCalendar.objects.values_list("name", flat=True)) == {
        "Standard office hours",
        "7×24",
    }
