"""Customer activity reaches the desk (docs/api.md, comments): a requester's reply resumes a
pending ticket and tells the assignee (else the group); any requester reply marks the ticket
"updated by the customer" until an agent opens it; an agent's comment never changes status."""

import pytest
from django.core import mail
from django.urls import reverse

from incidents import services
from incidents.models import EventKind, Ticket
from notifications.models import Notification
from sla.models import SLATimer
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/tickets/"


@pytest.fixture
def working(agent, requester, group):
    """A ticket opened through the service (with SLA timers), taken by `agent`."""
    factories.SLAPolicyFactory(response_minutes=60, resolution_minutes=480)
    ticket = services.create_ticket(requester, services.NewTicket(title="Scanner is slow"))
    ticket = services.perform(agent, ticket, "assign", {"assignment_group": group.pk})
    return services.perform(agent, ticket, "start")


@pytest.fixture
def pending(working, agent):
    return services.perform(agent, working, "pend", {"reason": "Which floor are you on?"})


def _mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_a_requester_reply_resumes_a_pending_ticket(
    client_for, requester, agent, pending, django_capture_on_commit_callbacks
):
    assert set(SLATimer.objects.filter(ticket=pending).values_list("state", flat=True)) == {
        "paused"
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(requester).post(
            f"{URL}{pending.pk}/comments/", {"body": "Third floor, room 0310."}, format="json"
        )
    assert response.status_code == 201
    ticket = Ticket.objects.get(pk=pending.pk)
    assert ticket.status == "in_progress" and ticket.pending_reason == ""
    assert ticket.version == pending.version + 1
    assert ticket.customer_updated_at is not None
    transition = ticket.events.filter(kind=EventKind.TRANSITION).latest("pk")
    assert (transition.old_value, transition.new_value) == ("pending", "in_progress")
    assert transition.actor == requester
    # Both timers run again (no agent has replied publicly yet, so the response one too).
    states = dict(SLATimer.objects.filter(ticket=ticket).values_list("kind", "state"))
    assert states == {"response": "running", "resolution": "running"}
    [message] = _mails_to(agent)
    assert ticket.number in message.subject
    assert "in progress again" in message.body and "Third floor, room 0310." in message.body
    assert not _mails_to(requester)  # their own reply is not mailed back to them


def test_a_reply_on_the_portal_page_resumes_it_too(client, requester, pending):
    client.force_login(requester)
    response = client.post(
        reverse("incidents:comment", args=[pending.pk]), {"body": "Room 12"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("portal:ticket", args=[pending.pk])
    assert "the ticket is in progress again" in response.text
    ticket = Ticket.objects.get(pk=pending.pk)
    assert ticket.status == "in_progress" and ticket.customer_updated_at is not None


def test_an_agent_comment_never_changes_the_status(client_for, agent, pending):
    for body in ({"body": "Still waiting for you"}, {"body": "Chased", "internal": True}):
        client_for(agent).post(f"{URL}{pending.pk}/comments/", body, format="json")
    ticket = Ticket.objects.get(pk=pending.pk)
    assert ticket.status == "pending" and ticket.version == pending.version
    assert ticket.customer_updated_at is None


def test_a_requester_reply_on_an_open_ticket_tells_the_assignee(
    client_for, requester, agent, working, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(requester).post(
            f"{URL}{working.pk}/comments/", {"body": "It got worse"}, format="json"
        )
    ticket = Ticket.objects.get(pk=working.pk)
    assert ticket.status == "in_progress" and ticket.version == working.version
    assert ticket.customer_updated_at is not None
    [message] = _mails_to(agent)
    assert "It got worse" in message.body and "in progress again" not in message.body


def test_without_an_assignee_the_group_is_told(
    client_for, requester, group, django_capture_on_commit_callbacks
):
    members = factories.UserFactory.create_batch(2, role="agent")
    group.members.add(*members)
    ticket = factories.TicketFactory(
        requester=requester, assignment_group=group, status="pending", pending_reason="Which?"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(requester).post(f"{URL}{ticket.pk}/comments/", {"body": "This one"})
    assert Ticket.objects.get(pk=ticket.pk).status == "in_progress"
    told = {m.to[0] for m in mail.outbox}
    assert {u.email for u in members} <= told and requester.email not in told


def test_opening_the_ticket_page_clears_the_marker(client, client_for, requester, agent, working):
    client_for(requester).post(f"{URL}{working.pk}/comments/", {"body": "Any news?"})
    client.force_login(agent)
    listed = client.get(reverse("incidents:desk"), {"queue": "customer"})
    assert working.number in listed.text and 'data-testid="customer-updated"' in listed.text
    api = client_for(agent)
    assert [t["id"] for t in api.get(URL, {"customer_updated": "true"}).json()["results"]] == [
        working.pk
    ]
    updated_at = Ticket.objects.get(pk=working.pk).updated_at
    assert client.get(reverse("incidents:desk-ticket", args=[working.pk])).status_code == 200
    ticket = Ticket.objects.get(pk=working.pk)
    assert ticket.customer_updated_at is None
    assert ticket.updated_at == updated_at and ticket.version == working.version
    listed = client.get(reverse("incidents:desk"), {"queue": "all"})
    assert working.number in listed.text and 'data-testid="customer-updated"' not in listed.text
    assert not api.get(URL, {"customer_updated": "true"}).json()["results"]
    assert len(api.get(URL, {"customer_updated": "false"}).json()["results"]) == 1


def test_the_requester_opening_their_own_page_keeps_the_marker(
    client, client_for, requester, working
):
    client_for(requester).post(f"{URL}{working.pk}/comments/", {"body": "Any news?"})
    client.force_login(requester)
    client.get(reverse("portal:ticket", args=[working.pk]))
    assert Ticket.objects.get(pk=working.pk).customer_updated_at is not None


# --- emails -----------------------------------------------------------------------------


def test_the_requester_is_told_their_ticket_number_and_what_happens_next(
    requester, group, django_capture_on_commit_callbacks, settings
):
    settings.DEFAULT_INTAKE_GROUP = group.code
    factories.SLAPolicyFactory(response_minutes=60, resolution_minutes=480)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = services.create_ticket(requester, services.NewTicket(title="VPN drops"))
    [message] = _mails_to(requester)
    assert ticket.number in message.subject and "VPN drops" in message.subject
    assert group.name in message.body
    assert "We aim to resolve it by" in message.body
    assert f"/portal/tickets/{ticket.pk}/" in message.body


def test_the_opened_mail_speaks_the_requesters_language(
    requester, django_capture_on_commit_callbacks
):
    requester.language = "zh-hans"
    requester.save()
    with django_capture_on_commit_callbacks(execute=True):
        ticket = services.create_ticket(requester, services.NewTicket(title="打印机卡纸"))
    [message] = _mails_to(requester)
    assert ticket.number in message.subject and "我们已收到" in message.subject


def test_a_ticket_nothing_routes_goes_to_the_intake_group(requester, settings):
    intake = factories.SupportGroupFactory(code="INTAKE")
    settings.DEFAULT_INTAKE_GROUP = "INTAKE"
    ticket = services.create_ticket(requester, services.NewTicket(title="Something else"))
    assert ticket.assignment_group == intake and ticket.status == "assigned"
    assert ticket.reassignment_count == 0
    assert ticket.events.filter(kind=EventKind.ASSIGNMENT, new_value=intake.name).exists()


def test_without_the_intake_group_a_ticket_waits_unassigned(requester, settings):
    settings.DEFAULT_INTAKE_GROUP = "NOSUCH"
    ticket = services.create_ticket(requester, services.NewTicket(title="Something else"))
    assert ticket.assignment_group is None and ticket.status == "new"


def test_a_ticket_without_a_group_is_heard_by_the_intake_group(
    client_for, requester, django_capture_on_commit_callbacks, settings
):
    intake = factories.SupportGroupFactory(code="INTAKE")
    member = factories.UserFactory(role="agent")
    intake.members.add(member)
    settings.DEFAULT_INTAKE_GROUP = "INTAKE"
    ticket = factories.TicketFactory(requester=requester, status="new")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(requester).post(f"{URL}{ticket.pk}/comments/", {"body": "Hello?"})
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_a_reopen_tells_the_assignee_once(
    client_for, requester, agent, working, django_capture_on_commit_callbacks
):
    services.perform(
        agent, working, "resolve", {"resolution_code": "fixed", "resolution_notes": "Driver"}
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(requester).post(
            f"{URL}{working.pk}/reopen/", {"reason": "Still slow"}, format="json"
        )
    assert response.status_code == 200
    # (The outbox sweep also sends the fixture's earlier assignment mail.)
    [message] = [m for m in _mails_to(agent) if "reopened" in m.subject]
    assert "Still slow" in message.body
    assert Ticket.objects.get(pk=working.pk).customer_updated_at is not None
    from notifications.services import deliver_pending

    sent = len(mail.outbox)
    assert deliver_pending() == 0 and len(mail.outbox) == sent  # no second mail on a retry


def test_an_agent_reopening_is_not_mailed_their_own_reopen(
    agent, working, django_capture_on_commit_callbacks
):
    ticket = services.perform(
        agent, working, "resolve", {"resolution_code": "fixed", "resolution_notes": "Driver"}
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ticket = services.perform(agent, ticket, "reopen", {"reason": "Not fixed"})
    assert not _mails_to(agent)
    assert ticket.customer_updated_at is None


def test_an_agent_reply_and_the_resolution_reach_the_requester(
    client_for, requester, agent, working, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(agent).post(f"{URL}{working.pk}/comments/", {"body": "Try a restart"})
        client_for(agent).post(f"{URL}{working.pk}/comments/", {"body": "x", "internal": True})
        client_for(agent).post(
            f"{URL}{working.pk}/resolve/",
            {"resolution_code": "fixed", "resolution_notes": "Restarted"},
            format="json",
        )
    subjects = [m.subject for m in _mails_to(requester)]
    assert len(subjects) == 2
    assert "new reply" in subjects[0] and "resolved" in subjects[1]


def test_plain_text_mails_are_not_html_escaped(
    client_for, requester, agent, working, django_capture_on_commit_callbacks
):
    title = 'Tom\'s "printer" & <scanner>'
    Ticket.objects.filter(pk=working.pk).update(title=title)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(agent).post(
            f"{URL}{working.pk}/comments/", {"body": "Use <b>tray 2</b> & retry"}
        )
    [message] = _mails_to(requester)
    assert title in message.subject
    assert "Use <b>tray 2</b> & retry" in message.body
    for escaped in ("&amp;", "&#x27;", "&quot;", "&lt;", "&gt;"):
        assert escaped not in message.subject + message.body
    assert Notification.objects.get(
        email=requester.email, dedupe_key__startswith="reply"
    ).subject == (message.subject)
