"""The desk's and the portal's multi-step posts are one service call each: a comment says
whether it resumed the ticket, a bulk assignment says what it did and what it refused."""

import pytest

from incidents import services
from incidents.models import Ticket
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(agent, requester, group):
    ticket = services.create_ticket(requester, services.NewTicket(title="Scanner is slow"))
    ticket = services.perform(agent, ticket, "assign", {"assignment_group": group.pk})
    ticket = services.perform(agent, ticket, "start")
    return services.perform(agent, ticket, "pend", {"reason": "Which floor?"})


def test_a_requester_reply_to_a_pending_ticket_says_it_resumed(requester, pending):
    posted = services.post_comment(requester, pending, "Third floor")
    assert posted.resumed is True and posted.comment.body == "Third floor"
    assert Ticket.objects.get(pk=pending.pk).status == "in_progress"


@pytest.mark.parametrize("internal", [False, True])
def test_an_agent_comment_on_a_pending_ticket_resumes_nothing(agent, pending, internal):
    posted = services.post_comment(agent, pending, "Chased", internal=internal)
    assert posted.resumed is False and posted.comment.internal is internal
    assert Ticket.objects.get(pk=pending.pk).status == "pending"


def test_a_requester_reply_to_a_working_ticket_resumes_nothing(requester, agent, group):
    ticket = factories.TicketFactory(requester=requester, assignment_group=group, status="assigned")
    assert services.post_comment(requester, ticket, "Any news?").resumed is False


def test_bulk_assign_counts_what_it_did_and_names_what_it_refused(agent, requester, other_group):
    fresh = factories.TicketFactory(requester=requester, status="new")
    closed = factories.TicketFactory(requester=requester, status="closed")
    outcome = services.bulk_assign(agent, [fresh.pk, closed.pk], other_group.pk)
    assert outcome.done == 1
    assert [number for number, _ in outcome.refused] == [closed.number]
    fresh.refresh_from_db()
    assert fresh.assignment_group == other_group and fresh.status == "assigned"
    assert Ticket.objects.get(pk=closed.pk).assignment_group_id != other_group.pk


def test_bulk_assign_takes_at_most_its_cap(agent, requester, other_group, monkeypatch):
    monkeypatch.setattr("incidents.services.actions.BULK_ASSIGN_MAX", 2)
    tickets = [factories.TicketFactory(requester=requester, status="new") for _ in range(3)]
    outcome = services.bulk_assign(agent, [t.pk for t in tickets], other_group.pk)
    assert outcome.done == 2
    assigned = Ticket.objects.filter(pk__in=[t.pk for t in tickets], status="assigned")
    assert assigned.count() == 2


def test_bulk_assign_refuses_a_requester_every_ticket(requester, other_group):
    ticket = factories.TicketFactory(requester=requester, status="new")
    outcome = services.bulk_assign(requester, [ticket.pk], other_group.pk)
    assert outcome.done == 0 and [n for n, _ in outcome.refused] == [ticket.number]
    assert Ticket.objects.get(pk=ticket.pk).status == "new"
