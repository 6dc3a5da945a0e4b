"""CSV and XLSX export of a ticket list (never comments or work notes)."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

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
]
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _row(t) -> list:
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
    ]


def _safe(value):
    # Spreadsheet formula injection: text starting with = + - @ would run as a formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return f"'{value}"
    return value


def response(queryset, kind: str) -> HttpResponse:
    rows = ([_safe(v) for v in _row(t)] for t in queryset.iterator(chunk_size=2000))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if kind == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("tickets")
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        body = buffer.getvalue()
    else:
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
        body = buffer.getvalue().encode("utf-8")
    result = HttpResponse(body, content_type=FORMATS[kind])
    result["Content-Disposition"] = f'attachment; filename="tickets-{stamp}.{kind}"'
    return result
