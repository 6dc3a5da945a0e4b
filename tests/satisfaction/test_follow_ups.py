"""A rating of 1 or 2 opens one follow-up (回访) for the manager of the group that resolved
the ticket, who is told by email and records what was done."""

import pytest
from django.core import mail

from accounts.roles import Role
from satisfaction import services
from satisfaction.models import FollowUp
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def answer(django_capture_on_commit_callbacks):
    def _answer(survey, rating, comment=""):
        with django_capture_on_commit_callbacks(execute=True):
            return services.respond(services.make_token(survey), rating, comment)

    return _answer


def _survey(group, requester, agent=None):
    ticket = factories.TicketFactory(
        requester=requester, assignment_group=group, assignee=agent, status="resolved"
    )
    return factories.SurveyFactory(ticket=ticket)


@pytest.mark.parametrize(("rating", "opens"), [(1, True), (2, True), (3, False), (5, False)])
def test_low_ratings_open_a_follow_up_for_the_groups_manager(
    answer, group, manager, requester, agent, rating, opens
):
    other_group = factories.SupportGroupFactory(
        manager=factories.UserFactory(role=Role.MANAGER)
    )  # another group's manager must not hear about it
    survey = _survey(group, requester, agent)
    answer(survey, rating, "Took three days")
    follow_up = FollowUp.objects.filter(survey=survey).first()
    assert (follow_up is not None) == opens
    to_managers = [m for m in mail.outbox if m.to in ([manager.email], [other_group.manager.email])]
    if not opens:
        assert not to_managers
        return
    assert (follow_up.manager, follow_up.group, follow_up.ticket) == (manager, group, survey.ticket)
    assert follow_up.status == "open"
    (message,) = to_managers
    assert message.to == [manager.email]
    assert survey.ticket.number in message.subject and f"{rating}/5" in message.subject
    assert "Took three days" in message.body
    assert f"/satisfaction/follow-ups/{follow_up.pk}/" in message.body


def test_the_manager_of_the_group_that_resolved_it_even_if_it_moved_since(
    answer, group, manager, requester
):
    survey = _survey(group, requester)
    new_group = factories.SupportGroupFactory(manager=factories.UserFactory(role=Role.MANAGER))
    survey.ticket.assignment_group = new_group
    survey.ticket.save()
    answer(survey, 1)
    assert FollowUp.objects.get().manager == manager


def test_a_group_without_manager_falls_back_to_the_admins(answer, group, requester):
    admins = factories.UserFactory.create_batch(2, role=Role.ADMIN)
    inactive = factories.UserFactory(role=Role.ADMIN, is_active=False)
    survey = _survey(group, requester)
    answer(survey, 2)
    follow_up = FollowUp.objects.get()
    assert follow_up.manager is None
    assert sorted(m.to[0] for m in mail.outbox if "2/5" in m.subject) == sorted(
        a.email for a in admins
    )
    assert all(m.to != [inactive.email] for m in mail.outbox)


def test_one_follow_up_per_survey_even_if_asked_twice(answer, group, manager, requester):
    survey = _survey(group, requester)
    answer(survey, 1)
    assert services.open_follow_up(survey) is None
    assert FollowUp.objects.count() == 1


def test_the_manager_records_what_was_done(client_for, group, manager, requester):
    follow_up = factories.FollowUpFactory(survey=_survey(group, requester))
    url = f"/api/v1/survey-follow-ups/{follow_up.pk}/complete/"
    response = client_for(manager).post(url, {"action_taken": "Called her, replaced the mouse"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["action_taken"], body["done_by"]) == (
        "done",
        "Called her, replaced the mouse",
        manager.pk,
    )
    again = client_for(manager).post(url, {"action_taken": "Twice"})
    assert again.status_code == 409
    follow_up.refresh_from_db()
    assert follow_up.action_taken == "Called her, replaced the mouse"


@pytest.mark.parametrize("text", ["", "   ", None, "x" * 5001])
def test_what_was_done_must_be_said(client_for, group, manager, requester, text):
    follow_up = factories.FollowUpFactory(survey=_survey(group, requester))
    response = client_for(manager).post(
        f"/api/v1/survey-follow-ups/{follow_up.pk}/complete/",
        {"action_taken": text},
        format="json",
    )
    assert response.status_code == 400 and "action_taken" in response.json()
    follow_up.refresh_from_db()
    assert follow_up.status == "open"


@pytest.mark.parametrize(
    ("who", "status"),
    [("requester", 403), ("agent", 403), ("other_manager", 403), ("manager", 200), ("admin", 200)],
)
def test_who_may_complete_a_follow_up(
    client_for, group, manager, requester, agent, admin_user, who, status
):
    follow_up = factories.FollowUpFactory(survey=_survey(group, requester))
    users = {
        "requester": requester,
        "agent": agent,
        "other_manager": factories.UserFactory(role=Role.MANAGER),
        "manager": manager,
        "admin": admin_user,
    }
    response = client_for(users[who]).post(
        f"/api/v1/survey-follow-ups/{follow_up.pk}/complete/", {"action_taken": "Called back"}
    )
    assert response.status_code == status


def test_only_admins_complete_a_follow_up_without_manager(client_for, group, requester, admin_user):
    follow_up = factories.FollowUpFactory(survey=_survey(group, requester), manager=None)
    url = f"/api/v1/survey-follow-ups/{follow_up.pk}/complete/"
    some_manager = factories.UserFactory(role=Role.MANAGER)
    assert client_for(some_manager).post(url, {"action_taken": "x"}).status_code == 403
    assert client_for(admin_user).post(url, {"action_taken": "x"}).status_code == 200


def test_the_manager_sees_the_follow_up_on_their_page(client, group, manager, requester):
    follow_up = factories.FollowUpFactory(survey=_survey(group, requester))
    factories.FollowUpFactory(
        survey=_survey(
            factories.SupportGroupFactory(manager=factories.UserFactory(role="manager")), requester
        )
    )
    client.force_login(manager)
    overview = client.get("/satisfaction/")
    assert overview.status_code == 200
    assert overview.context["open_follow_ups"][0] == follow_up
    assert len(overview.context["open_follow_ups"]) == 1
    page = client.get(f"/satisfaction/follow-ups/{follow_up.pk}/")
    assert page.status_code == 200 and b"follow-up-submit" in page.content
    done = client.post(
        f"/satisfaction/follow-ups/{follow_up.pk}/", {"action_taken": "Apologised <b>in person</b>"}
    )
    assert done.status_code == 302
    shown = client.get(f"/satisfaction/follow-ups/{follow_up.pk}/").content.decode()
    assert "Apologised &lt;b&gt;in person&lt;/b&gt;" in shown and "<b>in person" not in shown
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.done_by) == ("done", manager)
