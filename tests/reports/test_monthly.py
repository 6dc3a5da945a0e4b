"""The monthly report opens on the last complete month (the current one can still be
picked, and says it is partial); each figure shows this month, the month before (units
kept) and the change; the busiest CIs carry their names beside their tags."""

import pytest

from tests import factories
from tests.reports.test_summary import desk  # noqa: F401  (the hand-built desk, November 2026)
from tests.sla.conftest import sh

pytestmark = pytest.mark.django_db

SIXTH_OF_DECEMBER = sh(2026, 12, 6, 15, 0)


def _figures(html: str) -> dict[str, list[str]]:
    table = html[html.index('data-testid="monthly-figures"') :]
    table = table[: table.index("</table>")]
    rows = {}
    for row in table.split("<tr>")[2:]:
        cells = [c.split(">", 1)[1].split("</td>")[0] for c in row.split("<td")[1:]]
        rows[cells[0]] = [" ".join(c.replace("\xa0", " ").split()) for c in cells[1:]]
    return rows


def test_opens_on_the_last_complete_month(client, manager, at):
    with at(SIXTH_OF_DECEMBER):
        client.force_login(manager)
        html = client.get("/reports/monthly/").content.decode()
    assert "Monthly service report · 2026-11" in html
    assert 'data-testid="partial-month"' not in html
    assert 'href="?month=2026-12"' in html  # "This month so far" stays one click away


def test_the_current_month_can_be_picked_and_says_it_is_partial(client, manager, at):
    with at(SIXTH_OF_DECEMBER):
        client.force_login(manager)
        html = client.get("/reports/monthly/", {"month": "2026-12"}).content.decode()
    assert "Monthly service report · 2026-12" in html
    assert "This month is not over: the figures run until 2026-12-06." in html


def test_previous_month_keeps_units_and_the_change_is_shown(client, manager, desk):  # noqa: F811
    client.force_login(manager)
    figures = _figures(client.get("/reports/monthly/", {"month": "2026-11"}).content.decode())
    assert figures["Opened"] == ["7", "1", "+6"]  # October: T7
    assert figures["Response SLA met"] == ["60.0%", "100.0%", "-40.0 pts"]
    assert figures["Resolution SLA met"] == ["60.0%", "0.0%", "+60.0 pts"]
    assert figures["Mean time to respond"] == ["56.2 min", "10.0 min", "+46.2 min"]
    assert figures["Mean time to resolve"] == ["983.0 min", "—", "—"]  # none in October


def test_busiest_cis_show_names_beside_tags(client, manager, requester, at):
    printer = factories.AssetFactory(name="Finance printer")
    with at(sh(2026, 11, 10, 9, 0)):
        factories.TicketFactory.create_batch(2, asset=printer, requester=requester)
    client.force_login(manager)
    html = client.get("/reports/monthly/", {"month": "2026-11"}).content.decode()
    busiest = html[html.index('data-testid="monthly-busiest-assets"') :]
    busiest = busiest[: busiest.index("</table>")]
    assert printer.tag in busiest and "Finance printer" in busiest
    with at(sh(2026, 11, 20, 9, 0)):
        client.force_login(manager)
        html = client.get("/reports/", {"from": "2026-11-01", "to": "2026-11-30"}).content
    dashboard = html.decode()
    dashboard = dashboard[dashboard.index('data-testid="busiest-assets"') :]
    assert printer.tag in dashboard and "Finance printer" in dashboard.split("</ul>")[0]


def test_change_column_reads_as_a_change_in_chinese(client, manager, at):
    manager.language = "zh-hans"
    manager.save()
    with at(SIXTH_OF_DECEMBER):
        client.force_login(manager)
        html = client.get("/reports/monthly/").content.decode()
    head = html[html.index('data-testid="monthly-figures"') :].split("</thead>")[0]
    assert "变化" in head and "修改" not in head  # not the admin's "Change" (edit)
    assert "本月至今" in html
