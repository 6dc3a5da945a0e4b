"""Deleting a user that other records refer to is refused (409 / the admin deletes nothing):
deactivate instead. A user nothing refers to (made by mistake) can be deleted."""

import pytest
from django.urls import reverse

from accounts.models import SupportGroup, User
from tests import factories

pytestmark = pytest.mark.django_db


def _referenced_by_group_manager(user):
    factories.SupportGroupFactory(manager=user)


def _referenced_by_group_membership(user):
    factories.SupportGroupFactory().members.add(user)


def _referenced_as_requester(user):
    factories.TicketFactory(requester=user)


def _referenced_as_assignee(user):
    group = factories.SupportGroupFactory()
    group.members.add(user)
    factories.TicketFactory(assignment_group=group, assignee=user)


def _referenced_by_comment(user):
    ticket = factories.TicketFactory()
    ticket.comments.create(author=user, body="Looked at it")


def _referenced_by_follow_up(user):
    factories.FollowUpFactory(manager=user)


def _referenced_as_history_actor(user):
    # A change made by this user (django-simple-history's actor), as the middleware records.
    unit = factories.CustomerUnitFactory()
    unit._history_user = user
    unit.name = "Renamed"
    unit.save()


REFERENCES = [
    _referenced_by_group_manager,
    _referenced_by_group_membership,
    _referenced_as_requester,
    _referenced_as_assignee,
    _referenced_by_comment,
    _referenced_by_follow_up,
    _referenced_as_history_actor,
]


@pytest.mark.parametrize("make_reference", REFERENCES, ids=lambda f: f.__name__)
def test_api_refuses_to_delete_a_referenced_user_and_changes_nothing(
    client_for, admin_user, make_reference
):
    user = factories.UserFactory(role="agent")
    make_reference(user)
    groups_managed = list(SupportGroup.objects.filter(manager=user).values_list("pk", flat=True))
    response = client_for(admin_user).delete(f"/api/v1/users/{user.pk}/")
    assert response.status_code == 409, response.content
    assert "Deactivate the user instead" in response.json()["detail"]
    assert User.objects.filter(pk=user.pk).exists()
    assert list(SupportGroup.objects.filter(manager=user).values_list("pk", flat=True)) == (
        groups_managed
    )


def test_the_refusal_is_translated(client_for, admin_user):
    user = factories.UserFactory()
    factories.TicketFactory(requester=user)
    response = client_for(admin_user).delete(
        f"/api/v1/users/{user.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 409
    assert "停用" in response.json()["detail"]


def test_a_user_nothing_refers_to_is_deleted(client_for, admin_user):
    user = factories.UserFactory()
    response = client_for(admin_user).delete(f"/api/v1/users/{user.pk}/")
    assert response.status_code == 204
    assert not User.objects.filter(pk=user.pk).exists()


def test_deactivating_a_referenced_user_is_the_way(client_for, admin_user):
    user = factories.UserFactory()
    factories.TicketFactory(requester=user)
    response = client_for(admin_user).patch(
        f"/api/v1/users/{user.pk}/", {"is_active": False}, format="json"
    )
    assert response.status_code == 200
    assert user.requested_tickets.count() == 1


def test_admin_delete_page_explains_and_deletes_nothing(client, admin_user):
    user = factories.UserFactory()
    group = factories.SupportGroupFactory(manager=user)
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_delete", args=[user.pk])
    page = client.get(url)
    assert "Deactivate the user instead" in page.content.decode()
    posted = client.post(url, {"post": "yes"})
    assert posted.status_code == 200
    assert User.objects.filter(pk=user.pk).exists()
    group.refresh_from_db()
    assert group.manager == user


def test_admin_bulk_delete_deletes_nothing_when_one_is_referenced(client, admin_user):
    referenced, spare = factories.UserFactory(), factories.UserFactory()
    factories.TicketFactory(requester=referenced)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [referenced.pk, spare.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert "Deactivate the user instead" in response.content.decode()
    assert User.objects.filter(pk__in=[referenced.pk, spare.pk]).count() == 2


def test_admin_deletes_a_user_nothing_refers_to(client, admin_user):
    user = factories.UserFactory()
    client.force_login(admin_user)
    response = client.post(reverse("admin:accounts_user_delete", args=[user.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
