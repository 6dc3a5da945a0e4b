import pytest
from django.core import mail

from incidents import services as tickets
from tests import factories


@pytest.fixture(autouse=True)
def _survey_defaults(settings):
    """No delay unless a test sets one; a week to answer; a reminder after three days."""
    settings.SURVEY_DELAY_MINUTES = 0
    settings.SURVEY_EXPIRY_DAYS = 7
    settings.SURVEY_REMINDER_DAYS = 3


@pytest.fixture
def ticket(requester, group, agent, manager):
    """An in-progress ticket of `group` (managed by `manager`), worked by `agent`."""
    return factories.TicketFactory(
        requester=requester, assignment_group=group, assignee=agent, status="in_progress"
    )


@pytest.fixture
def resolve(django_capture_on_commit_callbacks):
    """`resolve(ticket, by)`: resolve through the real service, running what follows the
    commit (the survey task runs eagerly in unit tests)."""

    def _resolve(ticket, by, notes="Replaced the toner"):
        with django_capture_on_commit_callbacks(execute=True):
            return tickets.perform(
                by, ticket, "resolve", {"resolution_code": "fixed", "resolution_notes": notes}
            )

    return _resolve


def survey_mails(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email] and "?rating=5" in m.body]
