"""The main pages render in Chromium under the strict CSP without a single violation."""

import pytest

from incidents import services as tickets
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page) -> list[str]:
    """Collect what Chromium refuses because of the CSP (console and violation events)."""
    refused: list[str] = []
    page.on(
        "console",
        lambda msg: (
            refused.append(msg.text)
            if "Refused to" in msg.text or "Content Security Policy" in msg.text
            else None
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Refused to ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return refused


def _visit(page, base: str, paths: list[str], refused: list[str]) -> None:
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, path
        assert "content-security-policy" in response.headers, path
        page.wait_for_load_state("networkidle")
        assert refused == [], path


def test_main_pages_have_no_csp_violation(page, live_server, login):
    admin = factories.UserFactory(username="admin", role="admin")
    requester = factories.UserFactory(username="requester")
    group = factories.SupportGroupFactory(manager=admin)
    group.members.add(admin)
    service = factories.ServiceFactory(status="published", owner_group=group)
    item = factories.CatalogItemFactory(
        service=service,
        form_schema=[{"name": "room", "label": "Room", "type": "text", "required": True}],
    )
    calendar = factories.BusinessCalendarFactory()
    policy = factories.SLAPolicyFactory(calendar=calendar)
    asset = factories.AssetFactory(owner=requester)
    plan = factories.MaintenancePlanFactory(
        catalog_item=factories.CatalogItemFactory(service=service),
        assignment_group=group,
        calendar=calendar,
        owner=admin,
    )
    plan.assets.add(asset)
    ticket = tickets.create_ticket(
        requester,
        tickets.NewTicket(
            requester=requester,
            title="Printer <b>jam</b>",
            catalog_item=item,
            form_data={"room": "0210"},
        ),
    )
    tickets.add_comment(admin, ticket, body="Looking at it", internal=False)
    refused = _watch(page)

    login("admin")
    _visit(
        page,
        live_server.url,
        [
            "/desk/",
            f"/desk/tickets/{ticket.pk}/",
            "/desk/log/",
            "/cmdb/",
            f"/cmdb/{asset.pk}/",
            "/cmdb/new/",
            "/cmdb/import/",
            "/catalog/manage/",
            f"/catalog/manage/{service.pk}/",
            f"/catalog/manage/items/{item.pk}/",
            "/sla/",
            f"/sla/calendars/{calendar.pk}/",
            f"/sla/policies/{policy.pk}/",
            "/satisfaction/",
            "/satisfaction/follow-ups/",
            "/maintenance/",
            "/maintenance/?view=week",
            "/maintenance/plans/",
            f"/maintenance/plans/{plan.pk}/",
            f"/maintenance/plans/{plan.pk}/edit/",
            "/audit/",
            "/account/",
            "/api/v1/docs/",
            "/admin/",
            "/admin/accounts/user/",
            f"/admin/accounts/user/{requester.pk}/change/",
        ],
        refused,
    )
    page.goto(f"{live_server.url}/desk/")
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    login("requester")
    _visit(
        page,
        live_server.url,
        [
            "/portal/",
            f"/portal/catalog/{item.pk}/",
            "/portal/tickets/",
            f"/portal/tickets/{ticket.pk}/",
        ],
        refused,
    )
