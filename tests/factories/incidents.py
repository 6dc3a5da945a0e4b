"""Factories for tickets."""

import factory

from incidents.models import Ticket
from tests.factories.accounts import UserFactory

__all__ = ["TicketFactory"]


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ticket

    kind = "incident"
    title = factory.Sequence(lambda n: f"Ticket {n}")
    requester = factory.SubFactory(UserFactory)
    number = factory.Sequence(lambda n: f"INC{n + 9000000:07d}")
