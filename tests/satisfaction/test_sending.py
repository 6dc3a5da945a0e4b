"""Surveys go out once per resolution, after their delay, never for cancelled or reopened
tickets; one reminder, once; rules per service and catalog item."""

import datetime
import re
import threading

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from incidents import services as tickets
from notifications.models import Notification
from satisfaction import services
from satisfaction.models import Survey, SurveyStatus
from satisfaction.tasks import send_survey as send_survey_task
from tests import factories
from tests.satisfaction.conftest import survey_mails

pytestmark = pytest.mark.django_db


def test_resolving_sends_the_requester_a_survey_in_their_language(
    ticket, agent, requester, resolve
):
    requester.language = "zh-hans"
    requester.save()
    resolve(ticket, agent, notes="更换了硒鼓")
    survey = Survey.objects.get(ticket=ticket)
    assert (survey.status, survey.resolution, survey.rating) == (SurveyStatus.SENT, 1, None)
    assert survey.expires_at - survey.sent_at == datetime.timedelta(days=7)
    (message,) = survey_mails(requester)
    assert ticket.number in message.subject and "满意" in message.subject
    assert "更换了硒鼓" in message.body
    # Five rating links, each with a token that names this survey (tokens carry the second
    # they were signed, so compare what they name, not their text).
    links = re.findall(r"/survey/([^/\s]+)/\?rating=(\d)", message.body)
    assert sorted(int(n) for _token, n in links) == [1, 2, 3, 4, 5]
    assert {services.survey_for_token(token).pk for token, _n in links} == {survey.pk}


def test_survey_waits_for_its_delay_and_the_sweep_sends_it(
    ticket, agent, requester, resolve, settings, django_capture_on_commit_callbacks
):
    settings.SURVEY_DELAY_MINUTES = 60
    resolve(ticket, agent)  # the eager task runs at once, before the delay: nothing yet
    survey = Survey.objects.get(ticket=ticket)
    assert survey.status == SurveyStatus.SCHEDULED and not survey_mails(requester)
    assert services.send_due_surveys(timezone.now() + datetime.timedelta(minutes=59)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_surveys(timezone.now() + datetime.timedelta(minutes=61)) == 1
        assert services.send_due_surveys(timezone.now() + datetime.timedelta(minutes=62)) == 0
    assert len(survey_mails(requester)) == 1


def test_a_retried_or_duplicated_task_sends_one_survey(ticket, agent, requester, resolve):
    resolve(ticket, agent)
    survey = Survey.objects.get(ticket=ticket)
    for _ in range(3):
        send_survey_task.delay(survey.pk)
        assert services.send_survey(survey.pk) is False
    assert Notification.objects.filter(dedupe_key=f"survey:{survey.pk}").count() == 1
    assert len(survey_mails(requester)) == 1


def test_the_database_refuses_a_second_survey_for_the_same_resolution(ticket):
    factories.SurveyFactory(ticket=ticket, resolution=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.SurveyFactory(ticket=ticket, resolution=1)


def test_a_reopened_and_re_resolved_ticket_gets_a_new_survey(
    ticket, agent, requester, resolve, django_capture_on_commit_callbacks
):
    resolve(ticket, agent)
    ticket = tickets.perform(requester, ticket, "reopen", {"reason": "Still streaky"})
    resolve(ticket, agent, notes="Replaced the drum")
    assert list(Survey.objects.order_by("resolution").values_list("resolution", "status")) == [
        (1, SurveyStatus.SENT),
        (2, SurveyStatus.SENT),
    ]
    assert len(survey_mails(requester)) == 2


def test_a_ticket_reopened_before_its_survey_went_out_does_not_get_that_one(
    ticket, agent, requester, resolve, settings, django_capture_on_commit_callbacks
):
    settings.SURVEY_DELAY_MINUTES = 60
    resolve(ticket, agent)
    tickets.perform(requester, ticket, "reopen", {"reason": "Not fixed"})
    later = timezone.now() + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_surveys(later) == 0
    survey = Survey.objects.get(ticket=ticket)
    assert (survey.status, survey.withdrawn_reason) == (SurveyStatus.WITHDRAWN, "reopened")
    assert not survey_mails(requester)


def test_a_ticket_confirmed_closed_before_the_delay_still_gets_its_survey(
    ticket, agent, requester, resolve, settings, django_capture_on_commit_callbacks
):
    settings.SURVEY_DELAY_MINUTES = 60
    resolve(ticket, agent)
    tickets.perform(requester, ticket, "close")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_surveys(timezone.now() + datetime.timedelta(hours=2)) == 1
    assert len(survey_mails(requester)) == 1


def test_nothing_is_sent_for_cancelled_tickets(
    ticket, agent, requester, resolve, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tickets.perform(requester, ticket, "cancel", {"reason": "No longer needed"})
    assert not Survey.objects.exists()
    # Resolved, reopened, then cancelled while its survey waited: never sent.
    settings.SURVEY_DELAY_MINUTES = 60
    other = factories.TicketFactory(
        requester=requester, assignment_group=ticket.assignment_group, status="in_progress"
    )
    resolve(other, agent)
    tickets.perform(agent, other, "reopen", {"reason": "Wrong fix"})
    tickets.perform(requester, other, "cancel", {"reason": "Bought a new one"})
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_surveys(timezone.now() + datetime.timedelta(days=1)) == 0
    assert Survey.objects.get(ticket=other).status == SurveyStatus.WITHDRAWN
    assert services.schedule_survey(other) is None  # a cancelled ticket is refused outright
    assert not survey_mails(requester)


def test_a_requester_without_email_gets_no_survey(ticket, agent, requester, resolve):
    requester.email = ""
    requester.save()
    resolve(ticket, agent)
    assert Survey.objects.get(ticket=ticket).withdrawn_reason == "no_email"
    assert not mail.outbox or all(m.to != [""] for m in mail.outbox)


def test_one_reminder_after_the_configured_days_then_never_again(
    ticket, agent, requester, resolve, django_capture_on_commit_callbacks
):
    resolve(ticket, agent)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_surveys(now + datetime.timedelta(days=2)) == 0
        assert services.remind_surveys(now + datetime.timedelta(days=3, minutes=1)) == 1
        assert services.remind_surveys(now + datetime.timedelta(days=4)) == 0
        assert services.remind_surveys(now + datetime.timedelta(days=5)) == 0
    reminders = [m for m in mail.outbox if "Reminder" in m.subject]
    assert len(reminders) == 1 and ticket.number in reminders[0].subject
    assert Survey.objects.get(ticket=ticket).reminded_at is not None


def test_no_reminder_for_answered_or_expired_surveys(ticket, settings):
    now = timezone.now()
    factories.SurveyFactory(
        status=SurveyStatus.ANSWERED, rating=4, responded_at=now, sent_at=now, ticket=ticket
    )
    factories.SurveyFactory(
        sent_at=now - datetime.timedelta(days=8), expires_at=now - datetime.timedelta(days=1)
    )
    assert services.remind_surveys(now + datetime.timedelta(days=4)) == 0
    settings.SURVEY_REMINDER_DAYS = 0
    factories.SurveyFactory(sent_at=now - datetime.timedelta(days=5))
    assert services.remind_surveys(now) == 0


@pytest.mark.parametrize(
    ("service_rule", "item_rule", "expected"),
    [
        (None, None, (True, 0, 7)),
        ({"send": False}, None, None),
        ({"send": False}, {"send": True}, (True, 0, 7)),
        ({"delay_minutes": 30, "expiry_days": 3}, None, (True, 30, 3)),
        ({"delay_minutes": 30, "expiry_days": 3}, {"expiry_days": 10}, (True, 30, 10)),
        (None, {"send": False}, None),
    ],
)
def test_rules_per_service_and_catalog_item_inherit_field_by_field(
    ticket, agent, resolve, service_rule, item_rule, expected
):
    item = factories.CatalogItemFactory()
    if service_rule is not None:
        factories.SurveyRuleFactory(service=item.service, **service_rule)
    if item_rule is not None:
        factories.SurveyRuleFactory(catalog_item=item, **item_rule)
    ticket.catalog_item = item
    ticket.save()
    resolve(ticket, agent)
    survey = Survey.objects.filter(ticket=ticket).first()
    if expected is None:
        assert survey is None
        return
    delay = round((survey.send_after - survey.resolved_at).total_seconds() / 60)
    assert (True, delay, survey.expiry_days) == expected
    assert survey.service_id == item.service_id


def test_a_rule_names_a_service_or_an_item_never_both(db):
    item = factories.CatalogItemFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.SurveyRuleFactory(service=item.service, catalog_item=item)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.SurveyRuleFactory()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_survey_at_once_send_one_email(requester, group):
    survey = factories.SurveyFactory(
        ticket=factories.TicketFactory(
            requester=requester, assignment_group=group, status="resolved"
        ),
        status=SurveyStatus.SCHEDULED,
        sent_at=None,
        expires_at=None,
    )
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(services.send_survey(survey.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == [False, True]
    assert Notification.objects.filter(email=requester.email).count() == 1
    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.SENT
