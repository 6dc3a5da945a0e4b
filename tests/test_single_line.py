"""Single-line fields (titles, names) refuse control characters; subjects are built safely.

A carriage return in a ticket title once silenced every email about that ticket: Django's
mail refuses a header with a line break, and the notification was dropped after ten tries.
"""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import SupportGroup
from incidents.models import Ticket
from notifications import services as outbox
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

MESSAGE_ZH = "此处不允许换行、制表符或其他控制字符。"


@pytest.mark.parametrize("title", ["Printer\rjams", "Printer\njams", "Tab\there", "Bell\x07"])
def test_a_ticket_title_with_control_characters_is_a_translated_400(client_for, admin_user, title):
    response = client_for(admin_user).post(
        "/api/v1/tickets/", {"title": title}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert response.json() == {"title": [MESSAGE_ZH]}
    assert not Ticket.objects.exists()


def test_editing_a_title_to_hold_a_line_break_is_a_400(client_for, admin_user):
    ticket = factories.TicketFactory(title="Printer jams")
    response = client_for(admin_user).patch(
        f"/api/v1/tickets/{ticket.pk}/", {"version": ticket.version, "title": "a\r\nb"}
    )
    assert response.status_code == 400 and "title" in response.json()
    assert Ticket.objects.get(pk=ticket.pk).title == "Printer jams"


def test_the_portal_form_refuses_a_title_with_a_carriage_return(client):
    requester = factories.UserFactory(role="requester")
    client.force_login(requester)
    response = client.post("/portal/tickets/new/", {"title": "Printer\rjams", "urgency": 2})
    assert response.status_code == 200
    assert not Ticket.objects.exists()


def test_names_refuse_control_characters_in_the_model_and_the_api(client_for, admin_user):
    group = SupportGroup(code="NET", name="Network\rteam")
    with pytest.raises(ValidationError) as excinfo:
        group.full_clean()
    assert "name" in excinfo.value.message_dict
    response = client_for(admin_user).post(
        "/api/v1/groups/", {"code": "NET", "name": "Network\nteam"}, format="json"
    )
    assert response.status_code == 400 and "name" in response.json()
    response = client_for(admin_user).patch(
        "/api/v1/users/me/", {"display_name": "Evil\r\nBcc: x@example.com"}, format="json"
    )
    assert response.status_code == 400 and "display_name" in response.json()


def test_mail_about_a_title_stored_with_a_carriage_return_still_goes_out(
    django_capture_on_commit_callbacks,
):
    # Stored before titles were checked: the subject builder folds what it cannot send.
    recipient = factories.UserFactory()
    ticket = factories.TicketFactory(title="Printer\rjams\u2028again")
    with django_capture_on_commit_callbacks(execute=True):
        outbox.queue(recipient, "ticket_resolved", {"ticket": ticket}, "t1")
    assert [m.subject for m in mail.outbox] == [f"[{ticket.number}] resolved: Printer jams again"]


def test_a_stored_subject_with_a_line_break_is_delivered_folded():
    recipient = factories.UserFactory()
    notification = Notification.objects.create(
        recipient=recipient,
        email=recipient.email,
        subject="[INC0000001] new reply:\r\nBcc: someone@example.com",
        body="Hello",
        dedupe_key="old",
    )
    assert outbox.deliver(notification.pk) is True
    assert mail.outbox[0].subject == "[INC0000001] new reply: Bcc: someone@example.com"
    assert mail.outbox[0].bcc == []
