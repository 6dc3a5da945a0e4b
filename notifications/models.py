"""The outbox: emails written in the same transaction as the change that causes them.

A broker outage cannot lose a notification or fail the change: the row is there, and the
beat task `deliver_pending` sends whatever is still unsent once workers run again.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    email = models.EmailField(_("email"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    # One notification per cause: a retried task or a repeated call cannot send twice.
    dedupe_key = models.CharField(max_length=200, unique=True)
    # The Message-ID the mail goes out with: a reply's In-Reply-To/References find the
    # ticket it is about (the inbound mail channel reads `ticket`).
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    ticket = models.ForeignKey(
        "incidents.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["created_at"],
                name="notification_unsent",
                condition=models.Q(sent_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.subject}"
