"""Times in API answers are in the desk's zone, whatever the process served before.

The probe saw `/api/v1/asset-relations/` in UTC: a token-authenticated request ran in the
zone a previous signed-in user (profile zone UTC) had activated in the same worker thread.
"""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories

pytestmark = pytest.mark.django_db

DESK_OFFSET = "+08:00"  # Asia/Shanghai, the default TIME_ZONE


@pytest.fixture
def utc_user_was_served_first(requester):
    """A page for a user whose own zone is UTC, in this thread, just before."""
    requester.timezone = "UTC"
    requester.save()
    page = Client()
    page.force_login(requester)
    assert page.get("/portal/").status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/api/v1/asset-relations/", "/api/v1/assets/", "/api/v1/buildings/", "/api/v1/rooms/"],
)
def test_token_answers_use_the_desk_zone_after_a_user_in_another_zone(
    agent, utc_user_was_served_first, url
):
    factories.AssetRelationFactory()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=agent).key}")
    row = client.get(url).json()["results"][0]
    assert row["created_at"].endswith(DESK_OFFSET), row
    assert row["updated_at"].endswith(DESK_OFFSET), row
