"""Read side of planned maintenance: plans, their previews, the windows on a calendar and
the overdue occurrences. Windows are computed from the active plans' rules (future ones
have no row yet), with the tickets already opened attached: a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from assets.models import Asset
from incidents import workflow
from maintenance import recurrence
from maintenance.models import MaintenancePlan, Occurrence

# A preview or a calendar spans at most this many days (the API answers 400 beyond).
RANGE_DAYS_MAX = 366


@dataclass(frozen=True)
class PreviewDate:
    date: dt.date
    original_date: dt.date
    moved: bool


@dataclass
class Window:
    """One planned window: a plan's occurrence with its times, CIs and ticket (if opened)."""

    plan: MaintenancePlan
    date: dt.date
    original_date: dt.date
    moved: bool
    starts_at: dt.datetime
    ends_at: dt.datetime
    assets: list[Asset] = field(default_factory=list)
    ticket_id: int | None = None
    ticket_number: str | None = None
    ticket_status: str | None = None


def plans() -> QuerySet[MaintenancePlan]:
    """Every plan with what its list and API show (constant queries)."""
    return MaintenancePlan.objects.select_related(
        "catalog_item", "assignment_group", "calendar", "owner"
    ).prefetch_related(Prefetch("assets", queryset=Asset.objects.order_by("tag")))


def preview(plan: MaintenancePlan, first: dt.date, last: dt.date) -> list[PreviewDate]:
    """The plan's dates from `first` to `last` after its calendar (skipped dates left out)."""
    found = recurrence.occurrences(
        plan.rule(), plan.calendar.calendar, plan.on_non_working_day, first, last
    )
    return [PreviewDate(o.date, o.original_date, o.moved) for o in found]


def skipped(plan: MaintenancePlan, first: dt.date, last: dt.date) -> list[dt.date]:
    """The rule's dates in the range that the calendar skips (for the plan page)."""
    if plan.on_non_working_day != recurrence.SKIP:
        return []
    cal = plan.calendar.calendar
    rule = plan.rule()
    after = dt.datetime.combine(first, dt.time())
    before = dt.datetime.combine(last, dt.time.max)
    return sorted(
        {d.date() for d in rule.between(after, before, inc=True)}
        - {o.date for o in recurrence.occurrences(rule, cal, recurrence.SKIP, first, last)}
    )


def windows(
    first: dt.date,
    last: dt.date,
    *,
    asset: int | None = None,
    group: int | None = None,
    plan: int | None = None,
) -> list[Window]:
    """The planned windows whose date falls from `first` to `last`, in time order: active
    plans (filtered by CI, group or plan), with the ticket opened for each date, if any."""
    rows = plans().filter(active=True)
    if asset is not None:
        rows = rows.filter(assets=asset)
    if group is not None:
        rows = rows.filter(assignment_group=group)
    if plan is not None:
        rows = rows.filter(pk=plan)
    rows = rows.distinct()
    found: list[Window] = []
    plan_list = list(rows)
    opened = {
        (o.plan_id, o.original_date): o
        for o in Occurrence.objects.filter(
            plan__in=[p.pk for p in plan_list],
            date__gte=first - dt.timedelta(days=recurrence.MOVE_MAX_DAYS),
            date__lte=last,
        ).select_related("ticket")
    }
    for p in plan_list:
        try:
            dates = preview(p, first, last)
        except recurrence.RecurrenceError:
            continue
        cal = p.calendar.calendar
        for d in dates:
            starts, ends = recurrence.window(cal, d.date, p.window_start, p.window_minutes)
            row = opened.get((p.pk, d.original_date))
            ticket = row.ticket if row is not None else None
            found.append(
                Window(
                    plan=p,
                    date=d.date,
                    original_date=d.original_date,
                    moved=d.moved,
                    starts_at=starts,
                    ends_at=ends,
                    assets=list(p.assets.all()),
                    ticket_id=ticket.pk if ticket else None,
                    ticket_number=ticket.number if ticket else None,
                    ticket_status=ticket.status if ticket else None,
                )
            )
    return sorted(found, key=lambda w: (w.starts_at, w.plan.name))


def asset_in_window(asset_id: int, at: dt.datetime) -> bool:
    """Whether `at` falls inside a planned window of an active plan naming this CI."""
    day = timezone.localdate(at)
    longest = dt.timedelta(minutes=1) * max(
        [p.window_minutes for p in MaintenancePlan.objects.filter(active=True, assets=asset_id)]
        or [0]
    )
    if not longest:
        return False
    # A plan's calendar may keep another zone than the desk's: a day either side.
    first = day - dt.timedelta(days=longest.days + 1)
    last = day + dt.timedelta(days=1)
    return any(w.starts_at <= at < w.ends_at for w in windows(first, last, asset=asset_id))


def overdue(now: dt.datetime | None = None) -> QuerySet[Occurrence]:
    """Occurrences whose window has ended while their ticket is still open."""
    now = now or timezone.now()
    return (
        Occurrence.objects.filter(window_end_at__lt=now, ticket__status__in=workflow.OPEN_STATUSES)
        .select_related("plan", "ticket", "plan__assignment_group")
        .order_by("window_end_at", "id")
    )


def overdue_count(group_ids: frozenset[int] | None = None) -> int:
    rows = overdue()
    if group_ids is not None:
        rows = rows.filter(plan__assignment_group__in=group_ids)
    return rows.count()


def parse_range(
    raw_from: str | None, raw_to: str | None, *, default_days: int
) -> tuple[dt.date, dt.date]:
    """`from`/`to` (inclusive dates) as sent; missing: from today, `default_days` long.
    A bad date, `to` before `from` or a span over RANGE_DAYS_MAX is a ValidationError
    naming the parameter."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from common.inputs import parse_date

    errors: dict[str, list[str]] = {}
    first = last = None
    for name, raw in (("from", raw_from), ("to", raw_to)):
        if raw is None or raw == "":
            continue
        try:
            value = parse_date(raw)
        except ValidationError as exc:
            errors[name] = exc.messages
            continue
        if name == "from":
            first = value
        else:
            last = value
    if errors:
        raise ValidationError(errors)
    first = first or (last - dt.timedelta(days=default_days) if last else timezone.localdate())
    last = last or first + dt.timedelta(days=default_days)
    if last < first:
        raise ValidationError({"to": [_("Give a date on or after “from”.")]})
    if (last - first).days + 1 > RANGE_DAYS_MAX:
        raise ValidationError(
            {"to": [_("At most %(days)d days at a time.") % {"days": RANGE_DAYS_MAX}]}
        )
    return first, last
