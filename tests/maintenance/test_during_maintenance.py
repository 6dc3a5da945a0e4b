"""An incident opened on a CI inside one of its planned windows says so."""

import datetime as dt
import zoneinfo

import pytest

from incidents import services
from incidents.models import Ticket

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _report(agent, ci, kind="incident"):
    return services.create_ticket(
        agent, services.NewTicket(title="Host down", kind=kind, asset=ci, channel="phone")
    )


@pytest.mark.parametrize(
    ("moment", "flagged"),
    [
        (dt.datetime(2027, 5, 5, 19, 59), False),  # before the window
        (dt.datetime(2027, 5, 5, 20, 0), True),  # 20:00–24:00 on the moved date
        (dt.datetime(2027, 5, 5, 23, 59), True),
        (dt.datetime(2027, 5, 6, 0, 0), False),  # the window has ended
        (dt.datetime(2027, 5, 3, 21, 0), False),  # the holiday the date moved from
    ],
)
def test_an_incident_inside_the_window_is_flagged(plan, agent, ci, at, moment, flagged):
    with at(moment.replace(tzinfo=SHANGHAI)):
        ticket = _report(agent, ci)
    assert ticket.during_maintenance is flagged
    assert Ticket.objects.get(pk=ticket.pk).during_maintenance is flagged


def test_a_window_past_midnight_covers_the_next_morning(plan, agent, ci, at):
    plan.window_start = dt.time(22, 0)
    plan.save()
    with at(dt.datetime(2027, 5, 6, 1, 30, tzinfo=SHANGHAI)):
        assert _report(agent, ci).during_maintenance is True


def test_another_ci_a_request_or_an_inactive_plan_is_not_flagged(plan, agent, ci, at):
    from tests import factories

    other = factories.AssetFactory(tag="D020101-009", room=ci.room)
    with at(dt.datetime(2027, 5, 5, 21, 0, tzinfo=SHANGHAI)):
        assert _report(agent, other).during_maintenance is False
        assert _report(agent, ci, kind="request").during_maintenance is False
        plan.active = False
        plan.save()
        assert _report(agent, ci).during_maintenance is False


def test_the_flag_is_in_the_api_and_on_the_ticket_page(plan, agent, ci, at, client_for, client):
    with at(dt.datetime(2027, 5, 5, 21, 0, tzinfo=SHANGHAI)):
        ticket = _report(agent, ci)
    body = client_for(agent).get(f"/api/v1/tickets/{ticket.pk}/").json()
    assert body["during_maintenance"] is True
    client.force_login(agent)
    page = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert 'data-testid="during-maintenance"' in page
    assert "During a maintenance window" in page
