"""Mailboxes: save one, test its connection, poll it (beat or on demand)."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import DomainError
from inbound import imap, permissions
from inbound.models import Mailbox, Outcome
from inbound.services.mail import process_mail

logger = logging.getLogger(__name__)

# What a mailbox's form and the API may set.
MAILBOX_FIELDS = (
    "name",
    "protocol",
    "host",
    "port",
    "use_ssl",
    "username",
    "password",
    "folder",
    "failed_folder",
    "address",
    "assignment_group",
    "catalog_item",
    "active",
)


class MailServerUnavailable(DomainError):
    """The mail server did not answer or refused us (the API answers 502)."""

    status_code = 502


@dataclass
class PollResult:
    fetched: int = 0
    created: int = 0
    appended: int = 0
    ignored: int = 0
    rejected: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class ConnectionReport:
    ok: bool
    answer: str


def save_mailbox(actor: User, mailbox: Mailbox, values: dict[str, Any]) -> Mailbox:
    """Create or edit a mailbox (admins). An empty password keeps the stored one."""
    if not permissions.can_manage_channels(actor):
        raise PermissionDenied
    for name, value in values.items():
        if name not in MAILBOX_FIELDS:
            continue
        if name == "password" and not value and mailbox.pk:
            continue
        setattr(mailbox, name, value)
    with transaction.atomic():
        if mailbox.pk:
            Mailbox.objects.select_for_update().filter(pk=mailbox.pk).first()
        try:
            mailbox.full_clean(exclude=["uid_validity", "last_uid"])
        except DjangoValidationError as exc:
            raise DomainError(exc.message_dict) from exc
        mailbox.save()
    return mailbox


def delete_mailbox(actor: User, mailbox: Mailbox) -> None:
    if not permissions.can_manage_channels(actor):
        raise PermissionDenied
    mailbox.delete()


def _server(mailbox: Mailbox) -> imap.Server:
    return imap.Server(
        host=mailbox.host,
        port=mailbox.port,
        use_ssl=mailbox.use_ssl,
        username=mailbox.username,
        password=mailbox.password,
        folder=mailbox.folder,
        timeout=float(settings.EMAIL_IMAP_TIMEOUT),
    )


def test_connection(actor: User, mailbox: Mailbox) -> ConnectionReport:
    """Sign in and open the folder; the server's own words either way."""
    if not permissions.can_manage_channels(actor):
        raise PermissionDenied
    try:
        with imap.session(_server(mailbox)) as current:
            answer = _("%(greeting)s — signed in as %(user)s; %(folder)s holds %(n)d mails.") % {
                "greeting": current.greeting,
                "user": mailbox.username,
                "folder": mailbox.folder,
                "n": current.exists,
            }
            return ConnectionReport(True, answer)
    except imap.MailServerError as exc:
        return ConnectionReport(False, str(exc))


def poll_now(actor: User, mailbox: Mailbox) -> PollResult:
    """`POST /mailboxes/{id}/poll/` and the page's button (admins)."""
    if not permissions.can_manage_channels(actor):
        raise PermissionDenied
    return poll(mailbox.pk)


def poll(mailbox_id: int) -> PollResult:
    """Read the mailbox's new mail (by UID, at most EMAIL_POLL_BATCH) and act on each once.
    Two polls at once read the same mails; each mail's row decides which acts."""
    mailbox = Mailbox.objects.select_related("assignment_group", "catalog_item").get(pk=mailbox_id)
    result = PollResult()
    last_uid = mailbox.last_uid
    try:
        with imap.session(_server(mailbox)) as current:
            if current.uid_validity != mailbox.uid_validity:
                last_uid = 0  # a new folder (or a rebuilt one): Message-IDs stop repeats
                Mailbox.objects.filter(pk=mailbox.pk).update(
                    uid_validity=current.uid_validity, last_uid=0
                )
            for uid in current.uids_after(last_uid)[: settings.EMAIL_POLL_BATCH]:
                raw = current.fetch(uid)
                if raw is not None:
                    outcome = process_mail(mailbox, raw).outcome
                    _count(result, outcome)
                    _file(current, mailbox, uid, failed=outcome == Outcome.FAILED)
                Mailbox.objects.filter(pk=mailbox.pk).update(last_uid=Greatest(F("last_uid"), uid))
    except imap.MailServerError as exc:
        Mailbox.objects.filter(pk=mailbox.pk).update(
            last_polled_at=timezone.now(), last_error=str(exc)[:500]
        )
        logger.warning("mailbox %s: %s", mailbox.pk, exc)
        raise MailServerUnavailable(
            _("The mail server did not answer as expected: %(answer)s") % {"answer": exc}
        ) from exc
    error = (
        _("%(n)d mail(s) could not be read: see the mailbox's recent mail.") % {"n": result.failed}
        if result.failed
        else ""
    )
    Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=timezone.now(), last_error=error)
    return result


def _count(result: PollResult, outcome: str | None) -> None:
    if outcome is None:
        return  # read before: not fetched by this poll
    result.fetched += 1
    if outcome == Outcome.FAILED:
        result.failed += 1
        result.rejected += 1
    else:
        setattr(result, str(outcome), getattr(result, str(outcome)) + 1)


def _file(current: imap.Session, mailbox: Mailbox, uid: int, *, failed: bool) -> None:
    """Mark a read mail as read; move an unreadable one to the mailbox's failed folder."""
    try:
        if failed and mailbox.failed_folder:
            current.move(uid, mailbox.failed_folder)
        else:
            current.mark_read(uid)
    except imap.MailServerError as exc:  # the mail is recorded: only its flag is lost
        logger.warning("mailbox %s: uid %s not filed: %s", mailbox.pk, uid, exc)


def poll_all() -> int:
    """Beat: poll every active mailbox; one failing server does not stop the others."""
    from inbound import queries

    polled = 0
    for pk in queries.active_mailbox_ids():
        try:
            poll(pk)
            polled += 1
        except MailServerUnavailable:
            continue
    return polled
