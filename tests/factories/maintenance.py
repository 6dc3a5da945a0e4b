"""Factories for maintenance plans."""

import datetime as dt

import factory

from maintenance.models import MaintenancePlan
from tests.factories.accounts import SupportGroupFactory, UserFactory
from tests.factories.catalog import CatalogItemFactory
from tests.factories.sla import BusinessCalendarFactory

__all__ = ["MaintenancePlanFactory"]


class MaintenancePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaintenancePlan

    name = factory.Sequence(lambda n: f"Plan {n}")
    catalog_item = factory.SubFactory(CatalogItemFactory, kind="request")
    assignment_group = factory.SubFactory(SupportGroupFactory)
    recurrence = "FREQ=MONTHLY;BYDAY=1MO"
    start_date = dt.date(2026, 1, 1)
    calendar = factory.SubFactory(BusinessCalendarFactory)
    on_non_working_day = "next_working_day"
    lead_working_days = 2
    window_start = dt.time(20, 0)
    window_minutes = 120
    checklist = factory.LazyFunction(lambda: ["Announce", "Do the work", "Check"])
    owner = factory.SubFactory(UserFactory, role="manager")
