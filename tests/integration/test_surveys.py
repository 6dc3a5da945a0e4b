"""A real Celery worker and Redis: resolve → survey mail from the outbox → answer by link."""

import re

import pytest
from rest_framework.test import APIClient

from incidents import services as tickets
from incidents.defaults import ensure_resolution_codes
from incidents.models import ResolutionCode
from notifications.models import Notification
from satisfaction.models import FollowUp, Survey
from tests import factories
from tests.integration.conftest import queue_drained, send_task, wait_for

pytestmark = pytest.mark.integration

LINK = re.compile(r"(/survey/[^/\s]+/)\?rating=1")


def _mails(mail_dir) -> str:
    return "".join(p.read_text() for p in sorted(mail_dir.glob("*.log")))


def test_resolve_then_survey_mail_then_answer_through_the_link(celery_worker, mail_dir, settings):
    settings.SURVEY_DELAY_MINUTES = 0
    ensure_resolution_codes(ResolutionCode)  # a flushed test database lost the seeded ones
    manager = factories.UserFactory(role="manager", email="boss@example.com")
    group = factories.SupportGroupFactory(manager=manager)
    agent = factories.UserFactory(role="agent")
    group.members.add(agent)
    requester = factories.UserFactory(email="caller@example.com", language="en")
    ticket = factories.TicketFactory(
        requester=requester, assignment_group=group, assignee=agent, status="in_progress"
    )

    tickets.perform(
        agent, ticket, "resolve", {"resolution_code": "fixed", "resolution_notes": "New cable"}
    )  # commits: the worker gets the survey task from Redis
    survey = wait_for(lambda: Survey.objects.filter(ticket=ticket, sent_at__isnull=False).first())
    mail = wait_for(
        lambda: (text := _mails(mail_dir)) and "caller@example.com" in text and LINK.search(text)
    )
    assert Notification.objects.filter(dedupe_key=f"survey:{survey.pk}").count() == 1
    path = mail.group(1)
    token = path.split("/")[2]

    # The requester answers from the link, signed out; a low rating reaches the manager.
    response = APIClient().post(
        "/api/v1/surveys/respond/",
        {"token": token, "rating": 1, "comment": "Still drops"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    survey.refresh_from_db()
    assert (survey.rating, survey.comment) == (1, "Still drops")
    follow_up = FollowUp.objects.get(survey=survey)
    assert follow_up.manager == manager
    wait_for(lambda: "boss@example.com" in _mails(mail_dir))

    # A duplicated task from another process and the beat sweep change nothing.
    send_task("satisfaction.tasks.send_survey", str(survey.pk))
    send_task("satisfaction.tasks.send_due_surveys")
    wait_for(queue_drained)
    assert _mails(mail_dir).count("?rating=5") == 1  # the survey went out once
    assert (
        Notification.objects.filter(recipient=requester, subject__contains="How did").count() == 1
    )
