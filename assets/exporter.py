"""CSV and XLSX export of a list of configuration items, in the import's column layout."""

from django.utils import timezone

from assets.importer import COLUMNS
from common import spreadsheets

FORMATS = spreadsheets.FORMATS


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


def response(queryset, kind: str):
    """The export download; raises spreadsheets.TooManyRows above EXPORT_MAX_ROWS."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return spreadsheets.export_response(f"cmdb-{stamp}", COLUMNS, queryset, _row, kind)
