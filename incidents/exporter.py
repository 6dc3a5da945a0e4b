"""CSV and XLSX export of a ticket list (never comments or work notes)."""

from django.utils import timezone

from common import spreadsheets
from sla import queries as sla_queries

COLUMNS = [
    "number",
    "kind",
    "title",
    "status",
    "priority",
    "impact",
    "urgency",
    "channel",
    "requester",
    "customer_unit",
    "assignment_group",
    "assignee",
    "catalog_item",
    "asset",
    "created_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "resolution_code",
    "reassignment_count",
    "reopen_count",
    "response_due_at",
    "resolution_due_at",
    "sla_breached",
]
FORMATS = spreadsheets.FORMATS


def _time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _row(t) -> list:
    sla = sla_queries.summary(t) or {}
    return [
        t.number,
        t.kind,
        t.title,
        t.status,
        t.priority,
        t.impact,
        t.urgency,
        t.channel,
        t.requester.username,
        t.customer_unit.code if t.customer_unit else "",
        t.assignment_group.code if t.assignment_group else "",
        t.assignee.username if t.assignee else "",
        t.catalog_item.name if t.catalog_item else "",
        t.asset.tag if t.asset else "",
        _time(t.created_at),
        _time(t.first_response_at),
        _time(t.resolved_at),
        _time(t.closed_at),
        t.resolution_code,
        t.reassignment_count,
        t.reopen_count,
        _time(sla.get("response_due_at")),
        _time(sla.get("resolution_due_at")),
        {True: "yes", False: "no"}.get(sla.get("breached"), ""),
    ]


def response(queryset, kind: str):
    """The export download; raises spreadsheets.TooManyRows above EXPORT_MAX_ROWS."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return spreadsheets.export_response(f"tickets-{stamp}", COLUMNS, queryset, _row, kind)
