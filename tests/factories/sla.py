"""Factories for calendars and SLA policies."""

import factory

from sla.models import BusinessCalendar, SLAPolicy

__all__ = ["OFFICE_HOURS", "BusinessCalendarFactory", "SLAPolicyFactory"]

# 09:00-18:00 on weekdays, no lunch break: nine business hours a day.
OFFICE_HOURS = {
    **{d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
    "sat": [],
    "sun": [],
}


class BusinessCalendarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessCalendar

    name = factory.Sequence(lambda n: f"Calendar {n}")
    timezone = "Asia/Shanghai"
    hours = factory.LazyFunction(lambda: dict(OFFICE_HOURS))


class SLAPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SLAPolicy

    name = factory.Sequence(lambda n: f"Policy {n}")
    calendar = factory.SubFactory(BusinessCalendarFactory)
    response_minutes = 60
    resolution_minutes = 480
    warn_at_percent = 75
