"""Queue emails in the outbox (inside the caller's transaction) and deliver them."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.models import Notification

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 10


def queue(recipient, template: str, context: dict, dedupe_key: str) -> Notification | None:
    """Render `notifications/<template>.txt` in the recipient's language and queue it.

    The first line of the rendered template is the subject. Returns None when the
    recipient has no email or the same `dedupe_key` was queued before.
    """
    if recipient is None or not recipient.email or not recipient.is_active:
        return None
    language = recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        text = render_to_string(
            f"notifications/{template}.txt",
            {**context, "recipient": recipient, "site_url": settings.SITE_URL},
        ).strip()
    subject, _, body = text.partition("\n")
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                email=recipient.email,
                subject=subject.strip()[:300],
                body=body.strip(),
                dedupe_key=dedupe_key[:200],
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _enqueue(notification_id: int) -> None:
    """Hand the notification to a worker now; if the broker is down the beat sweep sends it."""
    from notifications.tasks import deliver

    try:
        deliver.apply_async(args=[notification_id], retry=False)
    except Exception as exc:  # broker unreachable: the outbox keeps it
        logger.warning("notification %s left in the outbox: %s", notification_id, exc)


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
            send_mail(notification.subject, notification.body, None, [notification.email])
        except Exception as exc:  # SMTP trouble: count it, try again on the next sweep
            Notification.objects.filter(pk=notification.pk).update(
                attempts=notification.attempts + 1, last_error=str(exc)[:500]
            )
            logger.warning("notification %s not sent: %s", notification_id, exc)
            return False
        Notification.objects.filter(pk=notification.pk).update(
            sent_at=timezone.now(), attempts=notification.attempts + 1, last_error=""
        )
    return True


def deliver_pending(limit: int = 500) -> int:
    ids = list(
        Notification.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(deliver(pk) for pk in ids)
