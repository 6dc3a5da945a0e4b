"""The demo: answered surveys with a spread of ratings, one open follow-up, idempotent."""

import pytest

from satisfaction import demo
from satisfaction.models import FollowUp, Survey, SurveyStatus
from tests import factories

pytestmark = pytest.mark.django_db


def test_demo_surveys_are_answered_followed_up_and_seeded_once(group, manager, agent):
    for n in range(40):
        factories.TicketFactory(
            status="closed" if n % 2 else "resolved", assignment_group=group, assignee=agent
        )
    demo.seed()
    answered = Survey.objects.filter(status=SurveyStatus.ANSWERED)
    assert answered.count() >= 15
    assert len(set(answered.values_list("rating", flat=True))) >= 3
    assert FollowUp.objects.filter(status="open").count() == 1
    before = list(Survey.objects.order_by("pk").values_list("pk", "status", "rating"))
    demo.seed()
    assert list(Survey.objects.order_by("pk").values_list("pk", "status", "rating")) == before
