"""Which policy applies, and calendar maintenance (official Chinese holidays)."""

import copy
import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from holidays import country_holidays

from common.cache import LocalCopy
from sla import businesstime
from sla.models import BusinessCalendar, SLAPolicy, policy_score


def _active_policies() -> list[SLAPolicy]:
    return list(SLAPolicy.objects.filter(is_active=True).select_related("calendar").order_by())


# The active policies with their calendars, kept per process: every ticket opened matches
# one. `sla.apps` tells it when a policy or a calendar is saved or deleted; a bulk
# `update()` of either must call `ACTIVE_POLICIES.changed()` itself.
ACTIVE_POLICIES = LocalCopy("sla-active-policies", _active_policies)


def match_policy(
    service_id: int | None, customer_unit_id: int | None, priority: int | None
) -> SLAPolicy | None:
    """The most specific active policy for a ticket's service, customer unit and priority.

    Order (documented in docs and the README): a policy naming the service beats one naming
    the customer unit, which beats one naming the priority; ties cannot exist (one active
    policy per scope); the policy with none of the three is the default. A policy applies
    when each of the three it names is the ticket's.
    """
    best = None
    for policy in ACTIVE_POLICIES.get():
        if (
            policy.service_id in (None, service_id)
            and policy.customer_unit_id in (None, customer_unit_id)
            and policy.priority in (None, priority)
            and (best is None or (policy.specificity, -policy.pk) > (best.specificity, -best.pk))
        ):
            best = policy
    # A copy: the caller may load or cache more on it than the process's shared copy holds.
    return copy.copy(best)


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
