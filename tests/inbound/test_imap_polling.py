"""Mail into tickets through a real IMAP server: each test delivers with IMAP APPEND into a
private Dovecot and polls through the product (the API's `POST /mailboxes/{id}/poll/`)."""

import threading
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from django.core import mail as django_mail
from django.db import connection, connections
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.models import User
from accounts.roles import Role
from inbound.models import InboundMessage, Mailbox, Outcome
from inbound.services import mailboxes
from incidents import services as ticket_services
from incidents.models import Attachment, Channel, Comment, Ticket
from notifications import services as outbox
from notifications.models import Notification
from tests import factories
from tests.inbound.dovecot import PASSWORD, USER

pytestmark = [pytest.mark.imap, pytest.mark.django_db]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _mail(sender, subject, text=None, *, html=None, msgid=None, headers=None, files=()):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "desk@example.com"
    message["Subject"] = subject
    message["Message-ID"] = msgid or make_msgid(domain="example.org")
    for name, value in (headers or {}).items():
        message[name] = value
    if text is not None:
        message.set_content(text)
    if html is not None:
        if text is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    for name, content, maintype, subtype in files:
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


@pytest.fixture
def mailbox(imap, db):
    return Mailbox.objects.create(
        name="Service desk inbox",
        host="127.0.0.1",
        port=imap.port,
        use_ssl=False,
        username=USER,
        password=PASSWORD,
        folder="INBOX",
        address="desk@example.com",
    )


@pytest.fixture
def poll(mailbox, admin_user):
    client = APIClient()
    client.force_authenticate(admin_user)

    def run():
        response = client.post(f"/api/v1/mailboxes/{mailbox.pk}/poll/")
        assert response.status_code == 200, response.content
        return response.json()

    return run


@pytest.fixture
def alice(db):
    return factories.UserFactory(role=Role.REQUESTER, email="Alice.Wang@Example.com")


def _counts(fetched=0, created=0, appended=0, ignored=0, rejected=0, failed=0):
    return {
        "fetched": fetched,
        "created": created,
        "appended": appended,
        "ignored": ignored,
        "rejected": rejected,
        "failed": failed,
    }


def test_a_mail_from_a_known_user_opens_a_ticket_once(imap, poll, alice):
    imap.append(_mail("Alice <alice.wang@example.com>", "Printer on floor 2 jams", "It jams."))
    assert poll() == _counts(fetched=1, created=1)
    ticket = Ticket.objects.get()
    assert ticket.channel == Channel.EMAIL
    assert ticket.requester == alice  # matched without case
    assert ticket.title == "Printer on floor 2 jams"
    assert ticket.description == "It jams."
    assert poll() == _counts()  # read before: not fetched again
    assert Ticket.objects.count() == 1
    # The requester is told its number, in a mail that threads and is never auto-answered.
    opened = Notification.objects.get(dedupe_key=f"opened:{ticket.pk}")
    assert opened.ticket == ticket and opened.message_id.startswith("<")
    assert f"[{ticket.number}]" in opened.subject


def test_the_mailbox_group_and_item_apply(imap, poll, mailbox, alice):
    group = factories.SupportGroupFactory(name="Mail desk")
    mailbox.assignment_group = group
    mailbox.save()
    imap.append(_mail("alice.wang@example.com", "VPN down", "No VPN."))
    poll()
    assert Ticket.objects.get().assignment_group == group


def test_a_reply_by_subject_number_is_a_trimmed_public_comment(imap, poll, alice):
    imap.append(_mail("alice.wang@example.com", "Scanner broken", "It does not scan."))
    poll()
    ticket = Ticket.objects.get()
    reply = (
        "It works again, thanks.\n\n"
        "On Mon, 7 Dec 2026 at 10:00, Service Desk <desk@example.com> wrote:\n"
        "> We have received your ticket\n> Keep its number\n"
    )
    imap.append(_mail("alice.wang@example.com", f"Re: [{ticket.number}] resolved", reply))
    assert poll() == _counts(fetched=1, appended=1)
    comment = Comment.objects.get(ticket=ticket)
    assert comment.author == alice and not comment.internal
    assert comment.body == "It works again, thanks."
    assert Ticket.objects.count() == 1


def test_a_reply_by_in_reply_to_resumes_a_pending_ticket(imap, poll, alice, agent, group):
    imap.append(_mail("alice.wang@example.com", "Outlook crashes", "On start."))
    poll()
    ticket = Ticket.objects.get()
    ticket_services.perform(
        agent, ticket, "assign", {"assignment_group": group.pk, "assignee": agent.pk}
    )
    ticket = ticket_services.perform(agent, ticket, "pend", {"reason": "Waiting for the log"})
    assert ticket.status == "pending"
    sent = Notification.objects.filter(ticket=ticket, recipient=alice).first()
    # No number in the subject: only the header names the notification we sent.
    imap.append(
        _mail(
            "alice.wang@example.com",
            "Re: your mail",
            "Here is the log.\n\n-- \nAlice Wang\nFinance",
            headers={"In-Reply-To": sent.message_id, "References": sent.message_id},
        )
    )
    assert poll()["appended"] == 1
    ticket.refresh_from_db()
    assert ticket.status == "in_progress"
    assert Comment.objects.get(ticket=ticket, author=alice).body == "Here is the log."


def test_a_reply_to_a_closed_ticket_opens_a_new_one(imap, poll, alice):
    imap.append(_mail("alice.wang@example.com", "Monitor flickers", "Flicker."))
    poll()
    ticket = Ticket.objects.get()
    Ticket.objects.filter(pk=ticket.pk).update(status="closed")
    imap.append(_mail("alice.wang@example.com", f"Re: [{ticket.number}]", "Again."))
    assert poll()["created"] == 1
    assert Ticket.objects.count() == 2


def test_someone_else_cannot_reply_into_a_requesters_ticket(imap, poll, alice):
    imap.append(_mail("alice.wang@example.com", "Laptop slow", "Slow."))
    poll()
    ticket = Ticket.objects.get()
    factories.UserFactory(role=Role.REQUESTER, email="bob@example.com")
    imap.append(_mail("bob@example.com", f"Re: [{ticket.number}] Laptop slow", "Me too."))
    assert poll()["created"] == 1
    assert not Comment.objects.filter(ticket=ticket).exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"Precedence": "list"},
        {"X-Autoreply": "yes"},
    ],
)
def test_automatic_mail_opens_nothing_and_is_answered_by_nothing(imap, poll, alice, headers):
    imap.append(_mail("alice.wang@example.com", "Out of office", "Back Monday.", headers=headers))
    assert poll() == _counts(fetched=1, ignored=1)
    assert not Ticket.objects.exists()
    assert not Notification.objects.exists()


def test_bounces_and_our_own_address_are_ignored(imap, poll):
    imap.append(_mail("MAILER-DAEMON@example.com", "Undeliverable", "Failed."))
    imap.append(_mail("Desk <desk@example.com>", "[INC0000001] loop", "Loop."))
    assert poll() == _counts(fetched=2, ignored=2)
    assert not Ticket.objects.exists()


def test_an_explicit_auto_submitted_no_is_a_person(imap, poll, alice):
    imap.append(
        _mail("alice.wang@example.com", "Keyboard", "Keys.", headers={"Auto-Submitted": "no"})
    )
    assert poll()["created"] == 1


def test_an_html_only_mail_becomes_text_without_its_script(imap, poll, alice):
    html = (
        "<html><head><style>p{color:red}</style><script>alert('x')</script></head>"
        "<body><p>The <b>projector</b> in room 0210 is dead.</p>"
        "<script>document.cookie</script><p>Please help &amp; thanks</p></body></html>"
    )
    imap.append(_mail("alice.wang@example.com", "Projector", html=html))
    poll()
    description = Ticket.objects.get().description
    assert "The projector in room 0210 is dead." in description
    assert "Please help & thanks" in description
    assert "alert" not in description and "cookie" not in description
    assert "<" not in description and "color:red" not in description


def test_attachments_follow_the_upload_rules(imap, poll, alice):
    files = [
        ("error.pdf", PDF, "application", "pdf"),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 64, "application", "octet-stream"),
    ]
    imap.append(_mail("alice.wang@example.com", "Error report", "See attached.", files=files))
    assert poll()["created"] == 1
    ticket = Ticket.objects.get()
    kept = Attachment.objects.get(ticket=ticket)
    assert kept.original_name == "error.pdf" and kept.content_type == "application/pdf"
    assert kept.uploaded_by == alice
    note = Comment.objects.get(ticket=ticket, internal=True)
    assert "setup.exe" in note.body


@override_settings(ATTACHMENT_MAX_BYTES=100)
def test_an_oversized_attachment_is_refused_and_the_ticket_opened(imap, poll, alice):
    big = PDF + b"0" * 200
    imap.append(
        _mail(
            "alice.wang@example.com",
            "Big file",
            "Big.",
            files=[("big.pdf", big, "application", "pdf")],
        )
    )
    assert poll()["created"] == 1
    assert not Attachment.objects.exists()
    assert "big.pdf" in Comment.objects.get(internal=True).body


def test_an_unreadable_mail_is_recorded_moved_aside_and_not_retried(imap, poll, mailbox, alice):
    imap.append(b"Subject: no sender at all\r\nMessage-ID: <broken@example.org>\r\n\r\n\x00\xff")
    imap.append(_mail("alice.wang@example.com", "Fine mail", "Fine."))
    assert poll() == _counts(fetched=2, created=1, rejected=1, failed=1)
    failed = InboundMessage.objects.get(outcome=Outcome.FAILED)
    assert failed.message_id == "<broken@example.org>" and failed.reason
    assert imap.count("ITSM-Failed") == 1
    assert imap.count("INBOX") == 1
    mailbox.refresh_from_db()
    assert "could not be read" in mailbox.last_error
    assert poll() == _counts()  # never retried


def test_unknown_senders_get_a_requester_account_without_a_password(imap, poll):
    imap.append(_mail("Zhang San <zhang.san@partner.cn>", "Need access", "Please."))
    assert poll()["created"] == 1
    user = User.objects.get(email="zhang.san@partner.cn")
    assert user.role == Role.REQUESTER and not user.has_usable_password()
    assert user.display_name == "Zhang San"
    assert Ticket.objects.get().requester == user


@override_settings(EMAIL_UNKNOWN_SENDERS="reject")
def test_unknown_senders_may_be_rejected(imap, poll):
    imap.append(_mail("stranger@elsewhere.net", "Hello", "Hi."))
    assert poll() == _counts(fetched=1, rejected=1)
    assert not Ticket.objects.exists()
    assert not User.objects.filter(email="stranger@elsewhere.net").exists()


@override_settings(EMAIL_SENDER_LIMIT_PER_HOUR=2)
def test_a_sender_over_the_hourly_limit_is_rejected(imap, poll, alice):
    for n in range(3):
        imap.append(_mail("alice.wang@example.com", f"Mail {n}", "Text."))
    assert poll() == _counts(fetched=3, created=2, rejected=1)


def test_a_wrong_password_is_a_502_with_the_servers_answer(imap, mailbox, client_for, admin_user):
    mailbox.password = "wrong"
    mailbox.save()
    response = client_for(admin_user).post(f"/api/v1/mailboxes/{mailbox.pk}/poll/")
    assert response.status_code == 502
    assert "LOGIN" in response.json()["detail"]
    mailbox.refresh_from_db()
    assert mailbox.last_error


def test_test_connection_shows_the_servers_answer(imap, mailbox, client_for, admin_user):
    response = client_for(admin_user).post(f"/api/v1/mailboxes/{mailbox.pk}/test/")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and "Dovecot" in body["answer"]


def test_outgoing_notifications_carry_their_message_id_and_auto_submitted(
    imap, poll, alice, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    imap.append(_mail("alice.wang@example.com", "Mouse", "Broken."))
    poll()
    row = Notification.objects.get(recipient=alice)
    django_mail.outbox.clear()
    assert outbox.deliver(row.pk)
    sent = django_mail.outbox[-1]
    assert sent.extra_headers["Message-ID"] == row.message_id
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"
    assert Ticket.objects.get().number in sent.subject


@pytest.mark.django_db(transaction=True)
def test_two_polls_at_once_act_on_each_mail_once(imap, mailbox, alice):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    for n in range(4):
        imap.append(_mail("alice.wang@example.com", f"Parallel {n}", "Text."))
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(mailboxes.poll(mailbox.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 2
    assert sum(r.created for r in results) == 4
    assert sum(r.fetched for r in results) == 4
    assert Ticket.objects.count() == 4
    assert InboundMessage.objects.count() == 4
