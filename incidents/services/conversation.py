"""Public replies, internal work notes and attachments."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from accounts.models import User
from common import uploads
from common.errors import IllegalTransition, PayloadTooLarge
from incidents import events, permissions, rules, workflow
from incidents.models import (
    Attachment,
    Comment,
    EventKind,
    Ticket,
)
from incidents.services import actions
from incidents.services.common import Errors, Invalid, clean_text, lock, record

# --- comments and attachments ---------------------------------------------------------------

CLOSED_MESSAGE = gettext_lazy("This ticket is closed: open a new one instead.")


@dataclass(frozen=True)
class CommentPosted:
    """What posting a comment did: the comment, and whether it was the requester's answer
    that took a pending ticket back in progress."""

    comment: Comment
    resumed: bool


def add_comment(actor: User, ticket: Ticket, body: str, internal: bool = False) -> Comment:
    """A public reply or an internal work note (see `post_comment`); the comment."""
    return post_comment(actor, ticket, body, internal=internal).comment


def post_comment(actor: User, ticket: Ticket, body: str, internal: bool = False) -> CommentPosted:
    """A public reply or an internal work note: 403 without the right, 400 for an empty or
    too long body, 409 for a public reply on a closed ticket. A requester's reply to a
    pending ticket resumes it, in the same transaction."""
    if not isinstance(internal, bool):
        raise Invalid({"internal": _("Must be true or false.")})
    if not permissions.can_comment(actor, ticket, internal):
        raise PermissionDenied
    errors: Errors = {}
    text = clean_text(errors, "body", body, required=True, limit=rules.TEXT_MAX)
    if errors:
        raise Invalid(errors)
    if not internal and not rules.accepts_public_replies(ticket.status):
        raise IllegalTransition(str(CLOSED_MESSAGE))
    with transaction.atomic():
        ticket = lock(ticket)
        comment = Comment.objects.create(ticket=ticket, author=actor, body=text, internal=internal)
        record(
            ticket,
            actor,
            EventKind.COMMENT,
            "internal" if internal else "public",
            "",
            text[:200],
            internal=internal,
        )
        staff_reply = not internal and roles.is_agent(actor) and actor.pk != ticket.requester_id
        customer_reply = not internal and actor.pk == ticket.requester_id
        update = ["updated_at"]
        if staff_reply and ticket.first_response_at is None:
            ticket.first_response_at = comment.created_at
            update.append("first_response_at")
        if staff_reply and ticket.promised_reply_at and ticket.promise_kept is None:
            ticket.promise_kept = comment.created_at <= ticket.promised_reply_at
            update.append("promise_kept")
        if customer_reply:
            # The desk's "updated by the customer" marker, until an agent opens the ticket.
            ticket.customer_updated_at = comment.created_at
            update.append("customer_updated_at")
        ticket.save(update_fields=update)
        resumed = customer_reply and ticket.status == workflow.PENDING
        if resumed:
            # The answer the ticket was waiting for: back in progress, timers running again.
            ticket = actions.apply(actor, ticket, "resume", {})
        # SLA timers see a first response; the requester hears of a reply, the staff of
        # the requester's (subscribers of sla and notifications).
        events.publish(
            events.CommentAdded(
                ticket,
                actor,
                comment,
                staff_reply=staff_reply,
                customer_reply=customer_reply,
                first_response="first_response_at" in update,
                resumed=resumed,
            )
        )
    return CommentPosted(comment, resumed)


def acknowledge_customer_update(actor: User, ticket: Ticket) -> bool:
    """An agent opened the ticket: the requester's update has been seen, and the desk's
    "updated by the customer" marker goes. One conditional UPDATE (no version, no history,
    `updated_at` kept); True when this call cleared it."""
    if ticket.customer_updated_at is None or not roles.is_agent(actor):
        return False
    if actor.pk == ticket.requester_id:
        return False  # an agent reading their own request is the customer, not the desk
    cleared = Ticket.objects.filter(pk=ticket.pk, customer_updated_at__isnull=False).update(
        customer_updated_at=None
    )
    ticket.customer_updated_at = None
    return bool(cleared)


def add_attachment(
    actor: User, ticket: Ticket, upload: UploadedFile | None, internal: bool = False
) -> Attachment:
    if not permissions.can_contribute(actor, ticket):
        raise PermissionDenied
    if not isinstance(internal, bool):
        raise Invalid({"internal": _("Must be true or false.")})
    if internal and not permissions.can_write_internal(actor):
        raise PermissionDenied
    if not internal and not rules.accepts_public_replies(ticket.status):
        raise IllegalTransition(str(CLOSED_MESSAGE))
    if upload is None:
        raise Invalid({"file": _("Attach a file.")})
    limit: int = settings.ATTACHMENT_MAX_BYTES
    size = upload.size or 0
    if size > limit:
        raise PayloadTooLarge(
            _("The file is larger than %(mb)s MB.") % {"mb": round(limit / 2**20, 1)}
        )
    head = upload.read(2048)
    upload.seek(0)
    content_type = uploads.sniff(head)
    if content_type is None:
        raise Invalid(
            {
                "file": _(
                    "This kind of file is not accepted: send images, PDF, Office documents or text."
                )
            }
        )
    name = (upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1][: rules.FILE_NAME_MAX]
    with transaction.atomic():
        attachment = Attachment(
            ticket=ticket,
            uploaded_by=actor,
            original_name=name,
            content_type=content_type,
            size=size,
            internal=internal,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        record(ticket, actor, EventKind.ATTACHMENT, "file", "", name, internal=internal)
        Ticket.objects.filter(pk=ticket.pk).update(updated_at=timezone.now())
    return attachment
