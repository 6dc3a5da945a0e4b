"""Per-ticket SLA timers: started with the ticket, kept in step with its status, re-targeted
when its priority, service or customer unit changes.

Called by `incidents.services` inside the ticket's own transaction, with the ticket row
locked, so a timer never disagrees with the ticket it measures. Each change of a timer's
state is written to the ticket's history (kind `sla`, field `sla_<kind>`, old → new state).

Which state a timer should be in is a table (`DESIRED`), read by `sync_timers`; the
business-time arithmetic is `sla.businesstime`.
"""

import datetime as dt

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from accounts.models import User
from incidents import workflow
from incidents.models import EventKind, Ticket, TicketEvent
from sla import businesstime
from sla.models import BusinessCalendar, SLAPolicy, SLATimer, TimerKind, TimerState
from sla.services import match_policy

STOPPED_STATUSES = frozenset({workflow.RESOLVED, workflow.CLOSED, workflow.CANCELLED})


def desired_state(kind: str, status: str, responded: bool) -> str:
    """The state a timer must be in for a ticket in `status`.

    Response stops at the first public agent reply (or at resolution, which answers the
    requester too); resolution stops at resolution and runs again on reopen; pending
    pauses both.
    """
    if status in STOPPED_STATUSES or (kind == TimerKind.RESPONSE and responded):
        return TimerState.STOPPED
    if status == workflow.PENDING:
        return TimerState.PAUSED
    return TimerState.RUNNING


def _event(timer: SLATimer, actor: User | None, old: str, new: str, field: str = "") -> TicketEvent:
    return TicketEvent(
        ticket_id=timer.ticket_id,
        actor=actor,
        kind=EventKind.SLA,
        field=field or f"sla_{timer.kind}",
        old_value=old,
        new_value=new,
        internal=True,
    )


def project(timer: SLATimer) -> None:
    """Set elapsed, due_at and warn_at from the segments, the target and the calendar."""
    cal = timer.calendar.calendar
    segments = timer.closed_segments()
    timer.elapsed = businesstime.elapsed_in(cal, segments)
    if timer.state != TimerState.RUNNING:
        timer.due_at = timer.warn_at = None
        return
    target = timer.target
    timer.due_at = businesstime.instant_after(cal, segments, timer.running_since, target)
    warn = target * timer.warn_at_percent / 100
    timer.warn_at = businesstime.instant_after(cal, segments, timer.running_since, warn)


def _close_segment(timer: SLATimer, now: dt.datetime) -> None:
    if timer.running_since is not None and now > timer.running_since:
        timer.segments = [*timer.segments, [timer.running_since.isoformat(), now.isoformat()]]
    timer.running_since = None


def _is_responded(ticket: Ticket) -> bool:
    return ticket.first_response_at is not None


def start_timers(
    ticket: Ticket, now: dt.datetime | None = None, since: dt.datetime | None = None
) -> list[SLATimer]:
    """Create the response and resolution timers from the matching policy (none match: no
    timers). Both start at the ticket's creation (or `since`: an approved ticket's
    approval), whatever the hour: a ticket opened at 23:00 starts counting when the
    working day does."""
    start = since or ticket.created_at
    policy = match_policy(_service_id(ticket), ticket.customer_unit_id, ticket.priority)
    if policy is None:
        _remember(ticket, [])
        return []
    timers: list[SLATimer] = []
    for kind, minutes in (
        (TimerKind.RESPONSE, policy.response_minutes),
        (TimerKind.RESOLUTION, policy.resolution_minutes),
    ):
        timer = SLATimer(
            ticket=ticket,
            kind=kind,
            policy=policy,
            calendar=policy.calendar,
            target_minutes=minutes,
            warn_at_percent=policy.warn_at_percent,
            started_at=start,
            running_since=start,
        )
        project(timer)
        timers.append(timer)
    SLATimer.objects.bulk_create(timers)
    responded = _is_responded(ticket)
    if any(desired_state(t.kind, ticket.status, responded) != t.state for t in timers):
        sync_timers(ticket, None, now)
    else:
        _remember(ticket, timers)
    return timers


def _remember(ticket: Ticket, timers: list[SLATimer]) -> None:
    """Give the ticket the timers just written, as `prefetch_timers()` would load them, so
    its SLA summary does not read back what this request wrote."""
    # Django's own prefetch cache, which the stubs do not declare.
    ticket._prefetched_objects_cache = {  # type: ignore[attr-defined]
        **getattr(ticket, "_prefetched_objects_cache", {}),
        "sla_timers": sorted(timers, key=lambda t: t.kind),
    }


def _service_id(ticket: Ticket) -> int | None:
    item = ticket.catalog_item
    return item.service_id if item is not None else None


def _locked_timers(ticket: Ticket) -> list[SLATimer]:
    return list(
        SLATimer.objects.select_for_update(of=("self",))
        .select_related("calendar")
        .filter(ticket_id=ticket.pk)
    )


def sync_timers(ticket: Ticket, actor: User | None, now: dt.datetime | None = None) -> None:
    """Move each timer to the state the ticket's status asks for (see `desired_state`)."""
    now = now or timezone.now()
    events: list[TicketEvent] = []
    for timer in _locked_timers(ticket):
        want = desired_state(timer.kind, ticket.status, _is_responded(ticket))
        if want == timer.state:
            continue
        old = timer.state
        if old == TimerState.RUNNING:
            _close_segment(timer, now)
        if want == TimerState.RUNNING:
            timer.running_since = now
            timer.stopped_at = None
        elif want == TimerState.STOPPED:
            timer.stopped_at = now
        timer.state = want
        due_before = timer.due_at
        project(timer)
        # Left running after its due time, before the sweep saw it: still a breach.
        # Meeting the target at the very minute it falls due is meeting it.
        if due_before is not None and due_before < now and timer.breached_at is None:
            timer.breached_at = due_before
            # Paused: the sweep's second phase still chases it. Stopped: the work is done.
            timer.breach_notified = want == TimerState.STOPPED
            events.append(_event(timer, None, old, "breached"))
        label = want
        if want == TimerState.STOPPED:
            label = "breached" if timer.breached_at else "met"
        events.append(_event(timer, actor, old, label))
        timer.save()
    TicketEvent.objects.bulk_create(events)


def retarget(ticket: Ticket, actor: User | None, now: dt.datetime | None = None) -> None:
    """Apply the policy that now matches (priority, service or customer unit changed): the
    new targets count from the ticket's start, keeping the business time already used."""
    now = now or timezone.now()
    policy = match_policy(_service_id(ticket), ticket.customer_unit_id, ticket.priority)
    timers = _locked_timers(ticket)
    if policy is None:
        return
    if not timers:
        start_timers(ticket, now)
        return
    events: list[TicketEvent] = []
    for timer in timers:
        minutes = (
            policy.response_minutes
            if timer.kind == TimerKind.RESPONSE
            else policy.resolution_minutes
        )
        same = (
            timer.policy_id == policy.pk
            and timer.target_minutes == minutes
            and timer.calendar_id == policy.calendar_id
            and timer.warn_at_percent == policy.warn_at_percent
        )
        if same:
            continue
        old_minutes = timer.target_minutes
        # Recount from the start on the new calendar: close the open segment at `now`,
        # project, then reopen it, so the running segment is measured on the new calendar.
        running = timer.state == TimerState.RUNNING
        if running:
            _close_segment(timer, now)
            timer.running_since = now
        timer.policy, timer.calendar = policy, policy.calendar
        timer.target_minutes, timer.warn_at_percent = minutes, policy.warn_at_percent
        project(timer)
        timer.save()
        events.append(
            _event(timer, actor, str(old_minutes), str(minutes), f"sla_{timer.kind}_target")
        )
    TicketEvent.objects.bulk_create(events)


def remaining(timer: SLATimer, now: dt.datetime | None = None) -> dt.timedelta:
    """Business time left before the due time (negative once breached)."""
    return timer.target - live_elapsed(timer, now)


def live_elapsed(timer: SLATimer, now: dt.datetime | None = None) -> dt.timedelta:
    """Business time used so far, including the running segment up to `now`."""
    used = timer.elapsed
    if timer.state == TimerState.RUNNING and timer.running_since is not None:
        now = now or timezone.now()
        used += businesstime.business_time_between(
            timer.calendar.calendar, timer.running_since, now
        )
    return used


# --- working days for other periodic work (auto-close) ------------------------------------


def calendar_of_ticket() -> Subquery:
    """Subquery: the calendar id of the ticket's resolution timer (annotate on tickets)."""
    return Subquery(
        SLATimer.objects.filter(ticket=OuterRef("pk"), kind=TimerKind.RESOLUTION).values(
            "calendar_id"
        )[:1]
    )


class CalendarLookup:
    """Calendars by id, loaded once each; tickets without a timer use the default
    policy's calendar."""

    def __init__(self) -> None:
        self._by_id: dict[int, businesstime.Calendar | None] = {}
        self._default: businesstime.Calendar | None = None
        self._default_loaded = False

    def get(self, calendar_id: int | None) -> businesstime.Calendar | None:
        if calendar_id is None:
            return self.default()
        if calendar_id not in self._by_id:
            found = BusinessCalendar.objects.filter(pk=calendar_id).first()
            self._by_id[calendar_id] = found.calendar if found else None
        return self._by_id[calendar_id]

    def default(self) -> businesstime.Calendar | None:
        if not self._default_loaded:
            policy = (
                SLAPolicy.objects.filter(
                    is_active=True, service=None, customer_unit=None, priority=None
                )
                .select_related("calendar")
                .first()
            )
            self._default = policy.calendar.calendar if policy else None
            self._default_loaded = True
        return self._default


def after_working_days(
    cal: businesstime.Calendar | None, instant: dt.datetime, days: int
) -> dt.datetime:
    """`days` working days after `instant` on the calendar; plain days without one."""
    if cal is None:
        return instant + dt.timedelta(days=days)
    try:
        return businesstime.after_working_days(cal, instant, days)
    except businesstime.NoWorkingTime:
        return instant + dt.timedelta(days=days)
