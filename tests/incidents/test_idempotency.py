"""`Idempotency-Key` on `POST /api/v1/tickets/`: a retried creation gives the same ticket.

The outside probe sent 20 identical POSTs and got 20 tickets. With a key, the same user,
key and body within 24 hours give the ticket made the first time (200); the same key with
another body is a 422.
"""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from incidents import services
from incidents.models import CreationKey, Ticket

pytestmark = pytest.mark.django_db

URL = "/api/v1/tickets/"
BODY = {"title": "Printer jams", "urgency": 2}


def _post(client, body=None, key="3f1c2a9e-0b7d-4c55-9f0e-6f1d2c3b4a5e", **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(URL, body if body is not None else BODY, format="json", **headers, **extra)


def test_twenty_identical_posts_with_one_key_make_one_ticket(client_for, requester):
    client = client_for(requester)
    first = _post(client)
    assert first.status_code == 201
    replays = [_post(client) for _ in range(19)]
    assert {r.status_code for r in replays} == {200}
    assert {r.json()["id"] for r in replays} == {first.json()["id"]}
    assert all(r["Idempotent-Replayed"] == "true" for r in replays)
    assert "Idempotent-Replayed" not in first
    assert Ticket.objects.count() == 1


def test_without_a_key_each_post_is_a_new_ticket(client_for, requester):
    client = client_for(requester)
    assert [_post(client, key=None).status_code for _ in range(2)] == [201, 201]
    assert Ticket.objects.count() == 2


def test_the_same_body_in_another_order_and_spacing_is_the_same_request(client_for, requester):
    client = client_for(requester)
    key = {"HTTP_IDEMPOTENCY_KEY": "order-1"}
    first = client.post(
        URL, '{"title": "Printer jams", "urgency": 2}', content_type="application/json", **key
    )
    again = client.post(
        URL, '{"urgency":2,"title":"Printer jams"}', content_type="application/json", **key
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]


def test_the_same_key_with_another_body_is_a_422_and_makes_nothing(client_for, requester):
    client = client_for(requester)
    assert _post(client).status_code == 201
    response = _post(client, {"title": "Something else"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]
    assert "不同的请求内容" in response.json()["detail"]
    assert Ticket.objects.count() == 1


def test_keys_belong_to_their_user(client_for, requester, other_requester):
    assert _post(client_for(requester)).status_code == 201
    assert _post(client_for(other_requester)).status_code == 201
    assert Ticket.objects.count() == 2


def test_a_key_older_than_a_day_makes_a_new_ticket(client_for, requester, at):
    client = client_for(requester)
    start = timezone.now()
    with at(start):
        first = _post(client)
    with at(start + datetime.timedelta(hours=23)):
        assert _post(client).json()["id"] == first.json()["id"]
    with at(start + datetime.timedelta(hours=24, seconds=1)):
        later = _post(client)
    assert later.status_code == 201 and later.json()["id"] != first.json()["id"]
    assert CreationKey.objects.count() == 1


def test_a_refused_body_does_not_use_up_the_key(client_for, requester):
    client = client_for(requester)
    assert _post(client, {"title": ""}).status_code == 400
    assert _post(client).status_code == 201


@pytest.mark.parametrize("key", ["", "x" * 256, "with space", "ключ"])
def test_a_malformed_key_is_a_400_naming_the_header(client_for, requester, key):
    response = _post(client_for(requester), key=key)
    assert response.status_code == 400 and "Idempotency-Key" in response.json()
    assert not Ticket.objects.exists()


def test_beat_forgets_keys_older_than_a_day(requester, at):
    start = timezone.now()
    with at(start - datetime.timedelta(hours=25)):
        services.create_ticket_once(
            requester, services.NewTicket(title="old"), key="old", fingerprint="a"
        )
    services.create_ticket_once(
        requester, services.NewTicket(title="new"), key="new", fingerprint="b"
    )
    assert services.purge_creation_keys() == 1
    assert list(CreationKey.objects.values_list("key", flat=True)) == ["new"]


def test_the_schema_documents_the_header_and_the_422():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/tickets/"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in operation["parameters"])
    assert {"200", "201", "422"} <= set(operation["responses"])


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_posts_with_one_key_make_one_ticket(requester):
    if connection.vendor != "postgresql":
        pytest.skip("the unique constraint's wait needs PostgreSQL's concurrent writers")
    barrier = threading.Barrier(2)
    results = []

    def post():
        from django.db import connections

        client = APIClient()
        client.force_authenticate(requester)
        try:
            barrier.wait()
            response = _post(client, key="concurrent-1")
            results.append((response.status_code, response.json()["id"]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(code for code, _id in results) == [200, 201]
    assert len({pk for _code, pk in results}) == 1
    assert Ticket.objects.count() == 1
