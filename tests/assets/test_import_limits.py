"""CMDB import against hostile files: zip bombs, huge cells, endless errors, markup."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from assets import importer
from assets.models import Asset
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/assets/import/"


@pytest.fixture
def room():
    return factories.RoomFactory()


@pytest.fixture
def category():
    return factories.AssetCategoryFactory(code="PC")


def _post(client, name: str, data: bytes):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(URL, {"file": upload}, format="multipart")


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bomb(padding_mb: int) -> bytes:
    """A real XLSX whose sheet XML is padded with `padding_mb` MB of spaces: deflate turns
    them into a few kilobytes per megabyte, so the file is small and the content huge."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx([["tag", "name", "category"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = source.read(info)
            if info.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(info.filename, data)
                continue
            with bomb.open(info.filename, "w") as member:
                head, tail = data.split(b"<sheetData>", 1)
                member.write(head)
                chunk = b" " * 2**20
                for _ in range(padding_mb):
                    member.write(chunk)
                member.write(b"<sheetData>" + tail)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_parsed(client_for, agent, monkeypatch):
    data = _bomb(60)  # 60 MB of XML in a file of a few hundred kilobytes at most
    assert len(data) < 1024 * 1024
    parsed = []
    monkeypatch.setattr(importer, "load_workbook", lambda *a, **k: parsed.append(1))
    response = _post(client_for(agent), "items.xlsx", data)
    assert response.status_code == 400
    assert "unpacks to more than 50 MB" in response.json()["file"][0]
    assert parsed == []  # refused from the zip's directory, never opened by openpyxl


def test_a_suspiciously_well_compressed_member_is_refused(client_for, agent, monkeypatch):
    data = _bomb(3)  # under the 50 MB total, but 3 MB of spaces compress over 100 times
    monkeypatch.setattr(importer, "load_workbook", lambda *a, **k: pytest.fail("parsed"))
    response = _post(client_for(agent), "items.xlsx", data)
    assert response.status_code == 400
    assert "compressed suspiciously well" in response.json()["file"][0]


def test_the_uncompressed_limit_is_a_setting(client_for, agent, settings, room, category):
    data = _xlsx([["tag", "name", "category"], ["D010210-001", "PC", "PC"]])
    assert _post(client_for(agent), "ok.xlsx", data).status_code == 200
    Asset.objects.all().delete()
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1000
    response = _post(client_for(agent), "ok.xlsx", data)
    assert response.status_code == 400 and "file" in response.json()
    assert not Asset.objects.exists()


def test_an_over_long_cell_is_a_row_error_while_streaming(client_for, agent, room, category):
    data = _xlsx([["tag", "name", "category"], ["D010210-001", "x" * 6000, "PC"], ["", "", ""]])
    response = _post(client_for(agent), "long.xlsx", data)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 2, "field": "name", "message": "At most 5000 characters."}
    ]
    assert not Asset.objects.exists()


def test_reading_keeps_only_the_length_of_an_over_long_cell():
    rows = importer.read_rows("long.xlsx", _xlsx([["tag"], ["y" * 9000]]))
    next(rows)
    (cell,) = next(rows)
    assert isinstance(cell, importer.TooLong) and cell.length == 9000 and str(cell) == ""


def test_errors_stop_at_the_bound_and_say_more_were_omitted(client_for, agent, settings):
    settings.IMPORT_MAX_ERRORS = 100
    body = "tag,name,category\n" + "".join(f"bad-{n},x,NOPE\n" for n in range(300))
    response = _post(client_for(agent), "bad.csv", body.encode())
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert len(errors) == 101
    assert errors[-1]["field"] == "file"
    assert "further errors are omitted" in errors[-1]["message"]
    assert errors[-1]["row"] == 101  # where checking stopped (row 1 is the header)


def test_exactly_the_bound_of_errors_says_nothing_was_omitted(client_for, agent, settings):
    settings.IMPORT_MAX_ERRORS = 5
    body = "tag,name,category\n" + "".join(f"bad-{n},x,PC\n" for n in range(5))
    errors = _post(client_for(agent), "bad.csv", body.encode()).json()["errors"]
    assert len(errors) == 5 and all(e["field"] == "tag" for e in errors)


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        b"\xef\xbb\xbf\r\n<!DOCTYPE html><html><body>tag,name</body></html>",
    ],
)
def test_markup_with_a_byte_order_mark_is_not_a_spreadsheet(client_for, agent, data):
    response = _post(client_for(agent), "items.csv", data)
    assert response.status_code == 400
    assert response.json() == {"file": ["The file is not a CSV or XLSX spreadsheet."]}


def _understate(data: bytes, member: str, size: int) -> bytes:
    """The archive with `member`'s declared uncompressed size rewritten to `size` (a zip that
    lies about what it holds, in its local header and its central directory alike)."""
    import struct

    out = bytearray(data)
    name = member.encode()
    for signature, offset, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = out.find(signature)
        while at != -1:
            length = struct.unpack_from("<H", out, at + name_at - (2 if name_at == 30 else 18))[0]
            if out[at + name_at : at + name_at + length] == name:
                struct.pack_into("<I", out, at + offset, size)
            at = out.find(signature, at + 4)
    return bytes(out)


def test_a_zip_that_understates_its_sizes_is_refused_not_inflated(client_for, agent):
    data = _understate(_bomb(60), "xl/worksheets/sheet1.xml", 2000)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 2000  # the lie holds
    response = _post(client_for(agent), "items.xlsx", data)
    assert response.status_code == 400
    assert response.json() == {"file": ["The XLSX file cannot be opened: it may be damaged."]}


def test_malformed_sheet_xml_in_a_sound_zip_is_a_400(client_for, agent):
    source = zipfile.ZipFile(io.BytesIO(_xlsx([["tag", "name", "category"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as broken:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"<row><c><v>1</c></sheetData>")
            broken.writestr(info.filename, data)
    response = _post(client_for(agent), "items.xlsx", out.getvalue())
    assert response.status_code == 400
    assert response.json() == {"file": ["The XLSX file cannot be opened: it may be damaged."]}


def test_the_import_page_shows_the_refusal_of_a_zip_bomb(client, agent):
    client.force_login(agent)
    upload = io.BytesIO(_bomb(60))
    upload.name = "items.xlsx"
    response = client.post("/cmdb/import/", {"file": upload})
    assert response.status_code == 200
    assert "unpacks to more than 50 MB" in response.content.decode()
    assert not Asset.objects.exists()


def test_the_import_page_says_further_errors_were_omitted(client, agent, settings):
    settings.IMPORT_MAX_ERRORS = 3
    client.force_login(agent)
    upload = io.BytesIO(("tag,name,category\n" + "bad,x,PC\n" * 10).encode())
    upload.name = "items.csv"
    html = client.post("/cmdb/import/", {"file": upload}).content.decode()
    assert "further errors are omitted" in html
