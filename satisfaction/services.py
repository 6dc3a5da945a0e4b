"""The only place surveys and follow-ups change: schedule, send, remind, answer, follow up.

Idempotent by construction: a survey row per (ticket, resolution) is unique in the
database, sending and reminding claim the row with a conditional UPDATE, an answer is
accepted by an UPDATE ... WHERE status = 'sent', and one follow-up per survey is unique.
Emails go through the outbox, in the caller's transaction, sent after commit.
"""

import datetime
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from common.errors import Conflict, DomainError
from incidents.models import EventKind, Status, Ticket, TicketEvent
from notifications import services as outbox
from satisfaction import permissions
from satisfaction.models import (
    ACTION_MAX,
    COMMENT_MAX,
    LOW_RATINGS,
    RATINGS,
    FollowUp,
    FollowUpStatus,
    Survey,
    SurveyRule,
    SurveyStatus,
    WithdrawnReason,
)

logger = logging.getLogger(__name__)
TOKEN_SALT = "satisfaction.survey"  # noqa: S105 - a namespace, not a secret
# At most this many administrators hear about a follow-up whose group has no manager.
ADMIN_FALLBACK_MAX = 20
T = TypeVar("T")


class Invalid(DomainError):
    """Input that breaks a rule; `detail` maps fields to messages (HTTP 400)."""

    def __init__(self, errors: Mapping[str, str | list[str]]) -> None:
        super().__init__({k: v if isinstance(v, list) else [v] for k, v in errors.items()})


class BadToken(Invalid):
    """A survey link that cannot be answered; `kind` says why (for the kind page)."""

    INVALID, USED, EXPIRED = "invalid", "used", "expired"

    def __init__(self, kind: str, survey: Survey | None = None) -> None:
        messages = {
            self.INVALID: _("This survey link is not valid. Please use the link from the email."),
            self.USED: _("This survey has already been answered. Thank you."),
            self.EXPIRED: _("This survey link has expired."),
        }
        super().__init__({"token": messages[kind]})
        self.kind = kind
        self.survey = survey


# --- rules --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EffectiveRule:
    send: bool
    delay_minutes: int
    expiry_days: int


def rule_for(ticket: Ticket) -> EffectiveRule:
    """Field by field: the catalog item's rule, then its service's, then the settings."""
    item_id = ticket.catalog_item_id
    item = ticket.catalog_item if item_id else None
    service_id = item.service_id if item is not None else None
    rules: dict[str, SurveyRule] = {}
    if item_id:
        for rule in SurveyRule.objects.filter(
            Q(catalog_item_id=item_id) | Q(service_id=service_id)
        ):
            rules["item" if rule.catalog_item_id else "service"] = rule
    chain = [rules.get("item"), rules.get("service")]

    def pick(name: str, default: T) -> T:
        for rule in chain:
            if rule is not None and getattr(rule, name) is not None:
                value: T = getattr(rule, name)
                return value
        return default

    return EffectiveRule(
        send=pick("send", True),
        delay_minutes=pick("delay_minutes", settings.SURVEY_DELAY_MINUTES),
        expiry_days=max(1, pick("expiry_days", settings.SURVEY_EXPIRY_DAYS)),
    )


# --- tokens -------------------------------------------------------------------------------


def make_token(survey: Survey) -> str:
    """A signed link token carrying the survey id and its nonce (no expiry of its own: the
    database decides, per survey)."""
    return signing.dumps([survey.pk, survey.nonce], salt=TOKEN_SALT)


def survey_for_token(token: object) -> Survey:
    """The survey a token names, whatever its state; BadToken(invalid) when forged."""
    if not isinstance(token, str) or not token or len(token) > 200:
        raise BadToken(BadToken.INVALID)
    try:
        value = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        raise BadToken(BadToken.INVALID) from None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or not isinstance(value[1], str)
    ):
        raise BadToken(BadToken.INVALID)
    survey = (
        Survey.objects.select_related("ticket", "requester")
        .filter(pk=value[0], nonce=value[1])
        .first()
    )
    if survey is None or survey.status in (SurveyStatus.SCHEDULED, SurveyStatus.WITHDRAWN):
        raise BadToken(BadToken.INVALID)
    return survey


def open_survey_for_token(token: object, now: datetime.datetime | None = None) -> Survey:
    """The survey a token names if it can still be answered; BadToken otherwise."""
    survey = survey_for_token(token)
    now = now or timezone.now()
    if survey.status == SurveyStatus.ANSWERED:
        raise BadToken(BadToken.USED, survey)
    if survey.expires_at is None or survey.expires_at <= now:
        raise BadToken(BadToken.EXPIRED, survey)
    return survey


# --- scheduling and sending ---------------------------------------------------------------


def schedule_survey(ticket: Ticket) -> Survey | None:
    """Called by incidents.services when a ticket is resolved, inside its transaction.

    Writes the survey row (unique per resolution) and, after commit, queues the task that
    sends it when its delay is over. A lost task costs nothing: the beat sweep
    `send_due_surveys` sends whatever is due.
    """
    if ticket.status != Status.RESOLVED or ticket.resolved_at is None:
        return None
    rule = rule_for(ticket)
    if not rule.send:
        return None
    item = ticket.catalog_item
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                ticket=ticket,
                resolution=ticket.reopen_count + 1,
                requester_id=ticket.requester_id,
                assignment_group_id=ticket.assignment_group_id,
                assignee_id=ticket.assignee_id,
                service_id=item.service_id if item else None,
                resolved_at=ticket.resolved_at,
                nonce=secrets.token_urlsafe(16),
                send_after=ticket.resolved_at + datetime.timedelta(minutes=rule.delay_minutes),
                expiry_days=rule.expiry_days,
            )
    except IntegrityError:  # this resolution has its survey already
        return None
    countdown = max(0, int((survey.send_after - timezone.now()).total_seconds()))
    transaction.on_commit(lambda: _enqueue(survey.pk, countdown))
    return survey


def _enqueue(survey_id: int, countdown: int) -> None:
    from satisfaction.tasks import send_survey

    try:
        send_survey.apply_async(args=(survey_id,), countdown=countdown, retry=False)
    except Exception as exc:  # broker unreachable: the sweep sends it when due
        logger.warning("survey %s left for the sweep: %s", survey_id, exc)


def _withdraw(survey_id: int, reason: str) -> None:
    Survey.objects.filter(pk=survey_id, status=SurveyStatus.SCHEDULED).update(
        status=SurveyStatus.WITHDRAWN, withdrawn_reason=reason, updated_at=timezone.now()
    )


def send_survey(survey_id: int, now: datetime.datetime | None = None) -> bool:
    """Send one due survey, once; True when this call sent it.

    The claim is a conditional UPDATE (status scheduled → sent): of two workers running the
    same task at once, one updates the row and the other finds nothing to do. The email's
    outbox key is unique per survey as a second guard.
    """
    now = now or timezone.now()
    with transaction.atomic():
        survey = (
            Survey.objects.select_related("ticket", "requester")
            .filter(pk=survey_id, status=SurveyStatus.SCHEDULED, send_after__lte=now)
            .first()
        )
        if survey is None:
            return False
        ticket = survey.ticket
        # Resolved, or closed since (confirmed): send. Reopened or cancelled: never.
        if ticket.status not in (Status.RESOLVED, Status.CLOSED) or (
            ticket.reopen_count + 1 != survey.resolution
        ):
            _withdraw(survey.pk, WithdrawnReason.REOPENED)
            return False
        requester = survey.requester
        if not requester.is_active or not requester.email:
            _withdraw(survey.pk, WithdrawnReason.NO_EMAIL)
            return False
        claimed = Survey.objects.filter(pk=survey.pk, status=SurveyStatus.SCHEDULED).update(
            status=SurveyStatus.SENT,
            sent_at=now,
            expires_at=now + datetime.timedelta(days=survey.expiry_days),
            updated_at=now,
        )
        if not claimed:
            return False
        survey.refresh_from_db()
        outbox.queue(requester, "survey", _mail_context(survey), f"survey:{survey.pk}")
        _history(survey.ticket_id, None, "sent")
    return True


def _mail_context(survey: Survey) -> dict[str, Any]:
    token = make_token(survey)
    return {
        "survey": survey,
        "ticket": survey.ticket,
        "survey_url": f"{settings.SITE_URL}/survey/{token}/",
        "ratings": RATINGS,
    }


def send_due_surveys(now: datetime.datetime | None = None, batch: int = 500) -> int:
    """The beat sweep: every survey whose time has come and whose task was lost."""
    now = now or timezone.now()
    ids = list(
        Survey.objects.filter(status=SurveyStatus.SCHEDULED, send_after__lte=now)
        .order_by("send_after")
        .values_list("pk", flat=True)[:batch]
    )
    return sum(send_survey(pk, now) for pk in ids)


def remind_surveys(now: datetime.datetime | None = None, batch: int = 500) -> int:
    """One reminder per unanswered survey, SURVEY_REMINDER_DAYS after it was sent."""
    days = settings.SURVEY_REMINDER_DAYS
    if days <= 0:
        return 0
    now = now or timezone.now()
    due = Survey.objects.filter(
        status=SurveyStatus.SENT,
        reminded_at__isnull=True,
        sent_at__lte=now - datetime.timedelta(days=days),
        expires_at__gt=now,
    ).select_related("ticket", "requester")[:batch]
    sent = 0
    for survey in due:
        with transaction.atomic():
            claimed = Survey.objects.filter(
                pk=survey.pk, status=SurveyStatus.SENT, reminded_at__isnull=True
            ).update(reminded_at=now, updated_at=now)
            if not claimed:
                continue
            outbox.queue(
                survey.requester,
                "survey_reminder",
                _mail_context(survey),
                f"survey-reminder:{survey.pk}",
            )
            sent += 1
    return sent


# --- answering ----------------------------------------------------------------------------


def clean_rating(value: object) -> int:
    """A whole number 1–5. Strings ("5"), booleans and null are refused (JSON is typed)."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in RATINGS:
        raise Invalid({"rating": _("Choose a rating: a whole number from 1 to 5.")})
    return value


def clean_comment(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid({"comment": _("Enter text.")})
    value = value.strip()
    if len(value) > COMMENT_MAX:
        raise Invalid({"comment": _("At most %(max)d characters.") % {"max": COMMENT_MAX}})
    return value


def respond(
    token: object, rating: object, comment: object = "", now: datetime.datetime | None = None
) -> Survey:
    """Record the answer of a survey link, once. A rating of 1 or 2 opens a follow-up for
    the manager of the ticket's group, who is told by email."""
    survey = open_survey_for_token(token, now)
    rating = clean_rating(rating)
    comment = clean_comment(comment)
    now = now or timezone.now()
    with transaction.atomic():
        # Single use in the database: of two answers racing, one updates the row.
        answered = Survey.objects.filter(
            pk=survey.pk, status=SurveyStatus.SENT, expires_at__gt=now
        ).update(
            status=SurveyStatus.ANSWERED,
            responded_at=now,
            rating=rating,
            comment=comment,
            updated_at=now,
        )
        if not answered:
            open_survey_for_token(token, now)  # raises the reason: used or expired
            raise BadToken(BadToken.USED, survey)
        survey.refresh_from_db()
        _history(survey.ticket_id, survey.requester, "rating", str(rating))
        if rating in LOW_RATINGS:
            open_follow_up(survey)
    return survey


def follow_up_owner(survey: Survey) -> User | None:
    """The manager of the group that resolved the ticket; None means the administrators."""
    group = survey.assignment_group
    manager = group.manager if group is not None else None
    if manager is not None and manager.is_active:
        return manager
    return None


def open_follow_up(survey: Survey) -> FollowUp | None:
    """One follow-up per survey (unique in the database); the owner hears by email."""
    manager = follow_up_owner(survey)
    try:
        with transaction.atomic():
            follow_up = FollowUp.objects.create(
                survey=survey,
                ticket_id=survey.ticket_id,
                group_id=survey.assignment_group_id,
                manager=manager,
            )
    except IntegrityError:
        return None
    _history(survey.ticket_id, None, "follow_up", "open", internal=True)
    recipients = [manager] if manager else _admins()
    for user in recipients:
        outbox.queue(
            user,
            "survey_follow_up",
            {"follow_up": follow_up, "survey": survey, "ticket": survey.ticket},
            f"survey-follow-up:{follow_up.pk}:{user.pk}",
        )
    return follow_up


def _history(
    ticket_id: int, actor: User | None, field: str, new: str = "", internal: bool = False
) -> None:
    """A line in the ticket's history: survey sent, rated, followed up."""
    TicketEvent.objects.create(
        ticket_id=ticket_id,
        actor=actor,
        kind=EventKind.SURVEY,
        field=field,
        new_value=new,
        internal=internal,
    )


def _admins() -> list[User]:
    return list(
        User.objects.filter(role=roles.Role.ADMIN, is_active=True).order_by("pk")[
            :ADMIN_FALLBACK_MAX
        ]
    )


def complete_follow_up(actor: User, follow_up: FollowUp, action_taken: object) -> FollowUp:
    """Record what was done for an unhappy customer; the follow-up is then done."""
    if not permissions.can_complete_follow_up(actor, follow_up):
        raise PermissionDenied
    if not isinstance(action_taken, str) or not action_taken.strip():
        raise Invalid({"action_taken": _("Say what was done.")})
    text = action_taken.strip()
    if len(text) > ACTION_MAX:
        raise Invalid({"action_taken": _("At most %(max)d characters.") % {"max": ACTION_MAX}})
    now = timezone.now()
    with transaction.atomic():
        done = FollowUp.objects.filter(pk=follow_up.pk, status=FollowUpStatus.OPEN).update(
            status=FollowUpStatus.DONE,
            action_taken=text,
            done_by=actor,
            done_at=now,
            updated_at=now,
        )
        if not done:
            raise Conflict(_("This follow-up is already done."))
        _history(follow_up.ticket_id, actor, "follow_up", text[:500], internal=True)
    follow_up.refresh_from_db()
    return follow_up
