"""One mail → a ticket, a public comment on one, or nothing (ignored, rejected, failed).

`process_mail` inserts the mail's `InboundMessage` row first, in the transaction that acts
on it: a second poll reading the same mail waits on the unique Message-ID, then finds it
taken and does nothing. A mail that cannot be read, or whose handling fails, is recorded
as `failed` in a transaction of its own: reported, never retried.
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from common.errors import DomainError
from inbound import mailparse, queries
from inbound.models import InboundMessage, Mailbox, Outcome
from inbound.services.gateway import gateway_user
from incidents import permissions, rules
from incidents import services as tickets
from incidents.models import Channel, Ticket
from notifications.services import email_subject

logger = logging.getLogger(__name__)

UNKNOWN_CREATE, UNKNOWN_REJECT = "create", "reject"
_USERNAME_CHARS = re.compile(r"[^\w.@+-]")


@dataclass(frozen=True)
class MailResult:
    """What one mail did: its outcome (None when another poll had it already)."""

    outcome: str | None
    ticket: Ticket | None = None


def process_mail(mailbox: Mailbox, raw: bytes) -> MailResult:
    """Act on one mail once; see the module's docstring."""
    try:
        mail = mailparse.parse(raw)
    except mailparse.Unreadable as exc:
        key = mailparse.message_key(mailparse.header_message_id(raw), raw)
        return _record_failure(mailbox, key, "", "", _("Unreadable mail: %(why)s") % {"why": exc})
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    row = InboundMessage.objects.create(
                        mailbox=mailbox,
                        message_id=mail.message_id,
                        sender=mail.sender[:320],
                        subject=email_subject(mail.subject),
                    )
            except IntegrityError:
                return MailResult(None)  # read before (or by a poll running now)
            outcome, ticket, reason = _act(mailbox, mail)
            row.outcome, row.ticket, row.reason = outcome, ticket, reason[:500]
            row.save(update_fields=["outcome", "ticket", "reason"])
            return MailResult(outcome, ticket)
    except Exception as exc:  # anything the mail made go wrong: recorded, not retried
        logger.exception("mailbox %s: mail %s failed", mailbox.pk, mail.message_id)
        why = _("Could not be handled: %(why)s") % {"why": str(exc) or exc.__class__.__name__}
        return _record_failure(mailbox, mail.message_id, mail.sender, mail.subject, why)


def _record_failure(
    mailbox: Mailbox, key: str, sender: str, subject: str, reason: str
) -> MailResult:
    try:
        with transaction.atomic():
            InboundMessage.objects.create(
                mailbox=mailbox,
                message_id=key,
                sender=sender[:320],
                subject=email_subject(subject),
                outcome=Outcome.FAILED,
                reason=reason[:500],
            )
    except IntegrityError:
        return MailResult(None)
    logger.error("mailbox %s: %s (%s)", mailbox.pk, reason, key)
    return MailResult(Outcome.FAILED)


def _act(mailbox: Mailbox, mail: mailparse.ParsedMail) -> tuple[str, Ticket | None, str]:
    if mail.automatic:
        return Outcome.IGNORED, None, _("Automatic mail (auto-reply, bounce or list).")
    if mail.sender in queries.own_addresses():
        return Outcome.IGNORED, None, _("Sent from the desk's own address.")
    sender = queries.user_by_email(mail.sender)
    if sender is not None and not sender.is_active:
        return Outcome.REJECTED, None, _("The sender's account is deactivated.")
    if sender is None:
        if settings.EMAIL_UNKNOWN_SENDERS == UNKNOWN_REJECT:
            return Outcome.REJECTED, None, _("Unknown sender.")
        sender = _new_requester(mail)
    since = timezone.now() - datetime.timedelta(hours=1)
    if queries.mails_acted_on_since(mail.sender, since) >= settings.EMAIL_SENDER_LIMIT_PER_HOUR:
        return Outcome.REJECTED, None, _("Too many mails from this sender in the last hour.")
    ticket = _replied_ticket(sender, mail)
    if ticket is not None:
        _append(sender, ticket, mail)
        return Outcome.APPENDED, ticket, ""
    return Outcome.CREATED, _open(mailbox, sender, mail), ""


def _replied_ticket(sender: User, mail: mailparse.ParsedMail) -> Ticket | None:
    """The ticket a reply is about (a Message-ID we sent or read, else the subject's
    number), when the sender may still add a public comment to it."""
    ticket = queries.ticket_by_message_ids(mail.references)
    if ticket is None:
        number = mailparse.ticket_number(mail.subject)
        ticket = queries.ticket_by_number(number) if number else None
    if ticket is None:
        return None
    if not permissions.can_comment(sender, ticket, False):
        return None
    if not rules.accepts_public_replies(ticket.status):
        return None
    return ticket


def _open(mailbox: Mailbox, sender: User, mail: mailparse.ParsedMail) -> Ticket:
    gateway = gateway_user()
    title = mail.subject[: rules.TITLE_MAX] or _("(no subject)")
    ticket = tickets.create_ticket(
        gateway,
        tickets.NewTicket(
            title=title,
            description=mail.text[: rules.TEXT_MAX],
            catalog_item=mailbox.catalog_item,
            requester=sender,
            channel=Channel.EMAIL,
            assignment_group=mailbox.assignment_group,
        ),
    )
    _attach(sender, ticket, mail)
    return ticket


def _append(sender: User, ticket: Ticket, mail: mailparse.ParsedMail) -> None:
    body = mailparse.trim_reply(mail.text)[: rules.TEXT_MAX]
    if not body:
        with translation.override(sender.language or settings.LANGUAGE_CODE):
            body = _("(replied by email without text)")
    tickets.add_comment(sender, ticket, body)
    _attach(sender, ticket, mail)


def _attach(sender: User, ticket: Ticket, mail: mailparse.ParsedMail) -> None:
    """The mail's files, by the upload rules; those refused are named in a work note."""
    refused: list[str] = []
    for item in mail.attachments:
        name = item.name[: rules.FILE_NAME_MAX]
        try:
            with transaction.atomic():
                tickets.add_attachment(sender, ticket, SimpleUploadedFile(name, item.content))
        except (DomainError, PermissionDenied) as exc:
            refused.append(f"{name}: {exc}")
    if refused:
        note = _("Files in the mail that were not kept:") + "\n" + "\n".join(refused)
        tickets.add_comment(gateway_user(), ticket, note[: rules.TEXT_MAX], internal=True)


def _new_requester(mail: mailparse.ParsedMail) -> User:
    """A requester for an unknown address: no usable password (a reset link, or the desk,
    gives them one), named after the mail's From."""
    base = _USERNAME_CHARS.sub("", mail.sender)[:140] or "mail-user"
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}-{n}"
    user: User = User.objects.create(
        username=username,
        email=mail.sender,
        display_name=mail.sender_name[:150],
        role=Role.REQUESTER,
        password=make_password(None),  # unusable: a reset link or the desk gives one
    )
    return user
