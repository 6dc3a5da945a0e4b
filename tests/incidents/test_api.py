"""Tickets API: creation, the role table for every action, optimistic locking, counters."""

import threading

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from incidents.api import views
from incidents.api.serializers import TicketSerializer
from incidents.models import Ticket, TicketEvent
from incidents.queries import tickets_visible_to
from knowledge.models import TicketArticle
from notifications.models import Notification
from sla.api.serializers import SLASummarySerializer
from sla.services import ACTIVE_POLICIES
from sla.timers import start_timers
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/tickets/"


def _act(client, ticket, action, **body):
    return client.post(f"{URL}{ticket.pk}/{action}/", body, format="json")


# --- creation -----------------------------------------------------------------------------


def test_requester_opens_a_ticket_through_a_catalog_item(client_for, requester, item, group):
    response = client_for(requester).post(
        URL, {"catalog_item": item.pk, "form_data": {"symptom": "Paper jam"}}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("INC") and len(body["number"]) == 10
    assert (body["kind"], body["impact"], body["urgency"], body["priority"]) == (
        "incident",
        2,
        2,
        3,
    )
    assert (body["status"], body["assignment_group"], body["channel"]) == (
        "assigned",
        group.pk,
        "portal",
    )
    assert body["title"] == "Printer fault" and body["form_data"] == {"symptom": "Paper jam"}
    assert body["reassignment_count"] == 0  # the first group is not a reassignment


def test_form_data_errors_are_per_field(client_for, requester, item):
    response = client_for(requester).post(
        URL, {"catalog_item": item.pk, "form_data": {}}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"form_data": {"symptom": ["This field is required."]}}
    assert not Ticket.objects.exists()


def test_request_numbers_use_req(client_for, requester):
    response = client_for(requester).post(URL, {"title": "Need a monitor", "kind": "request"})
    assert response.json()["number"].startswith("REQ")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("priority", 1),
        ("status", "resolved"),
        ("assignee", 1),
        ("number", "INC1"),
        ("reassignment_count", 5),
        ("impact", 7),
        ("urgency", "high"),
        ("channel", "fax"),
        ("title", "x" * 201),
        ("description", "x" * 1_000_001),
    ],
)
def test_bad_or_forbidden_fields_on_create_are_400(client_for, requester, field, value):
    response = client_for(requester).post(URL, {"title": "Broken", field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Ticket.objects.exists()


def test_requester_cannot_open_for_someone_else(client_for, requester, other_requester):
    response = client_for(requester).post(URL, {"title": "x", "requester": other_requester.pk})
    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_requester_cannot_set_a_promise(client_for, requester):
    response = client_for(requester).post(
        URL, {"title": "x", "promised_reply_at": "2026-12-01T10:00:00+08:00"}
    )
    assert response.status_code == 400 and "promised_reply_at" in response.json()


def test_requester_cannot_raise_the_impact_of_their_own_ticket(client_for, requester, item):
    factories.BusinessCalendarFactory()
    response = client_for(requester).post(
        URL,
        {"catalog_item": item.pk, "form_data": {"symptom": "x"}, "impact": 1, "urgency": 1},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert response.json() == {"impact": ["影响度由服务目录项决定；请说明紧急度。"]}
    assert not Ticket.objects.exists()


def test_requester_gives_urgency_and_the_impact_is_the_items(client_for, requester, item):
    response = client_for(requester).post(
        URL, {"catalog_item": item.pk, "form_data": {"symptom": "x"}, "urgency": 1}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["impact"], body["urgency"], body["priority"]) == (2, 1, 2)


def test_requester_without_an_item_cannot_make_it_p1(client_for, requester):
    response = client_for(requester).post(URL, {"title": "x", "impact": 1}, format="json")
    assert response.status_code == 400 and "impact" in response.json()
    response = client_for(requester).post(URL, {"title": "x", "urgency": 1}, format="json")
    assert (response.json()["impact"], response.json()["priority"]) == (3, 3)


def test_requester_names_only_their_own_customer_unit(client_for, requester):
    mine, theirs = factories.CustomerUnitFactory(), factories.CustomerUnitFactory()
    requester.customer_unit = mine
    requester.save()
    client = client_for(requester)
    response = client.post(URL, {"title": "x", "customer_unit": theirs.pk}, format="json")
    assert response.status_code == 400 and "customer_unit" in response.json()
    assert not Ticket.objects.exists()
    response = client.post(URL, {"title": "x", "customer_unit": mine.pk}, format="json")
    assert response.status_code == 201 and response.json()["customer_unit"] == mine.pk


def test_requester_cannot_record_another_channel(client_for, requester):
    response = client_for(requester).post(URL, {"title": "x", "channel": "phone"}, format="json")
    assert response.status_code == 400 and "channel" in response.json()
    response = client_for(requester).post(URL, {"title": "x", "channel": "portal"}, format="json")
    assert response.status_code == 201


def test_agent_logs_a_phone_call_for_anyone(client_for, agent, requester):
    response = client_for(agent).post(
        URL,
        {
            "title": "Cannot print",
            "requester": requester.pk,
            "channel": "phone",
            "impact": 1,
            "urgency": 1,
            "callback_phone": "138 1234 5678",
            "promised_reply_at": "2026-12-01T10:00:00+08:00",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["requester"], body["channel"], body["priority"]) == (requester.pk, "phone", 1)
    assert body["callback_phone"] == "13812345678"


def test_unknown_ids_are_400(client_for, agent):
    response = client_for(agent).post(
        URL,
        {"title": "x", "requester": 999999, "catalog_item": 999999, "asset": 999999},
        format="json",
    )
    assert response.status_code == 400
    assert {"requester", "catalog_item", "asset"} <= set(response.json())


def test_requester_cannot_use_a_draft_item(client_for, requester):
    draft_item = factories.CatalogItemFactory()
    response = client_for(requester).post(URL, {"catalog_item": draft_item.pk}, format="json")
    assert response.status_code == 400 and "catalog_item" in response.json()


def test_html_is_stored_as_text(client_for, requester):
    response = client_for(requester).post(URL, {"title": "<script>alert(1)</script>"})
    assert response.json()["title"] == "<script>alert(1)</script>"


# Token authentication, the catalog item (with its service and group), the ticket's id and its
# INSERT (with its number), both history rows, both timers, the group's members, the outbox
# (one INSERT); plus the test's savepoint and its release. Not the SLA policies (each process
# keeps them), nor the answer's linked articles (a ticket just opened has none).
CREATE_QUERIES = 10


def test_creation_costs_a_fixed_number_of_queries(
    requester, item, group, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.SLAPolicyFactory(response_minutes=60, resolution_minutes=480)
    ACTIVE_POLICIES.get()  # as a running process has them
    members = factories.UserFactory.create_batch(4, role="agent")
    group.members.add(*members)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=requester).key}")
    body = {
        "catalog_item": item.pk,
        "title": "Printer jams",
        "description": "Every page.",
        "impact": 2,  # the item's own: a requester may not choose another
        "urgency": 2,
        "form_data": {"symptom": "Paper jam"},
    }
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        django_assert_max_num_queries(CREATE_QUERIES),
    ):
        response = client.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["status"] == "assigned" and created["assignment_group"] == group.pk
    # The summary of the timers just written is the one a later read gives.
    assert created["sla"] is not None and created["sla"]["response_due_at"]
    assert created["sla"] == client.get(f"{URL}{created['id']}/").json()["sla"]
    ticket = Ticket.objects.get(pk=created["id"])
    assert ticket.sla_timers.count() == 2
    assert list(ticket.events.order_by("pk").values_list("kind", flat=True)) == [
        "created",
        "assignment",
    ]
    assert len(callbacks) == 1  # one delivery task for the group, not one per member
    recipients = Notification.objects.filter(dedupe_key__startswith=f"assign:{ticket.pk}:")
    assert sorted(recipients.values_list("email", flat=True)) == sorted(m.email for m in members)


# --- visibility -----------------------------------------------------------------------------


def test_requesters_see_only_their_tickets(client_for, requester, other_requester, ticket):
    mine = client_for(requester).get(URL).json()
    assert [t["id"] for t in mine["results"]] == [ticket.pk]
    assert client_for(other_requester).get(URL).json()["count"] == 0
    assert client_for(other_requester).get(f"{URL}{ticket.pk}/").status_code == 404
    assert _act(client_for(other_requester), ticket, "cancel", reason="x").status_code == 404


def test_anonymous_gets_401(api_client, ticket):
    assert api_client.get(URL).status_code == 401
    assert api_client.post(URL, {"title": "x"}).status_code == 401


@pytest.mark.parametrize("role", ["agent", "other_agent", "manager", "admin_user"])
def test_staff_read_every_ticket(request, client_for, ticket, role):
    assert client_for(request.getfixturevalue(role)).get(f"{URL}{ticket.pk}/").status_code == 200


# --- the role table for actions -------------------------------------------------------------

SETUP = {  # status the ticket must be in for the action to be legal, and a valid body
    "assign": ("assigned", {"assignment_group": None}),
    "start": ("assigned", {}),
    "pend": ("in_progress", {"reason": "Awaiting the customer"}),
    "resume": ("pending", {}),
    "resolve": ("in_progress", {"resolution_code": "fixed", "resolution_notes": "Replaced toner"}),
    "reopen": ("resolved", {"reason": "Still broken"}),
    "close": ("resolved", {}),
    "cancel": ("new", {"reason": "No longer needed"}),
}
REQUESTER_MAY = {"reopen", "close", "cancel"}
ROLES = ["requester", "other_requester", "agent", "other_agent", "manager", "admin_user"]


@pytest.mark.parametrize("action", list(SETUP))
@pytest.mark.parametrize("role", ROLES)
def test_role_table_for_actions(request, client_for, ticket, group, action, role):
    status, body = SETUP[action]
    Ticket.objects.filter(pk=ticket.pk).update(status=status)
    if action == "assign":
        body = {"assignment_group": group.pk}
    user = request.getfixturevalue(role)
    response = _act(client_for(user), ticket, action, **body)
    expected = {
        "requester": 200 if action in REQUESTER_MAY else 403,
        "other_requester": 404,
        "agent": 200,
        "manager": 200,
        "admin_user": 200,
        "other_agent": 403,
    }[role]
    assert response.status_code == expected, response.content
    ticket.refresh_from_db()
    if expected != 200:
        assert ticket.status == status and ticket.version == 1


def test_agents_act_on_unassigned_tickets(client_for, other_agent, requester):
    loose = factories.TicketFactory(requester=requester)
    assert _act(client_for(other_agent), loose, "start").status_code == 200


@pytest.mark.parametrize("action", list(SETUP))
def test_illegal_transitions_are_409_and_change_nothing(
    client_for, admin_user, ticket, group, action
):
    legal_from = {s for (a, s) in _legal() if a == action}
    for status in ("new", "assigned", "in_progress", "pending", "resolved", "closed", "cancelled"):
        if status in legal_from:
            continue
        Ticket.objects.filter(pk=ticket.pk).update(status=status)
        body = dict(SETUP[action][1])
        if action == "assign":
            body = {"assignment_group": group.pk}
        response = _act(client_for(admin_user), ticket, action, **body)
        assert response.status_code == 409, (action, status)
        ticket.refresh_from_db()
        assert ticket.status == status and ticket.version == 1


def _legal():
    from tests.incidents.test_rules import LEGAL

    return LEGAL


def test_action_without_its_required_field_is_400(client_for, agent, ticket):
    Ticket.objects.filter(pk=ticket.pk).update(status="in_progress")
    for action, field in (
        ("pend", "reason"),
        ("resolve", "resolution_code"),
        ("resolve", "resolution_notes"),
        ("assign", "assignment_group"),
    ):
        response = _act(client_for(agent), ticket, action)
        assert response.status_code == 400 and field in response.json(), (action, field)
    ticket.refresh_from_db()
    assert ticket.status == "in_progress" and ticket.version == 1


def test_unknown_resolution_code_and_non_member_assignee(
    client_for, agent, ticket, group, other_agent
):
    Ticket.objects.filter(pk=ticket.pk).update(status="in_progress")
    response = _act(
        client_for(agent), ticket, "resolve", resolution_code="magic", resolution_notes="x"
    )
    assert response.status_code == 400 and "fixed" in response.json()["resolution_code"][0]
    response = _act(
        client_for(agent), ticket, "assign", assignment_group=group.pk, assignee=other_agent.pk
    )
    assert response.status_code == 400 and "assignee" in response.json()


def test_reassignment_and_reopen_counts(client_for, admin_user, ticket, group, other_group, agent):
    client = client_for(admin_user)
    assert (
        _act(client, ticket, "assign", assignment_group=group.pk, assignee=agent.pk).status_code
        == 200
    )
    ticket.refresh_from_db()
    assert ticket.reassignment_count == 0  # same group, a named agent
    _act(client, ticket, "assign", assignment_group=other_group.pk)
    _act(client, ticket, "assign", assignment_group=group.pk)
    ticket.refresh_from_db()
    assert ticket.reassignment_count == 2
    _act(client, ticket, "resolve", resolution_code="fixed", resolution_notes="ok")
    _act(client, ticket, "reopen", reason="no")
    _act(client, ticket, "resolve", resolution_code="fixed", resolution_notes="ok")
    _act(client, ticket, "reopen")
    ticket.refresh_from_db()
    assert ticket.reopen_count == 2 and ticket.status == "in_progress"


def test_transitions_set_timestamps_and_history(client_for, agent, ticket):
    client = client_for(agent)
    _act(client, ticket, "start")
    _act(client, ticket, "resolve", resolution_code="fixed", resolution_notes="Done")
    _act(client, ticket, "close")
    ticket.refresh_from_db()
    assert ticket.resolved_at and ticket.closed_at and ticket.version == 4
    assert ticket.assignee == agent  # starting an unowned ticket takes it
    history = client.get(f"{URL}{ticket.pk}/history/").json()
    changes = [(h["field"], h["old"], h["new"]) for h in history if h["kind"] == "transition"]
    assert changes == [
        ("status", "assigned", "in_progress"),
        ("status", "in_progress", "resolved"),
        ("status", "resolved", "closed"),
    ]
    assert all(h["who"] == agent.username for h in history if h["kind"] == "transition")


# --- optimistic locking -----------------------------------------------------------------------


def test_stale_version_is_409_and_nothing_changes(client_for, agent, ticket):
    client = client_for(agent)
    assert client.patch(f"{URL}{ticket.pk}/", {"version": 1, "title": "New"}).status_code == 200
    response = client.patch(f"{URL}{ticket.pk}/", {"version": 1, "title": "Older edit"})
    assert response.status_code == 409
    ticket.refresh_from_db()
    assert (ticket.title, ticket.version) == ("New", 2)
    assert _act(client, ticket, "start", version=1).status_code == 409
    ticket.refresh_from_db()
    assert ticket.status == "assigned"


def test_patch_needs_version_and_refuses_read_only_fields(client_for, agent, ticket):
    client = client_for(agent)
    assert "version" in client.patch(f"{URL}{ticket.pk}/", {"title": "x"}).json()
    for field, value in (("status", "closed"), ("assignee", agent.pk), ("reopen_count", 3)):
        response = client.patch(f"{URL}{ticket.pk}/", {"version": 1, field: value})
        assert response.status_code == 400 and field in response.json()
    ticket.refresh_from_db()
    assert ticket.status == "assigned" and ticket.version == 1


def test_requester_cannot_patch(client_for, requester, ticket):
    assert (
        client_for(requester).patch(f"{URL}{ticket.pk}/", {"version": 1, "title": "x"}).status_code
        == 403
    )


def test_priority_follows_the_matrix_unless_overridden_with_a_reason(client_for, agent, ticket):
    client = client_for(agent)
    body = client.patch(f"{URL}{ticket.pk}/", {"version": 1, "impact": 1, "urgency": 1}).json()
    assert body["priority"] == 1
    missing = client.patch(f"{URL}{ticket.pk}/", {"version": 2, "priority": 4})
    assert missing.status_code == 400 and "priority_override_reason" in missing.json()
    body = client.patch(
        f"{URL}{ticket.pk}/",
        {"version": 2, "priority": 4, "priority_override_reason": "VIP asked to wait"},
    ).json()
    assert body["priority"] == 4
    assert TicketEvent.objects.filter(ticket=ticket, field="priority", new_value="4").exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_one_wins_the_other_gets_409(requester, group):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    from common.errors import StaleVersion
    from incidents import services

    agent = factories.UserFactory(role="agent")
    group.members.add(agent)
    ticket = factories.TicketFactory(requester=requester, assignment_group=group, status="assigned")
    barrier = threading.Barrier(2)
    results = []

    def edit(title):
        from django.db import connections

        try:
            barrier.wait()
            services.update_ticket(
                agent, Ticket.objects.get(pk=ticket.pk), {"title": title}, version=1
            )
            results.append("ok")
        except StaleVersion:
            results.append("stale")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(t,)) for t in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == ["ok", "stale"]
    ticket.refresh_from_db()
    assert ticket.version == 2 and ticket.title in {"A", "B"}
    assert TicketEvent.objects.filter(ticket=ticket, field="title").count() == 1


# --- list, filters, export --------------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 100])
def test_list_query_count_is_constant(
    client_for, agent, group, count, django_assert_max_num_queries
):
    requester = factories.UserFactory()
    factories.TicketFactory.create_batch(
        count, requester=requester, assignment_group=group, assignee=agent
    )
    with django_assert_max_num_queries(6):
        response = client_for(agent).get(URL, {"page_size": 200})
    assert response.json()["count"] == count


@pytest.mark.parametrize("who", ["agent", "requester", "admin_user"])
def test_list_answers_as_drf_would_render_the_full_tickets(
    who, request, client_for, requester, agent, group, other_group, item, monkeypatch
):
    """The list reads lean rows (`tickets_for_api`) and renders them directly
    (`DirectReadMixin`, the SLA summary as a dict, the caller's rights read once): its
    answer is byte for byte the one DRF's own rendering gives from the full tickets."""
    factories.SLAPolicyFactory(name="Office · 办公")
    now = timezone.now()
    rows = [
        factories.TicketFactory(requester=requester, status="new"),
        factories.TicketFactory(
            requester=requester,
            catalog_item=item,
            form_data={"symptom": "Paper jam", "多": [1, 2]},
            assignment_group=group,
            assignee=agent,
            status="in_progress",
            asset=factories.AssetFactory(owner=requester),
            customer_unit=factories.CustomerUnitFactory(),
            first_response_at=now,
            promised_reply_at=now,
            callback_phone="13812345678",
        ),
        factories.TicketFactory(
            requester=factories.UserFactory(display_name="", first_name="Li", last_name="Lei"),
            assignment_group=other_group,
            status="resolved",
            resolved_at=now,
            resolution_code="fixed",
            resolution_notes="Done. 已解决。",
        ),
        factories.TicketFactory(requester=requester, status="pending", opened_by=agent),
        factories.TicketFactory(requester=requester, status="closed", closed_at=now),
    ]
    for ticket in rows[:4]:
        start_timers(ticket)
    TicketArticle.objects.create(
        ticket=rows[1], article=factories.ArticleFactory(author=agent), linked_by=agent
    )
    client = client_for(request.getfixturevalue(who))
    lean = client.get(URL, {"page_size": 200})
    assert lean.json()["count"] == (4 if who == "requester" else 5)
    detail = client.get(f"{URL}{rows[1].pk}/")

    monkeypatch.setattr(views, "tickets_for_api", tickets_visible_to)
    monkeypatch.setattr(
        TicketSerializer, "to_representation", serializers.ModelSerializer.to_representation
    )
    monkeypatch.setattr(
        SLASummarySerializer,
        "represent",
        classmethod(lambda cls, data: None if data is None else cls(data).data),
    )
    assert client.get(URL, {"page_size": 200}).content == lean.content
    assert client.get(f"{URL}{rows[1].pk}/").content == detail.content


def test_filters_and_search(client_for, agent, requester, group):
    factories.TicketFactory(requester=requester, status="pending", priority=1, title="VPN down")
    factories.TicketFactory(requester=requester, status="new", priority=5, assignment_group=group)
    client = client_for(agent)
    assert client.get(URL, {"status": "pending"}).json()["count"] == 1
    assert client.get(URL, {"priority": 1}).json()["count"] == 1
    assert client.get(URL, {"assignment_group": group.pk}).json()["count"] == 1
    assert client.get(URL, {"search": "vpn"}).json()["count"] == 1
    assert client.get(URL, {"status": "bogus"}).status_code == 400
    assert client.get(URL, {"ordering": "-priority"}).status_code == 200


def test_export_csv_xlsx_and_bad_format(client_for, agent, requester, ticket):
    factories.TicketFactory(requester=requester, title='=HYPERLINK("x")')
    client = client_for(agent)
    csv_text = client.get(f"{URL}export/", {"as": "csv"}).getvalue().decode()
    assert ticket.number in csv_text and "'=HYPERLINK" in csv_text
    assert client.get(f"{URL}export/", {"as": "xlsx"}).status_code == 200
    response = client.get(f"{URL}export/", {"as": "pdf"})
    assert response.status_code == 400 and "as" in response.json()


def test_requester_export_holds_only_their_tickets(client_for, requester, other_requester, ticket):
    theirs = factories.TicketFactory(requester=other_requester)
    text = client_for(requester).get(f"{URL}export/", {"as": "csv"}).getvalue().decode()
    assert ticket.number in text and theirs.number not in text
