"""One approval request: one approver of one step of a ticket's approval chain."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import TimeStampedModel
from incidents.rules import TEXT_MAX


class State(models.TextChoices):
    # In a context of their own: "Pending" is also a ticket status (挂起), another word.
    PENDING = "pending", pgettext_lazy("approval request", "Pending")
    APPROVED = "approved", pgettext_lazy("approval request", "Approved")
    REJECTED = "rejected", pgettext_lazy("approval request", "Rejected")
    SKIPPED = "skipped", pgettext_lazy("approval request", "Skipped")


class Mode(models.TextChoices):
    ANY = "any", _("Any one approves (或签)")
    ALL = "all", _("Everyone approves (会签)")


DECIDED_STATES = (State.APPROVED, State.REJECTED)


class Approval(TimeStampedModel):
    """Written when its step starts (`approvals.services`); decided once."""

    ticket = models.ForeignKey(
        "incidents.Ticket",
        verbose_name=_("ticket"),
        on_delete=models.CASCADE,
        related_name="approvals",
    )
    step = models.PositiveSmallIntegerField(_("step"))
    # The step's mode when it started: editing the item later changes no running chain.
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, default=Mode.ANY)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        on_delete=models.PROTECT,
        related_name="approvals",
    )
    # Set when the request went to `approver` as the delegate of this person.
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    comment = models.TextField(_("comment"), max_length=TEXT_MAX, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    # Set once by the reminder job's conditional UPDATE: one reminder per request.
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        ordering = ["ticket", "step", "id"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "step", "approver"], name="approval_one_per_approver"
            ),
            models.CheckConstraint(condition=models.Q(step__gte=1), name="approval_step_1"),
        ]
        indexes = [
            models.Index(
                fields=["approver", "due_at"],
                name="approval_pending_mine",
                condition=models.Q(state="pending"),
            ),
            models.Index(
                fields=["due_at"],
                name="approval_unreminded",
                condition=models.Q(state="pending", reminded_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} step {self.step}: {self.approver_id} {self.state}"

    @property
    def is_pending(self) -> bool:
        return self.state == State.PENDING
