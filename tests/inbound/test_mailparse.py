"""The pure mail reader: replies trimmed, automatic mail spotted, HTML to text."""

from email.message import EmailMessage

import pytest

from inbound import mailparse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thanks!\n\nOn Mon, 7 Dec 2026, Desk <d@x> wrote:\n> old\n> text", "Thanks!"),
        ("好的，谢谢。\n\n在 2026年12月7日 10:00，服务台 <d@x> 写道：\n> 旧内容", "好的，谢谢。"),
        ("Fixed now.\n\n-- \nLi Lei\nIT", "Fixed now."),
        ("See below\n\n-----Original Message-----\nFrom: desk", "See below"),
        ("Plain answer with no quote", "Plain answer with no quote"),
        ("> only a quote", ""),
    ],
)
def test_trim_reply_keeps_only_the_new_text(text, expected):
    assert mailparse.trim_reply(text) == expected


def _message(**headers):
    message = EmailMessage()
    message["From"] = headers.pop("From", "a@example.com")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("x")
    return message


@pytest.mark.parametrize(
    ("headers", "automatic"),
    [
        ({}, False),
        ({"Auto_Submitted": "no"}, False),
        ({"Auto_Submitted": "auto-replied"}, True),
        ({"Auto_Submitted": "auto-generated"}, True),
        ({"Precedence": "junk"}, True),
        ({"Precedence": "first-class"}, False),
        ({"From": "MAILER-DAEMON@mx.example.com"}, True),
        ({"Return_Path": "<>"}, True),
    ],
)
def test_automatic_mail(headers, automatic):
    message = _message(**headers)
    sender = mailparse.parse(message.as_bytes()).sender
    assert mailparse.is_automatic(message, sender) is automatic


def test_ticket_numbers_in_subjects():
    assert mailparse.ticket_number("Re: [inc0000123] printer") == "INC0000123"
    assert mailparse.ticket_number("RE: [REQ0000042]") == "REQ0000042"
    assert mailparse.ticket_number("INC0000123 without brackets") is None


def test_a_long_message_id_is_hashed_and_a_missing_one_keyed_by_content():
    assert mailparse.message_key("<" + "a" * 300 + "@x>", b"").startswith("sha256:")
    assert mailparse.message_key("", b"one") != mailparse.message_key("", b"two")
    assert mailparse.message_key(" <id@x> ", b"") == "<id@x>"


def test_a_mail_without_a_sender_is_unreadable():
    with pytest.raises(mailparse.Unreadable):
        mailparse.parse(b"Subject: hi\r\n\r\nbody")
