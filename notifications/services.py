"""Queue emails in the outbox (inside the caller's transaction) and deliver them."""

import logging
from collections.abc import Mapping, Sequence
from email.utils import make_msgid, parseaddr
from functools import lru_cache
from typing import TYPE_CHECKING, TypeAlias, TypeGuard, cast

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.template import Context
from django.template.backends.django import Template
from django.template.loader import get_template
from django.utils import timezone, translation

from common.inputs import single_line
from incidents.models import Ticket
from notifications.models import Notification

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 10

# What a template is rendered with.
TemplateContext: TypeAlias = Mapping[str, object]
# One mail to queue: (recipient, template, context, dedupe_key).
Mail: TypeAlias = tuple["User | None", str, TemplateContext, str]


def queue(
    recipient: "User | None", template: str, context: TemplateContext, dedupe_key: str
) -> Notification | None:
    """Render `notifications/<template>.txt` in the recipient's language and queue it.

    The first line of the rendered template is the subject. Returns None when the
    recipient has no email or the same `dedupe_key` was queued before.
    """
    if not _reachable(recipient):
        return None
    try:
        with transaction.atomic():
            notification = _build(recipient, template, context, dedupe_key)
            notification.save()
    except IntegrityError:
        return None
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def queue_many(items: Sequence[Mail], *, impersonal: bool = False) -> None:
    """Queue many `(recipient, template, context, dedupe_key)` at once: one INSERT, keys
    already queued skipped (by the database: ON CONFLICT DO NOTHING), one delivery task
    after commit.

    `impersonal`: the templates do not address the recipient, so a template and context
    are rendered once per language, not once per recipient."""
    texts: dict[tuple[str, int, str], tuple[str, str]] = {}
    rows = [
        _build(recipient, template, context, key, texts=texts if impersonal else None)
        for recipient, template, context, key in items
        if _reachable(recipient)
    ]
    if not rows:
        return
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    transaction.on_commit(_enqueue_sweep)


def render_text(template_name: str, context: TemplateContext) -> str:
    """Render a plain-text template without HTML autoescaping.

    Emails are plain text: `Tom's "printer" & <scanner>` must read as typed, not as
    `Tom&#x27;s &quot;printer&quot; &amp; &lt;scanner&gt;`. Nothing renders the result as
    HTML, so escaping would only corrupt it."""
    # The Django engine's template (the only engine configured), whose own `render` takes
    # a Context: the backend's would turn autoescaping back on.
    template = cast(Template, get_template(template_name)).template
    return template.render(Context(dict(context), autoescape=False))


def _reachable(recipient: "User | None") -> TypeGuard["User"]:
    return recipient is not None and bool(recipient.email) and recipient.is_active


def _build(
    recipient: "User",
    template: str,
    context: TemplateContext,
    dedupe_key: str,
    texts: dict[tuple[str, int, str], tuple[str, str]] | None = None,
) -> Notification:
    language = recipient.language or settings.LANGUAGE_CODE
    # The items of one call are alive together, so a context's id names it while they are.
    key = (template, id(context), language)
    mail = texts.get(key) if texts is not None else None
    if mail is None:
        with translation.override(language):
            text = render_text(
                f"notifications/{template}.txt",
                {**context, "recipient": recipient, "site_url": settings.SITE_URL},
            ).strip()
        subject, _, body = text.partition("\n")
        mail = (email_subject(subject), body.strip())
        if texts is not None:
            texts[key] = mail
    ticket = context.get("ticket")
    return Notification(
        recipient=recipient,
        email=recipient.email,
        subject=mail[0],
        body=mail[1],
        dedupe_key=dedupe_key[:200],
        message_id=new_message_id(),
        ticket_id=ticket.pk if isinstance(ticket, Ticket) else None,
    )


def new_message_id() -> str:
    """A Message-ID in the desk's own domain (that of DEFAULT_FROM_EMAIL): stored with the
    mail, so a reply's In-Reply-To names the ticket it answers."""
    return make_msgid(idstring="itsm", domain=_domain_of(settings.DEFAULT_FROM_EMAIL))


@lru_cache(maxsize=8)
def _domain_of(sender: str) -> str:
    return parseaddr(sender)[1].rpartition("@")[2] or "localhost"


def email_subject(text: str) -> str:
    """The one subject builder: a header never holds a line break or other control
    character (mail refuses it: "Header values can't contain newlines"), even from a title
    stored before such characters were refused."""
    return single_line(text)[:300]


def _enqueue(notification_id: int) -> None:
    """Hand the notification to a worker now; if the broker is down the beat sweep sends it."""
    from notifications.tasks import deliver

    try:
        deliver.apply_async(args=(notification_id,), retry=False)
    except Exception as exc:  # broker unreachable: the outbox keeps it
        logger.warning("notification %s left in the outbox: %s", notification_id, exc)


def _enqueue_sweep() -> None:
    from notifications.tasks import deliver_pending

    try:
        deliver_pending.apply_async(retry=False)
    except Exception as exc:  # broker unreachable: the beat sweep sends them later
        logger.warning("notifications left in the outbox: %s", exc)


def deliver(notification_id: int) -> bool:
    """Send one notification once; True when this call sent it."""
    with transaction.atomic():
        qs = Notification.objects.filter(pk=notification_id, sent_at__isnull=True)
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        notification = qs.first()
        if notification is None or notification.attempts >= MAX_ATTEMPTS:
            return False
        try:
            message_id = notification.message_id or new_message_id()
            EmailMessage(
                email_subject(notification.subject),
                notification.body,
                None,
                [notification.email],
                headers={
                    "Message-ID": message_id,
                    # RFC 3834: no auto-reply to us (Exchange reads its own header).
                    "Auto-Submitted": "auto-generated",
                    "X-Auto-Response-Suppress": "All",
                },
            ).send()
        except Exception as exc:  # SMTP trouble: count it, try again on the next sweep
            Notification.objects.filter(pk=notification.pk).update(
                attempts=notification.attempts + 1, last_error=str(exc)[:500]
            )
            logger.warning("notification %s not sent: %s", notification_id, exc)
            return False
        Notification.objects.filter(pk=notification.pk).update(
            sent_at=timezone.now(),
            attempts=notification.attempts + 1,
            last_error="",
            message_id=message_id,
        )
    return True


def deliver_pending(limit: int = 500) -> int:
    """The beat sweep: send what is still in the outbox. Logs only when it sent something
    (it runs every 30 seconds, and after every burst of group notifications)."""
    ids = list(
        Notification.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = sum(deliver(pk) for pk in ids)
    if sent:
        logger.info("outbox: %d notification(s) sent", sent)
    return sent
