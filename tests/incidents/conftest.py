import pytest

from catalog.models import Service
from tests import factories


@pytest.fixture
def item(group):
    """A published catalog item routed to `group`, with one required question."""
    service = factories.ServiceFactory()
    Service.objects.filter(pk=service.pk).update(status="published")
    return factories.CatalogItemFactory(
        service=service,
        name="Printer fault",
        kind="incident",
        assignment_group=group,
        default_impact=2,
        default_urgency=2,
        form_schema=[{"name": "symptom", "label": "Symptom", "type": "text", "required": True}],
    )


@pytest.fixture
def other_group():
    return factories.SupportGroupFactory()


@pytest.fixture
def other_agent(other_group):
    user = factories.UserFactory(role="agent")
    other_group.members.add(user)
    return user


@pytest.fixture
def ticket(requester, group):
    """An assigned ticket of `group`, requested by `requester`."""
    return factories.TicketFactory(requester=requester, assignment_group=group, status="assigned")
