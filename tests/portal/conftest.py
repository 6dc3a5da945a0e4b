import pytest

from tests import factories


@pytest.fixture
def ticket(requester, group):
    """An assigned ticket of `group`, requested by `requester`."""
    return factories.TicketFactory(requester=requester, assignment_group=group, status="assigned")
