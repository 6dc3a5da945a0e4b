"""Service names on the dashboard and the monthly report are in the reader's language."""

import pytest
from django.utils import timezone

from incidents import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def printing(agent, group):
    """A service with a Chinese name, one ticket of it resolved today (SLA decided)."""
    factories.SLAPolicyFactory(
        calendar=factories.BusinessCalendarFactory(
            hours={
                d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
            }
        )
    )
    service = factories.ServiceFactory(name="Printing", name_zh="打印服务")
    item = factories.CatalogItemFactory(service=service, assignment_group=group, kind="incident")
    ticket = services.create_ticket(
        agent, services.NewTicket(title="Jam", requester=agent, catalog_item=item)
    )
    services.perform(agent, ticket, "start")
    services.perform(
        agent, ticket, "resolve", {"resolution_code": "fixed", "resolution_notes": "Cleared"}
    )
    return service


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [("zh-hans", "打印服务", "Printing"), ("en", "Printing", "打印服务")],
)
def test_dashboard_names_services_in_the_readers_language(
    client, manager, printing, language, shown, hidden
):
    manager.language = language
    manager.save()
    client.force_login(manager)
    html = client.get("/reports/").content.decode()
    busiest = html[html.index('data-testid="busiest-services"') :]
    busiest = busiest[: busiest.index("</ul>")]
    assert f">{shown}</a>" in busiest and hidden not in busiest
    assert f"<td>{shown}</td>" in html and f"<td>{hidden}</td>" not in html  # SLA per service


def test_monthly_report_names_services_in_chinese(client, manager, printing):
    manager.language = "zh-hans"
    manager.save()
    client.force_login(manager)
    month = timezone.localdate().strftime("%Y-%m")
    html = client.get("/reports/monthly/", {"month": month}).content.decode()
    assert "<td>打印服务</td>" in html
