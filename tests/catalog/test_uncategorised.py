"""A published service may have no category (services made through the API have none):
the portal, its search and the item page still show its items, with a neutral icon."""

import pytest

from catalog.models import DEFAULT_ITEM_ICON, Service
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncategorised_item():
    service = factories.ServiceFactory(name="Badge access", category=None)
    Service.objects.filter(pk=service.pk).update(status="published")
    return factories.CatalogItemFactory(service=service, name="Door badge", icon="")


@pytest.mark.parametrize("query", [{}, {"search": "badge"}, {"search": "door"}])
def test_portal_and_its_search_show_an_uncategorised_item(
    client, requester, uncategorised_item, query
):
    client.force_login(requester)
    response = client.get("/portal/", query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Door badge" in html and f"bi {DEFAULT_ITEM_ICON} item-icon" in html


def test_item_page_of_an_uncategorised_service(client, requester, uncategorised_item):
    client.force_login(requester)
    response = client.get(f"/portal/catalog/{uncategorised_item.pk}/")
    assert response.status_code == 200
    assert DEFAULT_ITEM_ICON in response.content.decode()


def test_icon_prefers_the_item_then_its_category():
    category = factories.ServiceCategoryFactory(code="NET", icon="bi-router")
    item = factories.CatalogItemFactory(service__category=category, icon="")
    assert item.shown_icon == "bi-router"
    item.icon = "bi-wifi"
    assert item.shown_icon == "bi-wifi"
