"""Create errors never reveal that a hidden catalog item or another person's device exists
(issue 16, item 15): the answer is exactly the one for an id that was never used."""

import pytest

from catalog.models import Service
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/tickets/"
NEVER_USED = 987654


def _error(client, field: str, pk: int) -> tuple[int, str]:
    response = client.post(URL, {"title": "Help", field: pk}, format="json")
    message = response.json()[field][0].replace(str(pk), "<id>")
    return response.status_code, message


@pytest.fixture
def unpublished_item():
    return factories.CatalogItemFactory(service=factories.ServiceFactory())  # a draft service


@pytest.fixture
def inactive_item():
    service = factories.ServiceFactory()
    Service.objects.filter(pk=service.pk).update(status="published")
    return factories.CatalogItemFactory(service=service, is_active=False)


@pytest.mark.parametrize("hidden", ["unpublished_item", "inactive_item"])
def test_a_hidden_catalog_item_answers_as_a_missing_one(client_for, requester, hidden, request):
    item = request.getfixturevalue(hidden)
    client = client_for(requester)
    assert _error(client, "catalog_item", item.pk) == _error(client, "catalog_item", NEVER_USED)
    assert _error(client, "catalog_item", NEVER_USED)[0] == 400


def test_another_persons_device_answers_as_a_missing_one(client_for, requester, other_requester):
    theirs = factories.AssetFactory(owner=other_requester)
    client = client_for(requester)
    assert _error(client, "asset", theirs.pk) == _error(client, "asset", NEVER_USED)


def test_own_device_and_published_item_still_work(client_for, requester):
    mine = factories.AssetFactory(owner=requester)
    response = client_for(requester).post(URL, {"title": "Help", "asset": mine.pk}, format="json")
    assert response.status_code == 201, response.content


def test_agents_still_log_against_any_device(client_for, agent, other_requester):
    theirs = factories.AssetFactory(owner=other_requester)
    response = client_for(agent).post(
        URL,
        {"title": "Help", "asset": theirs.pk, "requester": other_requester.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
