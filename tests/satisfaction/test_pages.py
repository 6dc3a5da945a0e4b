"""The ticket pages show the survey; the managers' pages; user text escaped everywhere."""

import datetime

import pytest
from django.utils import timezone

from accounts.roles import Role
from satisfaction import services
from satisfaction.models import SurveyStatus
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"


@pytest.fixture
def ticket(requester, group):
    return factories.TicketFactory(requester=requester, assignment_group=group, status="closed")


def _answered(ticket, rating=2, comment=HOSTILE):
    return factories.SurveyFactory(
        ticket=ticket,
        status=SurveyStatus.ANSWERED,
        rating=rating,
        comment=comment,
        responded_at=timezone.now(),
    )


def test_the_requester_sees_their_own_answer_escaped(client, requester, ticket):
    _answered(ticket)
    client.force_login(requester)
    html = client.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert "Your answer" in html and "2/5" in html
    assert HOSTILE not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_the_requester_gets_a_link_to_answer_an_open_survey(client, requester, ticket):
    survey = factories.SurveyFactory(ticket=ticket)
    client.force_login(requester)
    html = client.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert f'href="/survey/{services.make_token(survey)}/"' in html


def test_the_requester_does_not_see_a_survey_before_it_is_sent(client, requester, ticket):
    factories.SurveyFactory(ticket=ticket, status=SurveyStatus.SCHEDULED, sent_at=None)
    client.force_login(requester)
    assert b"ticket-survey" not in client.get(f"/portal/tickets/{ticket.pk}/").content


@pytest.mark.parametrize(
    ("state", "fields", "text"),
    [
        ("scheduled", {"status": "scheduled", "sent_at": None, "expires_at": None}, "goes out"),
        ("sent", {}, "open until"),
        ("expired", {"expires_at": "past"}, "not answered by"),
        ("withdrawn", {"status": "withdrawn", "withdrawn_reason": "reopened"}, "reopened"),
    ],
)
def test_staff_see_the_survey_state_on_the_desk(client, agent, ticket, state, fields, text):
    if fields.get("expires_at") == "past":
        fields["expires_at"] = timezone.now() - datetime.timedelta(days=1)
    factories.SurveyFactory(ticket=ticket, **fields)
    client.force_login(agent)
    html = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert f'data-testid="survey-state-{state}"' in html and text in html
    assert "/survey/" not in html  # staff never get the requester's answer link


def test_staff_see_the_answer_and_the_follow_up(client, manager, agent, ticket):
    survey = _answered(ticket, rating=1)
    follow_up = factories.FollowUpFactory(survey=survey)
    client.force_login(manager)
    html = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert "1/5" in html and "Very dissatisfied" in html and HOSTILE not in html
    assert f"/satisfaction/follow-ups/{follow_up.pk}/" in html
    client.force_login(agent)
    html = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert "survey-follow-up" in html and f"/satisfaction/follow-ups/{follow_up.pk}/" not in html


def test_no_panel_when_there_is_no_survey(client, agent, ticket):
    client.force_login(agent)
    assert b"ticket-survey" not in client.get(f"/desk/tickets/{ticket.pk}/").content


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.REQUESTER, 403), (Role.AGENT, 403), (Role.MANAGER, 200), (Role.ADMIN, 200)],
)
def test_the_satisfaction_pages_are_for_managers(client, role, status):
    client.force_login(factories.UserFactory(role=role))
    assert client.get("/satisfaction/").status_code == status
    assert client.get("/satisfaction/follow-ups/").status_code == status


def test_satisfaction_pages_need_login(client):
    response = client.get("/satisfaction/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_managers_find_the_section_in_the_navigation(client, manager):
    client.force_login(manager)
    assert b'data-nav="satisfaction"' in client.get("/satisfaction/").content


def test_the_overview_shows_csat_and_escapes_comments(client, manager, ticket, group):
    _answered(ticket, rating=4)
    client.force_login(manager)
    response = client.get("/satisfaction/?by=group")
    html = response.content.decode()
    assert response.context["figures"]["overall"]["average"] == 4.0
    assert group.name in html and HOSTILE not in html


@pytest.mark.parametrize("query", ["from=2026-02-30", "from=soon&to=later", "by=colour"])
def test_the_overview_survives_bad_parameters(client, manager, query):
    client.force_login(manager)
    assert client.get(f"/satisfaction/?{query}").status_code == 200


def test_the_follow_up_list_filters_by_status(client, manager, ticket):
    open_one = factories.FollowUpFactory(survey=_answered(ticket, rating=1))
    client.force_login(manager)
    listed = client.get("/satisfaction/follow-ups/?status=open").context["page"].object_list
    assert list(listed) == [open_one]
    assert not client.get("/satisfaction/follow-ups/?status=done").context["page"].object_list


def test_another_manager_reads_but_cannot_complete(client, ticket):
    follow_up = factories.FollowUpFactory(survey=_answered(ticket, rating=1))
    client.force_login(factories.UserFactory(role=Role.MANAGER))
    page = client.get(f"/satisfaction/follow-ups/{follow_up.pk}/")
    assert page.status_code == 200 and b"follow-up-submit" not in page.content
    assert client.post(page.request["PATH_INFO"], {"action_taken": "x"}).status_code == 403


def test_a_scheduled_survey_of_a_reopened_ticket_says_it_will_not_go_out(client, agent, ticket):
    factories.SurveyFactory(ticket=ticket, status="scheduled", sent_at=None, expires_at=None)
    ticket.status, ticket.reopen_count = "in_progress", 1
    ticket.save()
    client.force_login(agent)
    html = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert 'data-testid="survey-state-withdrawn"' in html and "reopened" in html
