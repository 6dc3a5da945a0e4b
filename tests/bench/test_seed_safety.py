"""The benchmark seed empties only databases it may: PostgreSQL, seeded by it or forced."""

import pytest
from django.db import connection

from bench.seed import SeedRefused, seed
from incidents.models import Ticket
from tests import factories

SMALL = {"tickets": 3000, "assets": 500, "groups": 10, "users": 300, "running_timers": 600}

pytestmark = pytest.mark.django_db


def test_seed_refuses_a_database_that_is_not_postgresql():
    if connection.vendor == "postgresql":
        pytest.skip("checks the refusal on SQLite")
    with pytest.raises(SeedRefused, match="PostgreSQL only"):
        seed(**SMALL)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark seeds PostgreSQL only")
def test_seed_refuses_to_empty_tickets_it_did_not_seed_unless_forced():
    ticket = factories.TicketFactory()
    with pytest.raises(SeedRefused, match="did not seed"):
        seed(**SMALL, out=lambda _line: None)
    assert Ticket.objects.get() == ticket
    facts = seed(**SMALL, force=True, out=lambda _line: None)
    assert facts["skipped"] is False
    assert Ticket.objects.count() == 3000
    assert not Ticket.objects.filter(title=ticket.title, pk=ticket.pk).exists()
