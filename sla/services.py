"""Which policy applies, and calendar maintenance (official Chinese holidays)."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from holidays import country_holidays

from sla import businesstime
from sla.models import BusinessCalendar, SLAPolicy, policy_score


def match_policy(
    service_id: int | None, customer_unit_id: int | None, priority: int | None
) -> SLAPolicy | None:
    """The most specific active policy for a ticket's service, customer unit and priority.

    Order (documented in docs and the README): a policy naming the service beats one naming
    the customer unit, which beats one naming the priority; ties cannot exist (one active
    policy per scope); the policy with none of the three is the default.
    """
    candidates = (
        SLAPolicy.objects.filter(is_active=True)
        .filter(
            Q(service__isnull=True) | Q(service_id=service_id),
            Q(customer_unit__isnull=True) | Q(customer_unit_id=customer_unit_id),
            Q(priority__isnull=True) | Q(priority=priority),
        )
        .select_related("calendar", "escalation_group")
        .order_by()  # the loop below decides; sorting by name would be wasted work
    )
    best = None
    for policy in candidates:
        if best is None or (policy.specificity, -policy.pk) > (best.specificity, -best.pk):
            best = policy
    return best


@dataclass(frozen=True)
class Preview:
    """What a ticket opened at `at` with this scope would get."""

    policy: SLAPolicy | None
    response_due_at: dt.datetime | None
    resolution_due_at: dt.datetime | None


def preview(
    service_id: int | None,
    customer_unit_id: int | None,
    priority: int | None,
    at: dt.datetime,
) -> Preview:
    """The policy that would apply and its due times: "a P2 opened now would be due at …"."""
    policy = match_policy(service_id, customer_unit_id, priority)
    if policy is None:
        return Preview(None, None, None)
    cal = policy.calendar.calendar
    response: dt.datetime | None
    resolution: dt.datetime | None
    try:
        response = businesstime.add_business_minutes(cal, at, policy.response_minutes)
        resolution = businesstime.add_business_minutes(cal, at, policy.resolution_minutes)
    except businesstime.NoWorkingTime:
        response = resolution = None
    return Preview(policy, response, resolution)


def official_days(year: int) -> tuple[set[dt.date], set[dt.date]]:
    """Official Chinese holidays (with substituted days off) and make-up working days."""
    china = country_holidays("CN", years=year)
    off = {d for d in china if d.year == year}
    extra = {d for d in china.weekend_workdays if d.year == year}
    return off, extra


def merge_official_days(
    holidays: list[str], workdays: list[str], year: int
) -> tuple[list[str], list[str], tuple[int, int]]:
    """A calendar's holidays and make-up days (ISO dates) with a year's official ones merged
    in, and how many dates of each were added. A date off wins over a make-up day."""
    off, extra = official_days(year)
    current_off = {dt.date.fromisoformat(d) for d in holidays}
    current_extra = {dt.date.fromisoformat(d) for d in workdays}
    added = (len(off - current_off), len(extra - current_extra))
    merged_off = current_off | off
    merged_extra = (current_extra | extra) - merged_off
    return (
        sorted(d.isoformat() for d in merged_off),
        sorted(d.isoformat() for d in merged_extra),
        added,
    )


@transaction.atomic
def load_official_holidays(calendar: BusinessCalendar, year: int) -> tuple[int, int]:
    """Merge a year's official holidays and make-up days into the calendar; managers may
    edit the result. Returns how many dates of each were added."""
    calendar = BusinessCalendar.objects.select_for_update().get(pk=calendar.pk)
    calendar.holidays, calendar.workdays, added = merge_official_days(
        calendar.holidays, calendar.workdays, year
    )
    calendar.full_clean()
    calendar.save()
    return added


__all__ = [
    "Preview",
    "load_official_holidays",
    "match_policy",
    "merge_official_days",
    "official_days",
    "policy_score",
    "preview",
]
