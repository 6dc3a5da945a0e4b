"""Exports stream in constant memory and refuse more than EXPORT_MAX_ROWS rows (issue 16,
item 14): tickets and configuration items, CSV and XLSX."""

import io

import pytest
from openpyxl import load_workbook

from common import spreadsheets
from tests import factories

pytestmark = pytest.mark.django_db

TICKETS = "/api/v1/tickets/export/"
ASSETS = "/api/v1/assets/export/"


@pytest.fixture
def three_tickets(requester):
    return [factories.TicketFactory(requester=requester) for _ in range(3)]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_ticket_export_above_the_cap_is_a_translated_400(
    client_for, agent, three_tickets, settings, kind
):
    settings.EXPORT_MAX_ROWS = 2
    response = client_for(agent).get(TICKETS, {"as": kind})
    assert response.status_code == 400
    assert "more than 2 rows" in response.json()["non_field_errors"][0]
    chinese = client_for(agent).get(TICKETS, {"as": kind}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "筛选" in chinese.json()["non_field_errors"][0]


def test_ticket_export_at_the_cap_streams_every_row(client_for, agent, three_tickets, settings):
    settings.EXPORT_MAX_ROWS = 3
    response = client_for(agent).get(TICKETS, {"as": "csv"})
    assert response.status_code == 200 and response.streaming
    text = response.getvalue().decode("utf-8-sig")
    assert all(t.number in text for t in three_tickets)
    assert len(text.strip().splitlines()) == 4  # the header and three rows


def test_ticket_xlsx_export_is_written_row_by_row_to_a_file(
    client_for, agent, three_tickets, settings
):
    settings.EXPORT_MAX_ROWS = 3
    response = client_for(agent).get(TICKETS, {"as": "xlsx"})
    assert response.status_code == 200 and response.streaming
    assert 'filename="tickets-' in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.getvalue())).active.iter_rows(values_only=True))
    assert rows[0][0] == "number" and len(rows) == 4


def test_a_filter_below_the_cap_is_allowed(client_for, agent, three_tickets, settings):
    settings.EXPORT_MAX_ROWS = 1
    number = three_tickets[0].number
    response = client_for(agent).get(TICKETS, {"as": "csv", "search": number})
    assert response.status_code == 200, response.content


def test_cmdb_export_has_the_same_cap(client_for, agent, settings):
    for _ in range(2):
        factories.AssetFactory()
    settings.EXPORT_MAX_ROWS = 1
    assert client_for(agent).get(ASSETS, {"as": "csv"}).status_code == 400
    settings.EXPORT_MAX_ROWS = 2
    assert client_for(agent).get(ASSETS, {"as": "csv"}).status_code == 200


def test_csv_is_sent_before_every_row_is_read():
    """The first chunk leaves before the rows run out: memory holds a chunk, not the file."""
    read = []

    def rows():
        for n in range(spreadsheets.CSV_LINES_PER_CHUNK * 3):
            read.append(n)
            yield [n, "x"]

    chunks = spreadsheets._csv_chunks(["n", "x"], rows())
    first = next(chunks)
    assert first.startswith("\ufeffn,x".encode())
    assert len(read) < spreadsheets.CSV_LINES_PER_CHUNK * 3
    assert sum(1 for _ in chunks) >= 2
