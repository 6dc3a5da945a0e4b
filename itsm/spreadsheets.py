"""CSV and XLSX downloads, shared by every export (CMDB, tickets, import templates)."""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse
from openpyxl import Workbook

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_cell(value):
    """Defuse formula injection: text starting with = + - @ would run in a spreadsheet."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return f"'{value}"
    return value


def response(filename: str, header: list[str], rows: Iterable[list], kind: str) -> HttpResponse:
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


def workbook_response(filename: str, sheets: list[tuple[str, list, Iterable[list]]]):
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
