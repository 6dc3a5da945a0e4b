"""Demo surveys: the resolved demo tickets' surveys sent and mostly answered, with a spread
of ratings, the low ones followed up, one follow-up still open (idempotent).

No survey email goes out for the demo: rows are dated as if sent when each ticket was
resolved. Answers and follow-ups go through the service functions.
"""

import datetime
import random
import secrets

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from incidents.models import Status, Ticket
from satisfaction import services
from satisfaction.models import FollowUp, FollowUpStatus, Survey, SurveyStatus

RATINGS = [5] * 45 + [4] * 30 + [3] * 13 + [2] * 7 + [1] * 5
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
    answered = 0
    for survey in Survey.objects.select_related("ticket").order_by("pk"):
        if survey.status == SurveyStatus.WITHDRAWN:
            continue
        sent_at = min(survey.ticket.created_at + datetime.timedelta(hours=rng.uniform(4, 48)), now)
        Survey.objects.filter(pk=survey.pk).update(
            status=SurveyStatus.SENT,
            sent_at=sent_at,
            send_after=sent_at,
            expires_at=now + datetime.timedelta(days=survey.expiry_days),
        )
        remind_at = sent_at + datetime.timedelta(days=settings.SURVEY_REMINDER_DAYS)
        if rng.random() >= 0.65:
            if settings.SURVEY_REMINDER_DAYS > 0 and remind_at < now:
                # As if reminded already: seeding does not set off a burst of reminders.
                Survey.objects.filter(pk=survey.pk).update(reminded_at=remind_at)
        else:
            rating = rng.choice(RATINGS)
            when = min(sent_at + datetime.timedelta(hours=rng.uniform(0.2, 30)), now)
            survey.refresh_from_db()
            services.respond(
                services.make_token(survey), rating, rng.choice(COMMENTS[rating]), now=when
            )
            answered += 1
    _follow_up(now)
    if stdout:
        stdout.write(f"satisfaction: {answered} answered demo surveys")


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


def _follow_up(now) -> None:
    """Every low rating has its follow-up; all but the latest are done."""
    follow_ups = list(FollowUp.objects.select_related("manager").order_by("-created_at", "-id"))
    fallback = User.objects.filter(username="manager").first()
    for n, follow_up in enumerate(follow_ups[1:]):
        actor = follow_up.manager or fallback
        if actor is None or follow_up.status != FollowUpStatus.OPEN:
            continue
        services.complete_follow_up(actor, follow_up, ACTIONS[n % len(ACTIONS)])
