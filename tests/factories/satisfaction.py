"""Factories for satisfaction: surveys in any state, follow-ups, rules."""

import datetime
import secrets

import factory
from django.utils import timezone

from satisfaction.models import FollowUp, Survey, SurveyRule, SurveyStatus
from tests.factories.incidents import TicketFactory

__all__ = ["FollowUpFactory", "SurveyFactory", "SurveyRuleFactory"]


class SurveyFactory(factory.django.DjangoModelFactory):
    """A sent survey, open for a week; pass status/rating/etc. for other states."""

    class Meta:
        model = Survey

    ticket = factory.SubFactory(TicketFactory, status="resolved")
    resolution = factory.LazyAttribute(lambda o: o.ticket.reopen_count + 1)
    requester = factory.LazyAttribute(lambda o: o.ticket.requester)
    assignment_group = factory.LazyAttribute(lambda o: o.ticket.assignment_group)
    assignee = factory.LazyAttribute(lambda o: o.ticket.assignee)
    resolved_at = factory.LazyFunction(timezone.now)
    status = SurveyStatus.SENT
    nonce = factory.LazyFunction(lambda: secrets.token_urlsafe(16))
    send_after = factory.LazyFunction(timezone.now)
    expiry_days = 7
    sent_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    survey = factory.SubFactory(
        SurveyFactory, status=SurveyStatus.ANSWERED, rating=1, responded_at=timezone.now()
    )
    ticket = factory.LazyAttribute(lambda o: o.survey.ticket)
    group = factory.LazyAttribute(lambda o: o.survey.assignment_group)
    manager = factory.LazyAttribute(
        lambda o: o.survey.assignment_group.manager if o.survey.assignment_group else None
    )


class SurveyRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyRule
