"""CSV and XLSX export of a list of configuration items, in the import's column layout."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from assets.importer import COLUMNS

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _row(asset) -> list[str]:
    return [
        asset.tag,
        asset.name,
        asset.category.code,
        asset.customer_unit.code if asset.customer_unit else "",
        asset.status,
        asset.owner.username if asset.owner else "",
        asset.serial_number,
        asset.model,
        asset.ip_address or "",
        asset.notes,
    ]


def _safe(value: str) -> str:
    # Spreadsheet formula injection: a cell starting with = + - @ would be executed.
    return f"'{value}" if value and value[0] in "=+-@\t\r" else value


def response(queryset, kind: str) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    rows = (_row(a) for a in queryset.iterator(chunk_size=2000))
    if kind == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("CMDB")
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append([_safe(v) for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        body = buffer.getvalue()
    else:
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese text correctly
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        writer.writerows([_safe(v) for v in row] for row in rows)
        body = buffer.getvalue().encode("utf-8")
    result = HttpResponse(body, content_type=FORMATS[kind])
    result["Content-Disposition"] = f'attachment; filename="cmdb-{stamp}.{kind}"'
    return result
