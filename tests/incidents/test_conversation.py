"""Comments and work notes, attachments, notifications through the outbox."""

import io

import pytest
from django.core import mail

from incidents.models import Attachment, Ticket
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/tickets/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def _upload(client, ticket, name, data, **extra):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(
        f"{URL}{ticket.pk}/attachments/", {"file": upload, **extra}, format="multipart"
    )


def test_requester_never_sees_internal_notes(client_for, agent, requester, ticket):
    client_for(agent).post(f"{URL}{ticket.pk}/comments/", {"body": "Public answer"})
    client_for(agent).post(f"{URL}{ticket.pk}/comments/", {"body": "Secret note", "internal": True})
    mine = client_for(requester).get(f"{URL}{ticket.pk}/comments/").json()
    assert [c["body"] for c in mine] == ["Public answer"]
    history = str(client_for(requester).get(f"{URL}{ticket.pk}/history/").json())
    assert "Secret note" not in history
    staff = client_for(agent).get(f"{URL}{ticket.pk}/comments/").json()
    assert [c["internal"] for c in staff] == [False, True]


def test_requester_cannot_write_internal_notes(client_for, requester, ticket):
    response = client_for(requester).post(
        f"{URL}{ticket.pk}/comments/", {"body": "x", "internal": True}
    )
    assert response.status_code == 403
    assert not ticket.comments.exists()


def test_first_public_agent_reply_sets_first_response(client_for, agent, requester, ticket):
    client_for(requester).post(f"{URL}{ticket.pk}/comments/", {"body": "Any news?"})
    client_for(agent).post(f"{URL}{ticket.pk}/comments/", {"body": "note", "internal": True})
    ticket.refresh_from_db()
    assert ticket.first_response_at is None
    client_for(agent).post(f"{URL}{ticket.pk}/comments/", {"body": "On it"})
    ticket.refresh_from_db()
    first = ticket.first_response_at
    assert first is not None
    client_for(agent).post(f"{URL}{ticket.pk}/comments/", {"body": "Again"})
    ticket.refresh_from_db()
    assert ticket.first_response_at == first


@pytest.mark.parametrize("body", ["", "   ", "x" * 20001])
def test_bad_comment_bodies_are_400(client_for, agent, ticket, body):
    response = client_for(agent).post(f"{URL}{ticket.pk}/comments/", {"body": body})
    assert response.status_code == 400 and "body" in response.json()
    assert not ticket.comments.exists()


def test_upload_download_and_visibility(client_for, agent, requester, other_requester, ticket):
    response = _upload(client_for(requester), ticket, "screen.png", PNG)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["content_type"] == "image/png" and body["original_name"] == "screen.png"
    attachment = Attachment.objects.get()
    assert "screen" not in attachment.file.name  # a generated name on disk
    download = client_for(requester).get(body["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PNG
    assert client_for(other_requester).get(body["download_url"]).status_code == 404


def test_internal_attachment_hidden_from_requester(client_for, agent, requester, ticket):
    body = _upload(client_for(agent), ticket, "log.txt", b"error 42\n", internal="true").json()
    assert client_for(requester).get(f"{URL}{ticket.pk}/attachments/").json() == []
    assert client_for(requester).get(body["download_url"]).status_code == 404


def test_oversized_upload_is_413(client_for, requester, ticket, settings):
    settings.ATTACHMENT_MAX_BYTES = 50
    assert _upload(client_for(requester), ticket, "big.png", PNG).status_code == 413
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.png", b"<html><script>alert(1)</script></html>"),
        ("invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00binary"),
        ("note.txt", b"<svg onload=alert(1)>"),
        ("empty.txt", b""),
        # A byte-order mark (or several, or white space) before the markup passed the check.
        ("logo.svg", b"\xef\xbb\xbf<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("page.txt", b"\xef\xbb\xbf<!DOCTYPE html><html><body>hi</body></html>"),
        ("page.html", b"\xef\xbb\xbf\r\n  <html><script>alert(1)</script></html>"),
        ("twice.txt", b"\xef\xbb\xbf\xef\xbb\xbf <svg onload=alert(1)>"),
        ("feed.xml", b"\xef\xbb\xbf<?xml version='1.0'?><svg/>"),
        ("comment.txt", b"<!-- hello --><p onclick=alert(1)>x</p>"),
        ("div.txt", b"\xef\xbb\xbf<div><img src=x onerror=alert(1)></div>"),
    ],
)
def test_forged_or_dangerous_files_are_refused(client_for, requester, ticket, name, data):
    response = _upload(client_for(requester), ticket, name, data)
    assert response.status_code == 400 and "file" in response.json()
    assert not Attachment.objects.exists()


def test_plain_text_with_a_byte_order_mark_is_still_text(client_for, requester, ticket):
    response = _upload(client_for(requester), ticket, "notes.txt", b"\xef\xbb\xbfa < b, fine")
    assert response.status_code == 201, response.content
    assert Attachment.objects.get().content_type == "text/plain"


def test_assignment_notifies_once_through_the_outbox(
    client_for, admin_user, agent, ticket, group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin_user).post(
            f"{URL}{ticket.pk}/assign/", {"assignment_group": group.pk, "assignee": agent.pk}
        )
    notification = Notification.objects.get(email=agent.email)
    assert notification.sent_at is not None
    assert [m.to for m in mail.outbox] == [[agent.email]]
    assert ticket.number in mail.outbox[0].subject


def test_notifications_are_in_the_recipients_language(
    client_for, admin_user, ticket, group, django_capture_on_commit_callbacks
):
    chinese = factories.UserFactory(role="agent", language="zh-hans")
    group.members.add(chinese)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin_user).post(
            f"{URL}{ticket.pk}/assign/", {"assignment_group": group.pk, "assignee": chinese.pk}
        )
    assert "指派给您" in mail.outbox[0].subject


def test_resolution_mail_to_requester_has_no_internal_notes(
    client_for, agent, requester, ticket, django_capture_on_commit_callbacks
):
    client_for(agent).post(f"{URL}{ticket.pk}/comments/", {"body": "SECRET-NOTE", "internal": True})
    with django_capture_on_commit_callbacks(execute=True):
        client_for(agent).post(
            f"{URL}{ticket.pk}/resolve/",
            {"resolution_code": "fixed", "resolution_notes": "New toner"},
        )
    to_requester = [m for m in mail.outbox if m.to == [requester.email]]
    assert len(to_requester) == 1
    assert "New toner" in to_requester[0].body and "SECRET-NOTE" not in to_requester[0].body


def test_ticket_creation_survives_a_broker_outage(
    client_for, requester, agent, item, django_capture_on_commit_callbacks
):
    """The broker is unreachable: the ticket is created all the same, the notification waits
    in the outbox, and the beat sweep sends it once workers run again."""
    from itsm.celery import app

    app.conf.task_always_eager = False
    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(requester).post(
                URL, {"catalog_item": item.pk, "form_data": {"symptom": "x"}}, format="json"
            )
    finally:
        app.conf.broker_url = previous
        app.conf.task_always_eager = True
    assert response.status_code == 201
    assert Ticket.objects.count() == 1
    # The group's agent, and the requester with their ticket's number.
    pending = Notification.objects.filter(sent_at__isnull=True)
    assert sorted(pending.values_list("email", flat=True)) == sorted([agent.email, requester.email])
    assert not mail.outbox
    from notifications.services import deliver_pending

    assert deliver_pending() == 2
    assert deliver_pending() == 0  # never twice
    assert sorted(m.to[0] for m in mail.outbox) == sorted([agent.email, requester.email])
