"""`POST /api/v1/alerts/`: monitoring alerts open incidents, repeats count, clears resolve."""

import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from accounts.roles import Role
from inbound.models import AlertThread, Integration
from inbound.services import alerts
from incidents import services as ticket_services
from incidents.models import Channel, Comment, Ticket
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/alerts/"


def _integration(kind="generic", **values):
    integration, token = alerts.save_integration(
        factories.UserFactory(role=Role.ADMIN),
        Integration(),
        {"name": values.pop("name", f"Zabbix {kind}"), "kind": kind, **values},
    )
    return integration, token


def _post(token, body):
    client = APIClient()
    return client.post(URL, body, format="json", HTTP_AUTHORIZATION=f"Bearer {token}")


def _generic(status="firing", key="disk-full", **extra):
    return {
        "source": "zabbix",
        "key": key,
        "status": status,
        "title": "Disk almost full on file server",
        "severity": "major",
        **extra,
    }


def _alertmanager(*alerts_, status="firing"):
    return {
        "version": "4",
        "groupKey": '{}:{alertname="HostDown"}',
        "status": status,
        "receiver": "itsm",
        "groupLabels": {},
        "commonLabels": {},
        "commonAnnotations": {},
        "externalURL": "http://alertmanager:9093",
        "alerts": list(alerts_),
    }


def _am_alert(name="HostDown", instance="10.0.0.5:9100", status="firing", **extra):
    return {
        "status": status,
        "labels": {"alertname": name, "instance": instance, **extra.pop("labels", {})},
        "annotations": {"summary": f"{name} on {instance}", **extra.pop("annotations", {})},
        "startsAt": "2026-12-06T08:00:00Z",
        "endsAt": "0001-01-01T00:00:00Z",
        "generatorURL": "http://prometheus:9090/graph",
        **extra,
    }


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", "Token abc", "Bearer"])
def test_without_a_valid_token_it_is_a_401(header):
    _integration()
    client = APIClient()
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.post(URL, _generic(), format="json", **extra)
    assert response.status_code == 401
    assert not Ticket.objects.exists()


def test_an_inactive_integrations_token_is_refused():
    integration, token = _integration()
    Integration.objects.filter(pk=integration.pk).update(active=False)
    assert _post(token, _generic()).status_code == 401


def test_a_user_session_is_no_integration(admin_user):
    client = APIClient()
    client.force_login(admin_user)
    assert client.post(URL, _generic(), format="json").status_code == 401


@pytest.mark.parametrize(
    ("severity", "impact", "urgency"),
    [
        ("critical", 1, 1),
        ("major", 1, 2),
        ("minor", 2, 2),
        ("warning", 2, 3),
        ("info", 3, 3),
    ],
)
def test_firing_opens_an_incident_with_levels_from_severity(severity, impact, urgency):
    _i, token = _integration()
    response = _post(token, _generic(severity=severity))
    assert response.status_code == 202
    body = response.json()
    assert body["created"] is True
    ticket = Ticket.objects.get(pk=body["ticket"])
    assert (ticket.impact, ticket.urgency) == (impact, urgency)
    assert ticket.channel == Channel.MONITORING and ticket.kind == "incident"
    assert ticket.alert_count == 1
    assert body["number"] == ticket.number


def test_the_ci_comes_from_the_folded_asset_tag():
    asset = factories.AssetFactory()
    _i, token = _integration()
    wide = asset.tag.lower().replace("-", "－")  # full-width hyphen, lower case
    body = _post(token, _generic(asset_tag=f"  {wide} ")).json()
    assert Ticket.objects.get(pk=body["ticket"]).asset == asset
    assert AlertThread.objects.get().asset == asset


def test_an_unknown_ci_is_named_in_the_description():
    _i, token = _integration()
    body = _post(token, _generic(asset_tag="D990999-001")).json()
    ticket = Ticket.objects.get(pk=body["ticket"])
    assert ticket.asset is None and "D990999-001" in ticket.description


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"severity": "disaster"}, "severity"),
        ({"status": "flapping"}, "status"),
        ({"title": ""}, "title"),
        ({"asset_tag": "PC-42"}, "asset_tag"),
        ({"extra": 1}, "extra"),
    ],
)
def test_a_bad_body_is_a_400_naming_the_field(change, field):
    _i, token = _integration()
    response = _post(token, {**_generic(), **change})
    assert response.status_code == 400
    assert field in response.json()
    assert not Ticket.objects.exists()


def test_an_alert_fired_ten_times_opens_one_incident_counting_ten():
    _i, token = _integration()
    results = [_post(token, _generic()).json() for _ in range(10)]
    assert [r["created"] for r in results] == [True] + [False] * 9
    assert len({r["ticket"] for r in results}) == 1
    ticket = Ticket.objects.get()
    assert ticket.alert_count == 10
    assert AlertThread.objects.get().occurrences == 10


def test_resolved_resolves_a_ticket_nobody_has_taken():
    _i, token = _integration()
    ticket_id = _post(token, _generic()).json()["ticket"]
    response = _post(token, _generic(status="resolved"))
    assert response.status_code == 202
    assert response.json() == {
        "ticket": ticket_id,
        "number": response.json()["number"],
        "created": False,
    }
    ticket = Ticket.objects.get(pk=ticket_id)
    assert ticket.status == "resolved" and ticket.resolution_code == "fixed"
    assert Comment.objects.filter(ticket=ticket, internal=True).exists()
    # Firing again after that is a new incident.
    again = _post(token, _generic()).json()
    assert again["created"] is True and again["ticket"] != ticket_id


def test_resolved_only_notes_a_ticket_an_agent_has_taken(agent, group):
    _i, token = _integration()
    ticket = Ticket.objects.get(pk=_post(token, _generic()).json()["ticket"])
    ticket_services.perform(
        agent, ticket, "assign", {"assignment_group": group.pk, "assignee": agent.pk}
    )
    _post(token, _generic(status="resolved"))
    ticket.refresh_from_db()
    assert ticket.status == "assigned"
    note = Comment.objects.get(ticket=ticket, internal=True)
    assert "resolved" in note.body
    # Still open: a new firing counts on it.
    assert _post(token, _generic()).json() == {
        "ticket": ticket.pk,
        "number": ticket.number,
        "created": False,
    }


def test_resolved_without_an_open_alert_opens_nothing():
    _i, token = _integration()
    response = _post(token, _generic(status="resolved"))
    assert response.status_code == 202
    assert response.json()["ticket"] is None
    assert not Ticket.objects.exists()


def test_an_agent_closing_the_ticket_lets_the_next_firing_open_another(agent, group):
    _i, token = _integration()
    first = Ticket.objects.get(pk=_post(token, _generic()).json()["ticket"])
    ticket_services.perform(agent, first, "cancel", {"reason": "Known noise"})
    second = _post(token, _generic()).json()
    assert second["created"] is True and second["ticket"] != first.pk


def test_alertmanager_opens_one_ticket_per_alert_in_order():
    integration, token = _integration("alertmanager", name="Prometheus")
    body = _alertmanager(
        _am_alert(fingerprint="aaa111", labels={"severity": "critical"}),
        _am_alert("DiskFull", "10.0.0.6:9100", labels={"severity": "minor"}),
    )
    response = _post(token, body)
    assert response.status_code == 202
    results = response.json()["results"]
    assert [r["created"] for r in results] == [True, True]
    first, second = (Ticket.objects.get(pk=r["ticket"]) for r in results)
    assert first.title == "HostDown on 10.0.0.5:9100" and first.priority == 1
    assert (second.impact, second.urgency) == (2, 2)
    threads = {t.key: t for t in AlertThread.objects.all()}
    assert "aaa111" in threads  # keyed by fingerprint
    assert any(k.startswith("alertname=DiskFull,") for k in threads)  # else sorted labels
    assert {t.source for t in threads.values()} == {f"integration:{integration.pk}"}
    # Repeats count; a resolved one in the same post resolves its ticket.
    again = _post(
        token,
        _alertmanager(
            _am_alert(fingerprint="aaa111", labels={"severity": "critical"}),
            _am_alert("DiskFull", "10.0.0.6:9100", status="resolved", labels={"severity": "minor"}),
        ),
    ).json()["results"]
    assert [r["ticket"] for r in again] == [first.pk, second.pk]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.alert_count == 2
    assert second.status == "resolved"


@pytest.mark.parametrize(
    "body",
    [
        {"version": "3", "alerts": [{"status": "firing", "labels": {"alertname": "X"}}]},
        {"version": "4", "alerts": []},
        {"version": "4", "alerts": [{"status": "firing"}]},
        {"version": "4", "alerts": "nope"},
    ],
)
def test_a_bad_alertmanager_body_is_a_400(body):
    _i, token = _integration("alertmanager")
    assert _post(token, body).status_code == 400
    assert not Ticket.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_parallel_firings_open_exactly_one_incident():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    _i, token = _integration()
    n = 8
    barrier = threading.Barrier(n)
    results = []

    def fire():
        try:
            barrier.wait()
            response = _post(token, _generic(key="parallel"))
            results.append((response.status_code, response.json()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=fire) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [code for code, _b in results] == [202] * n
    assert sum(body["created"] for _c, body in results) == 1
    ticket = Ticket.objects.get()
    assert ticket.alert_count == n
    assert {body["ticket"] for _c, body in results} == {ticket.pk}
