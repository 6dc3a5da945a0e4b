"""Reading one mail: headers, sender, text, attachments, what it replies to, whether a
machine sent it. Pure: stdlib `email` (policy.default) and html2text, no Django."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses

import html2text
from mailparser_reply import EmailReplyParser

# A Message-ID longer than this is kept as its SHA-256 (inbound.models.MESSAGE_ID_MAX).
MESSAGE_ID_MAX = 255
# `[INC0000123]` or `[REQ0000042]` in a subject: the ticket a reply is about.
TICKET_NUMBER = re.compile(r"\[((?:INC|REQ)\d{7,})\]", re.IGNORECASE)
# Automatic mail (RFC 3834 and the common conventions): never a ticket, never answered.
AUTOMATIC_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply"})
BOUNCE_SENDERS = ("mailer-daemon", "postmaster")
_MSGID = re.compile(r"<[^<>\s]+>")


class Unreadable(ValueError):
    """The mail cannot be read as a message with a sender."""


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes


@dataclass
class ParsedMail:
    message_id: str
    sender: str  # the From address, lower-cased
    sender_name: str
    subject: str
    text: str
    references: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    automatic: bool = False


def message_key(value: str, raw: bytes) -> str:
    """The key a mail is recorded under: its Message-ID, hashed when too long; a mail
    without one is known by the hash of its bytes."""
    value = value.strip()
    if not value:
        return "sha256:" + hashlib.sha256(raw).hexdigest()
    if len(value) > MESSAGE_ID_MAX:
        return "sha256:" + hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()
    return value


def header_message_id(raw: bytes) -> str:
    """The Message-ID of a mail that may not parse as a whole (for the failure record)."""
    try:
        message = message_from_bytes(raw, policy=policy.compat32)
        return str(message.get("Message-ID", "") or "").strip()
    except Exception:  # the bytes are not a message at all
        return ""


def parse(raw: bytes) -> ParsedMail:
    """Read a mail; `Unreadable` when it is not a message with a usable From address."""
    try:
        message = message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        sender_name, sender = _sender(message)
        subject = _header(message, "Subject")
        message_id = _header(message, "Message-ID")
    except Unreadable:
        raise
    except Exception as exc:  # the stdlib parser's many ways to fail on broken headers
        raise Unreadable(str(exc) or exc.__class__.__name__) from exc
    if not sender:
        raise Unreadable("no sender address (From)")
    try:
        text = body_text(message)
        attachments = _attachments(message)
    except Exception as exc:  # a broken MIME structure or encoding
        raise Unreadable(str(exc) or exc.__class__.__name__) from exc
    return ParsedMail(
        message_id=message_key(message_id, raw),
        sender=sender,
        sender_name=sender_name,
        subject=" ".join(subject.split()),
        text=text,
        references=references(message),
        attachments=attachments,
        automatic=is_automatic(message, sender),
    )


def _header(message: EmailMessage, name: str) -> str:
    value = message.get(name)
    return str(value).strip() if value is not None else ""


def _sender(message: EmailMessage) -> tuple[str, str]:
    value = message.get("From")
    if value is None:
        return "", ""
    pairs = getaddresses([str(value)])
    for name, address in pairs:
        address = address.strip()
        if "@" in address and " " not in address:
            return " ".join(name.split())[:150], address.lower()
    return "", ""


def references(message: EmailMessage) -> list[str]:
    """The Message-IDs a mail answers: In-Reply-To, then References (newest first)."""
    found: list[str] = []
    for name in ("In-Reply-To", "References"):
        value = message.get(name)
        if value is None:
            continue
        ids = _MSGID.findall(str(value))
        if name == "References":
            ids.reverse()
        found.extend(i for i in ids if i not in found)
    return found[:50]


def is_automatic(message: EmailMessage, sender: str) -> bool:
    """An auto-reply, a bounce or list mail: opens nothing, is answered by nothing."""
    auto = _header(message, "Auto-Submitted").lower()
    if auto and auto != "no":
        return True
    if _header(message, "Precedence").lower() in AUTOMATIC_PRECEDENCE:
        return True
    if message.get("X-Autoreply") is not None or message.get("X-Autorespond") is not None:
        return True
    if sender.split("@", 1)[0] in BOUNCE_SENDERS:
        return True
    if message.get_content_type() == "multipart/report":  # delivery status notifications
        return True
    return _header(message, "Return-Path") == "<>"


def html_to_text(html: str) -> str:
    """HTML as readable text: scripts and styles dropped, links kept as text."""
    converter = html2text.HTML2Text()
    converter.body_width = 0
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.unicode_snob = True
    return converter.handle(html).strip()


def body_text(message: EmailMessage) -> str:
    """The text body: text/plain when there is one, else the HTML converted to text."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        return html_to_text(content)
    return content.replace("\r\n", "\n").strip()


def _attachments(message: EmailMessage) -> list[Attachment]:
    found = []
    for part in message.iter_attachments():
        if not isinstance(part, EmailMessage) or part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload:
            continue
        name = part.get_filename() or f"attachment.{part.get_content_subtype()}"
        found.append(Attachment(name=" ".join(name.split()), content=payload))
    return found


def ticket_number(subject: str) -> str | None:
    match = TICKET_NUMBER.search(subject)
    return match.group(1).upper() if match else None


_QUOTE_HEADER = re.compile(r"(wrote|写道|écrit|schrieb)\s*[:：]\s*$", re.IGNORECASE)
_ORIGINAL = re.compile(r"^-{2,}\s*(original message|原始邮件|forwarded message)", re.IGNORECASE)


def trim_reply(text: str) -> str:
    """The new part of a reply: quoted history, the "… wrote:" line and the signature go.

    mail-parser-reply knows the usual reply headers and signatures in English and Chinese;
    what it leaves (a quote without a header it knows, an RFC 3676 `-- ` signature) is cut
    here, line by line."""
    text = text.replace("\r\n", "\n")
    try:
        reply = EmailReplyParser(languages=["en", "zh"]).parse_reply(text=text)
    except Exception:  # the library's regular expressions on odd input: keep the whole text
        reply = text
    lines = (reply or text).split("\n")
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        if line.rstrip() == "--" or _ORIGINAL.match(stripped):
            break
        if stripped.startswith(">"):
            break
        kept.append(line)
    while kept and (not kept[-1].strip() or _QUOTE_HEADER.search(kept[-1].strip())):
        kept.pop()
    return "\n".join(kept).strip()
