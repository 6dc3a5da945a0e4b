"""Demo surveys: the resolved demo tickets' surveys sent and mostly answered, with a spread
of ratings, the low ones followed up, one follow-up still open (idempotent).

Surveys are sent, answered and followed up through the service functions at the time each
happened (`common.demo_clock`): sent when their delay after the resolution was over, answered
within a day or so. Their emails count as sent then, except the latest survey to
`requester`: it is left unanswered and its email is written now (var/mail/ under
`make run`), so the survey journey can be tried at once.
"""

import datetime
import random
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef
from django.utils import timezone

from accounts.models import User
from common.demo_clock import replay
from incidents.models import Status, Ticket
from notifications import services as outbox
from notifications.models import Notification
from satisfaction import services
from satisfaction.models import FollowUp, FollowUpStatus, Survey, SurveyStatus

# Ratings are dealt from shuffled blocks of twenty, so every twenty answers hold the same
# spread (mostly happy, one 2 and one 1 to follow up) whatever the random draws.
RATING_BLOCK = [5] * 10 + [4] * 6 + [3] * 2 + [2, 1]
COMMENTS = {
    5: ["Fast and friendly, thank you!", "非常及时，谢谢！", ""],
    4: ["Good, took a little long.", "不错，就是等得有点久。", ""],
    3: ["OK in the end.", "还行。", ""],
    2: ["I had to call twice before anyone came.", "打了两次电话才有人来处理。"],
    1: ["Closed without asking me; still broken.", "没问我就关单了，问题还在。"],
}
ACTIONS = [
    "Called the customer, apologised and fixed the remaining issue on site.",
    "已致电用户道歉，并安排工程师上门处理遗留问题。",
]


def seed(stdout=None) -> None:
    if Survey.objects.filter(status=SurveyStatus.ANSWERED).exists():
        if stdout:
            stdout.write("satisfaction: surveys exist, left as they are")
        return
    rng = random.Random(7)
    now = timezone.now()
    _ensure_surveys(now)
    first_mail = Notification.objects.aggregate(n=Max("pk"))["n"] or 0
    answered = 0
    deck: list[int] = []
    with replay(now) as clock:
        # What beat has not sent yet (the replayed month sends surveys as beat does).
        for survey in Survey.objects.filter(
            status=SurveyStatus.SCHEDULED, send_after__lte=now
        ).order_by("send_after", "pk"):
            clock.at = min(survey.send_after, now)
            services.send_survey(survey.pk)
        sent = list(
            Survey.objects.filter(status=SurveyStatus.SENT, sent_at__lte=now)
            .select_related("requester")
            .order_by("sent_at", "pk")
        )
        # The latest survey to `requester` stays unanswered, its email in var/mail/ to try.
        to_try = next((s for s in reversed(sent) if s.requester.username == "requester"), None)
        for survey in sent:
            if survey == to_try:
                continue
            if rng.random() >= 0.65:
                remind_at = survey.sent_at + datetime.timedelta(days=settings.SURVEY_REMINDER_DAYS)
                if settings.SURVEY_REMINDER_DAYS > 0 and remind_at < now:
                    # As if reminded already: seeding does not set off a burst of reminders.
                    Survey.objects.filter(pk=survey.pk).update(reminded_at=remind_at)
                continue
            if not deck:
                deck = rng.sample(RATING_BLOCK, len(RATING_BLOCK))
            rating = deck.pop()
            clock.at = min(survey.sent_at + datetime.timedelta(hours=rng.uniform(0.2, 30)), now)
            services.respond(services.make_token(survey), rating, rng.choice(COMMENTS[rating]))
            answered += 1
        _follow_up(clock, now)
    mail = None
    if to_try is not None:
        mail = Notification.objects.filter(dedupe_key=f"survey:{to_try.pk}").first()
    # The month's mails went out at the time; only the one to try is sent now.
    Notification.objects.filter(pk__gt=first_mail, sent_at__isnull=True).exclude(
        pk=mail.pk if mail else None
    ).update(sent_at=F("created_at"), attempts=1)
    if mail is not None:  # (the month's replay counted it as sent with the others)
        Notification.objects.filter(pk=mail.pk).update(sent_at=None, attempts=0)
        transaction.on_commit(lambda: outbox.deliver(mail.pk))
    if stdout:
        stdout.write(f"satisfaction: {answered} answered demo surveys")
        if mail is not None:
            stdout.write(
                f"satisfaction: a survey email to try is in the mail folder: {mail.subject}"
            )


def _ensure_surveys(now) -> None:
    """A survey for each resolved or closed ticket that has none (e.g. seeded before)."""
    has_one = Survey.objects.filter(ticket=OuterRef("pk"))
    for ticket in Ticket.objects.filter(status__in=[Status.RESOLVED, Status.CLOSED]).filter(
        ~Exists(has_one)
    ):
        item = ticket.catalog_item
        Survey.objects.create(
            ticket=ticket,
            resolution=ticket.reopen_count + 1,
            requester_id=ticket.requester_id,
            assignment_group_id=ticket.assignment_group_id,
            assignee_id=ticket.assignee_id,
            service_id=item.service_id if item else None,
            resolved_at=ticket.resolved_at or now,
            nonce=secrets.token_urlsafe(16),
            send_after=now,
            expiry_days=14,
        )


def _follow_up(clock, now) -> None:
    """Every low rating has its follow-up; all but the latest are done, a day or two later."""
    follow_ups = list(FollowUp.objects.select_related("manager").order_by("-created_at", "-id"))
    fallback = User.objects.filter(username="manager").first()
    for n, follow_up in enumerate(follow_ups[1:]):
        actor = follow_up.manager or fallback
        if actor is None or follow_up.status != FollowUpStatus.OPEN:
            continue
        clock.at = min(follow_up.created_at + datetime.timedelta(hours=4 + 9 * (n % 3)), now)
        services.complete_follow_up(actor, follow_up, ACTIONS[n % len(ACTIONS)])
