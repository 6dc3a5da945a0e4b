"""Approval figures (approvals app): turnaround and the share rejected, overall and per
service and per approver.

- approval turnaround (hours): business time on the default SLA calendar from the moment a
  request was made (its step started) to its decision, for requests decided in the period;
  the median, so one forgotten request does not hide how fast people usually decide.
- approvals rejected %: of the decisions taken in the period, the rejections.

A waiting ticket has no group yet, so the scope's groups are those of the catalog item's
assignment group. Approvals are few beside tickets: the decided rows of the period are
read once (`decisions`, the columns the figures need) and the business time counted in
Python; the figures and the breakdown are made from the same reading.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from typing import NamedTuple, TypedDict

from django.db.models import Q

from approvals.models import Approval, State
from reports.scope import Scope
from sla import businesstime
from sla.timers import CalendarLookup

DECIDED = (State.APPROVED, State.REJECTED)


class Figures(TypedDict):
    approval_hours_median: float | None
    approvals_rejected_percent: float | None


class Decision(NamedTuple):
    service: str  # the ticket's service, in the reader's language ("" without one)
    approver: str
    hours: float  # business hours from the request to the decision
    rejected: bool


class Row(TypedDict):
    label: str
    decided: int
    rejected_percent: float | None
    hours_median: float | None


def _filter(scope: Scope) -> Q:
    q = Q(
        state__in=DECIDED,
        decided_at__gte=scope.since,
        decided_at__lt=scope.until,
    )
    if scope.group_ids is not None:
        q &= Q(ticket__catalog_item__assignment_group_id__in=scope.group_ids)
    if scope.service_id is not None:
        q &= Q(ticket__catalog_item__service_id=scope.service_id)
    if scope.customer_unit_id is not None:
        q &= Q(ticket__customer_unit_id=scope.customer_unit_id)
    if scope.priority is not None:
        q &= Q(ticket__priority=scope.priority)
    return q


def _hours(cal: businesstime.Calendar | None, start: dt.datetime, end: dt.datetime) -> float:
    if cal is None:
        return (end - start).total_seconds() / 3600
    return businesstime.business_seconds_between(cal, start, end) / 3600


def _summarise(hours: list[float], rejected: int) -> tuple[float | None, float | None]:
    if not hours:
        return None, None
    return round(statistics.median(hours), 1), round(100.0 * rejected / len(hours), 1)


def decisions(scope: Scope) -> list[Decision]:
    """The decisions of the period, oldest first."""
    rows = list(
        Approval.objects.filter(_filter(scope))
        .select_related("ticket__catalog_item__service", "approver")
        .only(
            "created_at",
            "decided_at",
            "state",
            "ticket__catalog_item__service__name",
            "ticket__catalog_item__service__name_zh",
            "approver__display_name",
            "approver__first_name",
            "approver__last_name",
            "approver__username",
        )
        .order_by("decided_at", "id")
    )
    # The calendar is read only when there is something to measure.
    cal = CalendarLookup().default() if rows else None
    out = []
    for row in rows:
        item = row.ticket.catalog_item
        decided = row.decided_at or row.created_at
        out.append(
            Decision(
                service=item.service.display_name if item is not None else "",
                approver=str(row.approver),
                hours=_hours(cal, row.created_at, decided),
                rejected=row.state == State.REJECTED,
            )
        )
    return out


def figures(decisions: list[Decision]) -> Figures:
    """The two figures of `/reports/summary/`, from the period's `decisions`."""
    median, rejected = _summarise([d.hours for d in decisions], sum(d.rejected for d in decisions))
    return {"approval_hours_median": median, "approvals_rejected_percent": rejected}


def breakdown(decisions: list[Decision]) -> dict[str, list[Row]]:
    """Per service and per approver, the most decisions first (the dashboard's tables)."""
    tables: dict[str, list[Row]] = {}
    for key, index in (("services", 0), ("approvers", 1)):
        groups: dict[str, list[tuple[float, bool]]] = defaultdict(list)
        for d in decisions:
            groups[str(d[index])].append((d.hours, d.rejected))
        rows: list[Row] = []
        for name, values in groups.items():
            median, rejected = _summarise([v[0] for v in values], sum(v[1] for v in values))
            rows.append(
                {
                    "label": name,
                    "decided": len(values),
                    "rejected_percent": rejected,
                    "hours_median": median,
                }
            )
        tables[key] = sorted(rows, key=lambda r: (-r["decided"], r["label"]))
    return tables
