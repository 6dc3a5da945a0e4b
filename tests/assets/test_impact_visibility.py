"""Impact analysis shows only what the caller may read directly (issue 16, item 10)."""

import pytest

from assets.models import AssetRelation
from catalog.models import ServiceStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(requester, other_requester):
    """The requester's laptop; another person's desktop and the requester's own dock depend
    on it; a draft and a published service run on the desktop."""
    laptop = factories.AssetFactory(owner=requester)
    desktop = factories.AssetFactory(owner=other_requester)
    dock = factories.AssetFactory(owner=requester)
    AssetRelation.objects.create(source=desktop, target=laptop, kind="depends_on")
    AssetRelation.objects.create(source=dock, target=desktop, kind="runs_on")
    draft = factories.ServiceFactory(code="DRAFT-SVC")
    published = factories.ServiceFactory(code="LIVE-SVC")
    published.status = ServiceStatus.PUBLISHED
    published.save()
    draft.assets.add(desktop)
    published.assets.add(desktop)
    return laptop, desktop, dock, draft, published


def test_requester_impact_lists_only_their_own_items_and_published_services(
    client_for, requester, chain
):
    laptop, desktop, dock, _draft, published = chain
    client = client_for(requester)
    assert client.get(f"/api/v1/assets/{desktop.pk}/").status_code == 404
    body = client.get(f"/api/v1/assets/{laptop.pk}/impact/").json()
    assert [a["tag"] for a in body["assets"]] == [dock.tag]  # reached through the hidden one
    assert [s["code"] for s in body["services"]] == [published.code]


def test_agent_impact_lists_everything(client_for, agent, chain):
    laptop, desktop, dock, draft, published = chain
    body = client_for(agent).get(f"/api/v1/assets/{laptop.pk}/impact/").json()
    assert [a["tag"] for a in body["assets"]] == [desktop.tag, dock.tag]
    assert sorted(s["code"] for s in body["services"]) == [draft.code, published.code]
