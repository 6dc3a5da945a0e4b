import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from incidents import services
from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")


def sh(*args) -> dt.datetime:
    """A Shanghai wall time: sh(2026, 12, 4, 17, 30) is Friday 4 December 2026, 17:30."""
    return dt.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def office(db):
    """Weekdays 09:00-18:00 in Shanghai."""
    return factories.BusinessCalendarFactory(name="Office")


@pytest.fixture
def default_policy(office):
    """Response 60, resolution 480 business minutes; warns at 75 %."""
    return factories.SLAPolicyFactory(
        name="Default", calendar=office, response_minutes=60, resolution_minutes=480
    )


@pytest.fixture
def open_ticket(agent, requester, at):
    """`open_ticket(when, **fields)` → a ticket logged by `agent` at that instant, and
    started by them at once (unless `start=False`)."""

    def make(when, start=True, **fields):
        with at(when):
            ticket = services.create_ticket(
                agent,
                services.NewTicket(requester=requester, title="Mail is down", **fields),
            )
            return services.perform(agent, ticket, "start") if start else ticket

    return make


def act(actor, ticket, action, **body):
    return services.perform(actor, ticket, action, body)
