"""Import configuration items from CSV or XLSX: every bad row reported, all or nothing.

Headers may be English (`tag, name, category, ...`) or Chinese (`标签, 名称, 设备类别, ...`).
`row` numbers count as a spreadsheet does: the header is row 1. Lookups (categories,
customer units, owners, rooms, existing tags) are loaded once, so a file of thousands of
rows costs a handful of queries, and the write is one transaction with history.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Self, TypedDict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import CustomerUnit, User
from assets import tags
from assets.models import Asset, AssetCategory, AssetStatus, Room, tag_error_message
from common import uploads

COLUMNS = [
    "tag",
    "name",
    "category",
    "customer_unit",
    "status",
    "owner",
    "serial_number",
    "model",
    "ip_address",
    "notes",
]
REQUIRED = {"tag", "name", "category"}
HEADER_ALIASES = {
    "标签": "tag",
    "资产标签": "tag",
    "名称": "name",
    "设备名称": "name",
    "设备类别": "category",
    "类别": "category",
    "客户单位": "customer_unit",
    "状态": "status",
    "责任人": "owner",
    "使用人": "owner",
    "所有者": "owner",
    "序列号": "serial_number",
    "型号": "model",
    "ip地址": "ip_address",
    "ip": "ip_address",
    "备注": "notes",
}
STATUS_ALIASES = {
    "在用": AssetStatus.IN_USE,
    "使用中": AssetStatus.IN_USE,
    "库存": AssetStatus.IN_STOCK,
    "在库": AssetStatus.IN_STOCK,
    "维修": AssetStatus.MAINTENANCE,
    "维修中": AssetStatus.MAINTENANCE,
    "报废": AssetStatus.RETIRED,
    "已报废": AssetStatus.RETIRED,
}
MAX_ROWS = 50_000
MAX_CELL = 5000
# Members this small may compress very well (an empty sheet's XML) without being a bomb.
RATIO_FLOOR = 1024 * 1024


class UnreadableFile(Exception):
    """The upload is not a CSV or XLSX file we can read; the message says why."""


class TooLong(str):
    """A cell longer than MAX_CELL, kept as its length only (reported on its row)."""

    def __new__(cls, length: int) -> Self:
        return super().__new__(cls, "")

    def __init__(self, length: int) -> None:
        self.length = length

    def __bool__(self) -> bool:
        return True  # a cell, though its text is dropped


class RowError(TypedDict):
    """One problem of an import: the row (1 is the header), the column, what is wrong."""

    row: int
    field: str
    message: str


class ReportBody(TypedDict):
    created: int
    updated: int
    errors: list[RowError]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    limit: int = 100
    omitted: int = 0

    @property
    def full(self) -> bool:
        """As many errors as a report shows: checking stops here."""
        return len(self.errors) >= self.limit

    def error(self, row: int, column: str, message: str) -> None:
        if self.full:
            self.omitted += 1
        else:
            self.errors.append({"row": row, "field": column, "message": str(message)})

    def close(self, row: int) -> None:
        """Say that checking stopped at `row` because there were too many errors."""
        self.errors.append(
            {
                "row": row,
                "field": "file",
                "message": _(
                    "More than %(max)d errors: the rest of the file was not checked and "
                    "further errors are omitted. Fix these and import again."
                )
                % {"max": self.limit},
            }
        )

    def as_dict(self) -> ReportBody:
        return {"created": self.created, "updated": self.updated, "errors": self.errors}


def _canonical_header(text: object) -> str:
    key = str(text or "").strip().lower().replace(" ", "_")
    return HEADER_ALIASES.get(key, key)


def _cell(value: object) -> str:
    """A cell as stripped text; an over-long one is replaced by its length at once."""
    text = "" if value is None else str(value)
    if len(text) > MAX_CELL:
        return TooLong(len(text))
    return text.strip()


def _read_csv(data: bytes) -> Iterator[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFile(_("The file is not UTF-8 or GB18030 text."))
    if "\x00" in text or uploads.opens_markup(data[:2048]):
        raise UnreadableFile(_("The file is not a CSV or XLSX spreadsheet."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise UnreadableFile(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc
    return iter(rows)


def check_archive(data: bytes) -> None:
    """Refuse a zip that would unpack to more than the settings allow, before parsing it.

    The sizes are the archive's own declarations; zipfile never inflates a member past its
    declared size (and fails its CRC check if the data says otherwise), so they bound what
    openpyxl can read.
    """
    damaged = _("The XLSX file cannot be opened: it may be damaged.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UnreadableFile(damaged) from exc
    limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    ratio = settings.IMPORT_MAX_COMPRESSION_RATIO
    total = sum(member.file_size for member in members)
    inflated = any(
        member.file_size > RATIO_FLOOR and member.file_size > ratio * member.compress_size
        for member in members
    )
    if total > limit or inflated:
        raise UnreadableFile(
            _(
                "The XLSX file unpacks to more than %(mb)d MB or is compressed suspiciously "
                "well: split it or save it as CSV."
            )
            % {"mb": limit // 2**20}
        )


def _read_xlsx(data: bytes) -> Iterator[list[str]]:
    check_archive(data)
    damaged = _("The XLSX file cannot be opened: it may be damaged.")
    # SyntaxError: malformed XML inside a sound zip (ElementTree's and lxml's errors).
    errors = (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except (*errors, IndexError) as exc:
        raise UnreadableFile(damaged) from exc

    def rows() -> Iterator[list[str]]:
        # read_only streams the sheet's XML row by row; cells are checked as they come.
        try:
            for values in sheet.iter_rows(values_only=True):
                yield [_cell(v) for v in values]
        except errors as exc:
            raise UnreadableFile(damaged) from exc
        finally:
            workbook.close()

    return rows()


def read_rows(name: str, data: bytes) -> Iterator[list[str]]:
    """Rows of the first sheet (XLSX) or the CSV, header first, as they are read."""
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise UnreadableFile(
            _("The file is larger than %(mb)d MB.") % {"mb": settings.IMPORT_MAX_BYTES // 2**20}
        )
    if data[:4] == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    if name.lower().endswith((".csv", ".txt")) or not name:
        return _read_csv(data)
    raise UnreadableFile(_("Upload a .csv or .xlsx file."))


class _Lookups:
    """Everything a row refers to, loaded once."""

    def __init__(self) -> None:
        self.categories = {c.code.upper(): c for c in AssetCategory.objects.all()}
        self.units = {u.code.upper(): u for u in CustomerUnit.objects.all()}
        self.rooms = {r.key: r for r in Room.objects.select_related("building")}
        self.buildings = {r.building.code for r in self.rooms.values()}
        self.existing = {a.tag: a for a in Asset.objects.all()}

    def owners(self, usernames: set[str]) -> dict[str, User]:
        user_model: type[User] = get_user_model()
        return {u.username.lower(): u for u in user_model.objects.filter(username__in=usernames)}


def import_assets(
    name: str,
    data: bytes,
    *,
    update: bool = False,
    dry_run: bool = False,
    actor: User | None = None,
) -> ImportReport:
    """Validate every row; write them all (or nothing) unless `dry_run`."""
    rows = read_rows(name, data)
    report = ImportReport(limit=settings.IMPORT_MAX_ERRORS)
    first = next(rows, None)
    if first is None or not any(cell for cell in first):
        raise UnreadableFile(_("The file is empty: the first row must name the columns."))
    header = [_canonical_header(h) for h in first]
    missing = REQUIRED - set(header)
    if missing:
        for column in sorted(missing):
            report.error(1, column, _("This column is required."))
        return report

    lookups = _Lookups()
    index = {column: header.index(column) for column in COLUMNS if column in header}
    records: list[tuple[int, dict[str, str]]] = []
    for number, row in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            report.error(1, "file", _("At most %(max)d rows per file.") % {"max": MAX_ROWS})
            return report
        if not any(row):
            continue
        records.append((number, {c: row[i] if i < len(row) else "" for c, i in index.items()}))
    owners = lookups.owners({r["owner"] for _, r in records if r.get("owner")})

    to_create: list[Asset] = []
    to_update: list[Asset] = []
    seen_tags: dict[str, int] = {}
    for position, (number, record) in enumerate(records):
        asset = _build(number, record, lookups, owners, report, update, seen_tags)
        if report.full and (report.omitted or position + 1 < len(records)):
            report.close(number)
            break
        if asset is not None:
            (to_update if asset.pk else to_create).append(asset)

    if report.errors:
        return report
    report.created, report.updated = len(to_create), len(to_update)
    if not dry_run:
        with transaction.atomic():
            if to_create:
                bulk_create_with_history(to_create, Asset, batch_size=500, default_user=actor)
            if to_update:
                bulk_update_with_history(
                    to_update,
                    Asset,
                    [c for c in COLUMNS if c != "tag"] + ["room"],
                    batch_size=500,
                    default_user=actor,
                )
    return report


def _build(
    number: int,
    record: dict[str, str],
    lookups: _Lookups,
    owners: dict[str, User],
    report: ImportReport,
    update: bool,
    seen_tags: dict[str, int],
) -> Asset | None:
    errors_before = len(report.errors)
    for column, value in record.items():
        if isinstance(value, TooLong):
            report.error(number, column, _("At most %(max)d characters.") % {"max": MAX_CELL})
            return None
    try:
        parsed = tags.parse(record.get("tag", ""))
    except tags.InvalidTag:
        report.error(number, "tag", tag_error_message())
        return None
    tag = str(parsed)
    if tag in seen_tags:
        report.error(number, "tag", _("This tag is also on row %(row)d.") % {"row": seen_tags[tag]})
        return None
    seen_tags[tag] = number
    room = lookups.rooms.get(parsed.room_key)
    if room is None:
        if parsed.building not in lookups.buildings:
            message = _("Building %(building)s does not exist. Create it first.")
        else:
            message = _("Room %(room)s does not exist in building %(building)s.")
        report.error(number, "tag", message % {"building": parsed.building, "room": parsed.room})

    asset = lookups.existing.get(tag)
    if asset is not None and not update:
        report.error(
            number,
            "tag",
            _('An item with this tag already exists. Choose "update existing" to change it.'),
        )
    if asset is None:
        asset = Asset(tag=tag)
    if room is not None:  # else reported above: the row is not kept
        asset.room = room
    asset.name = record.get("name", "")
    category = lookups.categories.get(record.get("category", "").upper())
    if category is None:
        report.error(
            number,
            "category",
            _("Unknown category code “%(code)s”.") % {"code": record.get("category", "")},
        )
    else:
        asset.category = category
    if "customer_unit" in record:
        code = record["customer_unit"]
        unit = lookups.units.get(code.upper()) if code else None
        if code and unit is None:
            report.error(
                number,
                "customer_unit",
                _("Unknown customer unit code “%(code)s”.") % {"code": code},
            )
        asset.customer_unit = unit
    if "status" in record:
        raw = record["status"]
        status = STATUS_ALIASES.get(raw, raw.lower() or AssetStatus.IN_USE)
        if status not in AssetStatus.values:
            report.error(
                number,
                "status",
                _("Unknown status “%(value)s”: use in_use, in_stock, maintenance or retired.")
                % {"value": raw},
            )
        else:
            asset.status = status
    if "owner" in record:
        username = record["owner"]
        owner = owners.get(username.lower()) if username else None
        if username and owner is None:
            report.error(
                number, "owner", _("Unknown user “%(username)s”.") % {"username": username}
            )
        asset.owner = owner
    for column in ("serial_number", "model", "notes"):
        if column in record:
            setattr(asset, column, record[column])
    if "ip_address" in record:
        asset.ip_address = record["ip_address"] or None
    try:
        asset.clean_fields(exclude=["tag", "room", "category", "customer_unit", "owner"])
    except ValidationError as exc:
        for column, messages in exc.message_dict.items():
            for message in messages:
                report.error(number, column, message)
    return asset if len(report.errors) == errors_before else None


def template_rows(chinese: bool = False) -> list[list[str]]:
    """Header and one example row for the downloadable template."""
    if chinese:
        header = [
            "标签",
            "名称",
            "设备类别",
            "客户单位",
            "状态",
            "责任人",
            "序列号",
            "型号",
            "IP地址",
            "备注",
        ]
    else:
        header = COLUMNS
    example = [
        tags.EXAMPLE,
        "Finance printer",
        "PRN",
        "FIN",
        "in_use",
        "requester",
        "SN123456",
        "HP LaserJet M404",
        "10.1.2.30",
        "",
    ]
    return [header, example]
