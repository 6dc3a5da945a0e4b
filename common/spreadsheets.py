"""CSV and XLSX downloads, shared by every export (CMDB, tickets, import templates)."""

import csv
import datetime
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, TypeAlias

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook

from common.errors import DomainError

# What a cell holds, and a row of them; a column heading may be a translatable string.
Cell: TypeAlias = str | int | float | Decimal | bool | datetime.date | datetime.datetime | None
Row: TypeAlias = Sequence[Cell]
Header: TypeAlias = Sequence[str | Promise]

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_cell(value: Cell) -> Cell:
    """Defuse formula injection: text starting with = + - @ would run in a spreadsheet."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return f"'{value}"
    return value


def response(filename: str, header: Header, rows: Iterable[Row], kind: str) -> HttpResponse:
    """A download of `header` and `rows` as `<filename>.<kind>` (kind is csv or xlsx)."""
    if kind == "xlsx":
        return workbook_response(filename, [(filename, header, rows)])
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese text correctly
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    result = HttpResponse(buffer.getvalue().encode("utf-8"), content_type=FORMATS[kind])
    result["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return result


def workbook_response(
    filename: str, sheets: Sequence[tuple[str | Promise, Header, Iterable[Row]]]
) -> HttpResponse:
    """An XLSX download of several sheets: `(title, header, rows)` each."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(str(title)[:31])
        sheet.append([str(h) for h in header])
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = HttpResponse(buffer.getvalue(), content_type=FORMATS["xlsx"])
    result["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return result


# Rows fetched from the database at a time, and CSV rows sent per chunk, by an export.
EXPORT_CHUNK_ROWS = 2000
CSV_LINES_PER_CHUNK = 500


class TooManyRows(DomainError):
    """An export would hold more than EXPORT_MAX_ROWS rows: a 400 asking to narrow it."""

    def __init__(self, limit: int):
        self.limit = limit
        message = _(
            "This export would hold more than %(max)s rows. Narrow the filters (for example "
            "a shorter time span) and export again."
        ) % {"max": f"{limit:,}"}
        super().__init__(message, field="non_field_errors")


def check_export_size(queryset: QuerySet[Any]) -> None:
    """Raise TooManyRows when `queryset` has more than EXPORT_MAX_ROWS rows (one query that
    asks for the row after the last one allowed, not a full count)."""
    limit = settings.EXPORT_MAX_ROWS
    if queryset.order_by().values_list("pk", flat=True)[limit : limit + 1].exists():
        raise TooManyRows(limit)


class _Line:
    """A file-like object whose write() hands back the CSV line instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _csv_chunks(header: Header, rows: Iterable[Row]) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    chunk = ["\ufeff", writer.writerow(header)]  # the BOM: Excel then reads UTF-8 Chinese
    for row in rows:
        chunk.append(writer.writerow([safe_cell(v) for v in row]))
        if len(chunk) >= CSV_LINES_PER_CHUNK:
            yield "".join(chunk).encode("utf-8")
            chunk = []
    yield "".join(chunk).encode("utf-8")


def export_response(
    filename: str,
    header: Header,
    queryset: QuerySet[Any],
    row: Callable[[Any], Row],
    kind: str,
) -> HttpResponse | FileResponse | StreamingHttpResponse:
    """A capped, constant-memory export of `queryset` (one `row(obj)` each) as CSV or XLSX.

    CSV streams as it is read; XLSX is written row by row (openpyxl's write-only mode) to a
    temporary file that is then streamed. Raises TooManyRows above EXPORT_MAX_ROWS.
    """
    check_export_size(queryset)
    rows = (row(obj) for obj in queryset.iterator(chunk_size=EXPORT_CHUNK_ROWS))
    if kind == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(filename[:31])
        sheet.append([str(h) for h in header])
        for values in rows:
            sheet.append([safe_cell(v) for v in values])
        spool = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it when sent)
        workbook.save(spool)
        spool.seek(0)
        return FileResponse(
            spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=FORMATS["xlsx"]
        )
    result = StreamingHttpResponse(_csv_chunks(header, rows), content_type=FORMATS["csv"])
    result["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return result
