"""The tag rule's invariants live in the models, so the admin enforces them as the API does."""

import pytest
from django.test import Client

from assets.models import Asset, Building, Room
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_for(admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def item():
    return factories.AssetFactory()


def test_admin_cannot_change_the_code_of_a_building_with_rooms(admin_client_for, item):
    building = item.room.building
    response = admin_client_for.post(
        f"/admin/assets/building/{building.pk}/change/", {"code": "77", "name": building.name}
    )
    assert response.status_code == 200  # the form again, with the error
    assert "The code of a building with rooms cannot change" in response.content.decode()
    building.refresh_from_db()
    assert building.code != "77"


def test_admin_may_change_the_code_of_an_empty_building(admin_client_for):
    building = factories.BuildingFactory(code="55")
    response = admin_client_for.post(
        f"/admin/assets/building/{building.pk}/change/", {"code": "56", "name": "Empty"}
    )
    assert response.status_code == 302
    building.refresh_from_db()
    assert building.code == "56"


def test_admin_cannot_change_the_code_of_a_room_with_items(admin_client_for, item):
    room = item.room
    response = admin_client_for.post(
        f"/admin/assets/room/{room.pk}/change/",
        {"building": room.building_id, "code": "0999", "name": room.name},
    )
    assert response.status_code == 200  # a form error, not a 500
    assert "The code of a room with items cannot change" in response.content.decode()
    room.refresh_from_db()
    assert room.code != "0999"
    assert Asset.objects.get(pk=item.pk).room_id == room.key


def test_admin_cannot_move_a_room_with_items_to_another_building(admin_client_for, item):
    other = factories.BuildingFactory(code="66")
    room = item.room
    response = admin_client_for.post(
        f"/admin/assets/room/{room.pk}/change/",
        {"building": other.pk, "code": room.code, "name": room.name},
    )
    assert response.status_code == 200
    assert Room.objects.get(pk=room.pk).building_id == room.building_id


def test_model_clean_is_the_rule_for_every_path(item):
    building = Building.objects.get(pk=item.room.building_id)
    building.code = "88"
    with pytest.raises(Exception) as raised:
        building.full_clean()
    assert "code" in raised.value.message_dict
