"""Read side of service levels: a ticket's SLA summary and badge, the breaching-soon queue.

Works on timers already loaded with the ticket (`prefetch_timers()`), so a list of any size
costs one extra query, not one per row.
"""

import datetime as dt
from dataclasses import dataclass
from typing import TypedDict

from django.db.models import Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from incidents.models import Ticket
from sla.models import SLAPolicy, SLATimer, TimerKind, TimerState
from sla.timers import live_elapsed


def prefetch_timers() -> "Prefetch[str, QuerySet[SLATimer]]":
    # Ordered by the ticket's id, not by the model's default ("ticket", "kind"), which would
    # join the tickets to sort by their own default ordering.
    # The calendar and the policy are prefetched, not joined: a page of 200 tickets then
    # shares the one or two calendars (their JSON decoded once) instead of building one per
    # timer. The closed segments are left out: lists and pages read `elapsed`, and the
    # services that change a timer read it afresh, locked (`sla.timers`).
    return Prefetch(
        "sla_timers",
        queryset=SLATimer.objects.defer("segments")
        .prefetch_related("calendar", "policy")
        .order_by("ticket_id", "kind"),
    )


# What `summary` reads of a timer.
SUMMARY_FIELDS = ("ticket_id", "kind", "state", "due_at", "warned_at", "breached_at", "policy_id")


# Where `prefetch_summary_timers` leaves a ticket's timers: a plain list.
SUMMARY_TIMERS = "summary_timers"


def prefetch_summary_timers() -> "Prefetch[str, QuerySet[SLATimer]]":
    """The timers of a list that shows only their `summary` (the API's tickets): those
    columns, and the policies' names (a page shares a handful of policies, each read once).
    Kept as a list on each ticket (`to_attr`): Django then builds no related manager and
    queryset per ticket to hold them."""
    return Prefetch(
        "sla_timers",
        queryset=SLATimer.objects.only(*SUMMARY_FIELDS)
        .prefetch_related(Prefetch("policy", queryset=SLAPolicy.objects.only("name")))
        .order_by("ticket_id", "kind"),
        to_attr=SUMMARY_TIMERS,
    )


def timers_of(ticket: Ticket) -> dict[str, SLATimer]:
    timers = getattr(ticket, SUMMARY_TIMERS, None)
    if timers is None:
        timers = ticket.sla_timers.all()
    return {t.kind: t for t in timers}


class Summary(TypedDict):
    """docs/api.md's `sla` object of a ticket."""

    response_due_at: dt.datetime | None
    resolution_due_at: dt.datetime | None
    paused: bool
    breached: bool
    warned: bool
    policy: str | None


def summary(ticket: Ticket) -> Summary | None:
    """docs/api.md's `sla` object of a ticket (None without a matching policy)."""
    timers = timers_of(ticket)
    if not timers:
        return None
    response, resolution = timers.get(TimerKind.RESPONSE), timers.get(TimerKind.RESOLUTION)
    return {
        "response_due_at": response.due_at if response else None,
        "resolution_due_at": resolution.due_at if resolution else None,
        "paused": any(t.state == TimerState.PAUSED for t in timers.values()),
        "breached": any(t.breached for t in timers.values()),
        "warned": any(t.warned_at is not None for t in timers.values()),
        "policy": next((t.policy.name for t in timers.values() if t.policy is not None), None),
    }


@dataclass(frozen=True)
class Badge:
    """What the SLA badge shows: which timer, its state, and business time left."""

    kind: str
    state: str  # ok | warning | breached | paused | met | missed
    remaining: dt.timedelta
    due_at: dt.datetime | None

    @property
    def css(self) -> str:
        return {
            "ok": "text-bg-success",
            "warning": "text-bg-warning",
            "breached": "text-bg-danger",
            "paused": "text-bg-secondary",
            "met": "text-bg-light border",
            "missed": "text-bg-light border border-danger text-danger",
        }[self.state]


def badge(ticket: Ticket, now: dt.datetime | None = None) -> Badge | None:
    """The running (or paused) timer nearest its due time; else how the ticket ended."""
    now = now or timezone.now()
    timers = timers_of(ticket)
    if not timers:
        return None
    live = [t for t in timers.values() if t.state != TimerState.STOPPED]
    if live:
        timer = min(live, key=lambda t: (t.state != TimerState.RUNNING, t.due_at or now))
        left = timer.target - live_elapsed(timer, now)
        if timer.breached or left < dt.timedelta(0):
            state = "breached"
        elif timer.state == TimerState.PAUSED:
            state = "paused"
        elif timer.warned_at or (timer.warn_at and timer.warn_at <= now):
            state = "warning"
        else:
            state = "ok"
        return Badge(timer.kind, state, left, timer.due_at)
    timer = timers.get(TimerKind.RESOLUTION) or next(iter(timers.values()))
    return Badge(
        timer.kind, "missed" if timer.breached else "met", timer.target - timer.elapsed, None
    )


def breaching_soon(hours: float = 2.0, now: dt.datetime | None = None) -> Q:
    """Tickets with a running timer due within `hours` (or already overdue)."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(hours=hours)
    return Q(
        Exists(
            SLATimer.objects.filter(
                ticket=OuterRef("pk"), state=TimerState.RUNNING, due_at__lte=horizon
            )
        )
    )


def earliest_due() -> Min:
    """Annotation: the earliest due time of a ticket's running timers (queue ordering)."""
    return Min("sla_timers__due_at", filter=Q(sla_timers__state=TimerState.RUNNING))
