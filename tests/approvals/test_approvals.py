"""Approvals end to end through the API and the services: the chain, roles, delegation,
fallbacks, the SLA start, reminders, concurrency (docs/api.md, "Approvals")."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from approvals import services
from approvals.models import Approval
from incidents.models import Ticket, TicketEvent
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(db):
    return factories.UserFactory(role=Role.REQUESTER, username="boss")


@pytest.fixture
def owners(db):
    group = factories.SupportGroupFactory(code="APPOWN", name="App owners")
    a = factories.UserFactory(role=Role.AGENT, username="owner_a")
    b = factories.UserFactory(role=Role.AGENT, username="owner_b")
    group.members.add(a, b)
    return group, a, b


@pytest.fixture
def laptop(group):
    return factories.CatalogItemFactory(
        name="New laptop",
        assignment_group=group,
        approval_steps=[{"kind": "requester_manager", "mode": "any"}],
    )


@pytest.fixture
def erp(group, owners):
    return factories.CatalogItemFactory(
        name="ERP access",
        assignment_group=group,
        approval_steps=[
            {"kind": "requester_manager", "mode": "any"},
            {"kind": "group", "group": owners[0].pk, "mode": "all"},
        ],
    )


def _publish(item):
    from catalog.models import Service

    Service.objects.filter(pk=item.service_id).update(status="published")
    return item


def _open(client_for, requester, item):
    _publish(item)
    response = client_for(requester).post(
        "/api/v1/tickets/", {"catalog_item": item.pk, "description": "please"}, format="json"
    )
    assert response.status_code == 201, response.content
    return Ticket.objects.get(pk=response.json()["id"])


def _rows(ticket, **kw):
    return list(Approval.objects.filter(ticket=ticket, **kw).order_by("step", "approver_id"))


def test_item_with_steps_waits_unrouted_without_timers(
    client_for, requester, boss, laptop, shipped_service_levels
):
    requester.manager = boss
    requester.save()
    ticket = _open(client_for, requester, laptop)
    body = client_for(requester).get(f"/api/v1/tickets/{ticket.pk}/").json()
    assert body["status"] == "awaiting_approval"
    assert body["approval_state"] == "pending"
    assert body["assignment_group"] is None
    sla = client_for(factories.UserFactory(role=Role.AGENT)).get(
        f"/api/v1/tickets/{ticket.pk}/sla/"
    )
    assert sla.status_code == 200 and sla.json() == []
    [row] = _rows(ticket)
    assert row.approver == boss and row.state == "pending" and row.due_at is not None
    assert (
        Notification.objects.filter(recipient=boss, dedupe_key__startswith="approval:").count() == 1
    )
    note = Notification.objects.get(recipient=boss, dedupe_key__startswith="approval:")
    assert reverse("approvals:decide", args=[row.pk]) in note.body


def test_approval_routes_the_ticket_and_starts_the_timers_then(
    client_for, requester, boss, laptop, group, shipped_service_levels, at
):
    requester.manager = boss
    requester.save()
    opened = timezone.now().replace(microsecond=0)
    with at(opened):
        ticket = _open(client_for, requester, laptop)
    [row] = _rows(ticket)
    approved_at = opened + dt.timedelta(hours=3)
    with at(approved_at):
        response = client_for(boss).post(f"/api/v1/approvals/{row.pk}/approve/", {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "approved"
    ticket.refresh_from_db()
    assert ticket.status == "assigned" and ticket.assignment_group == group
    assert ticket.approval_state == "approved"
    agent = factories.UserFactory(role=Role.AGENT)
    sla = client_for(agent).get(f"/api/v1/tickets/{ticket.pk}/sla/").json()
    assert len(sla) == 2
    assert {dt.datetime.fromisoformat(t["started_at"]) for t in sla} == {approved_at}
    assert TicketEvent.objects.filter(ticket=ticket, field="approval_approved").count() == 1


def test_only_cancel_is_legal_while_waiting(client_for, requester, boss, laptop, agent):
    requester.manager = boss
    requester.save()
    ticket = _open(client_for, requester, laptop)
    for action, body in (("start", {}), ("assign", {"assignment_group": 1}), ("resolve", {})):
        r = client_for(agent).post(f"/api/v1/tickets/{ticket.pk}/{action}/", body, format="json")
        assert r.status_code in (409, 403), (action, r.status_code)
    r = client_for(requester).post(
        f"/api/v1/tickets/{ticket.pk}/cancel/", {"reason": "not needed"}, format="json"
    )
    assert r.status_code == 200
    [row] = _rows(ticket)
    assert row.state == "skipped"
    r = client_for(boss).post(f"/api/v1/approvals/{row.pk}/approve/", {}, format="json")
    assert r.status_code == 409


def test_rejection_cancels_with_the_reason(client_for, requester, boss, laptop):
    requester.manager = boss
    requester.save()
    ticket = _open(client_for, requester, laptop)
    [row] = _rows(ticket)
    r = client_for(boss).post(f"/api/v1/approvals/{row.pk}/reject/", {}, format="json")
    assert r.status_code == 400 and "comment" in r.json()
    r = client_for(boss).post(
        f"/api/v1/approvals/{row.pk}/reject/", {"comment": "Budget frozen"}, format="json"
    )
    assert r.status_code == 200
    ticket.refresh_from_db()
    assert ticket.status == "cancelled" and ticket.approval_state == "rejected"
    assert TicketEvent.objects.filter(
        ticket=ticket, field="cancel_reason", new_value="Budget frozen"
    ).exists()
    assert Notification.objects.filter(
        recipient=requester, dedupe_key=f"approval_rejected:{ticket.pk}"
    ).exists()
    page = client_for(requester).get(f"/api/v1/tickets/{ticket.pk}/history/")
    assert "Budget frozen" in page.content.decode()
    r = client_for(boss).post(f"/api/v1/approvals/{row.pk}/approve/", {}, format="json")
    assert r.status_code == 409


def test_roles_403_404_and_visibility(client_for, requester, other_requester, boss, laptop, agent):
    requester.manager = boss
    requester.save()
    ticket = _open(client_for, requester, laptop)
    [row] = _rows(ticket)
    url = f"/api/v1/approvals/{row.pk}/approve/"
    assert client_for(other_requester).post(url, {}, format="json").status_code == 404
    assert client_for(other_requester).get(f"/api/v1/approvals/{row.pk}/").status_code == 404
    assert client_for(requester).post(url, {}, format="json").status_code == 403
    assert client_for(agent).post(url, {}, format="json").status_code == 403
    assert client_for(requester).get(f"/api/v1/approvals/{row.pk}/").status_code == 200
    assert client_for(agent).get(f"/api/v1/approvals/{row.pk}/").status_code == 200
    mine = client_for(boss).get("/api/v1/approvals/?mine=1").json()
    assert [r["id"] for r in mine["results"]] == [row.pk]
    assert client_for(requester).get("/api/v1/approvals/?mine=1").json()["count"] == 0
    assert client_for(other_requester).get("/api/v1/approvals/").json()["count"] == 0
    assert client_for(boss).get(f"/api/v1/approvals/{row.pk}/").status_code == 200


def test_erp_needs_both_approvers_of_the_countersign_step(
    client_for, requester, boss, erp, owners, group
):
    requester.manager = boss
    requester.save()
    _, a, b = owners
    ticket = _open(client_for, requester, erp)
    [first] = _rows(ticket)
    client_for(boss).post(f"/api/v1/approvals/{first.pk}/approve/", {}, format="json")
    second = _rows(ticket, step=2)
    assert {r.approver for r in second} == {a, b}
    ticket.refresh_from_db()
    assert ticket.status == "awaiting_approval"
    ra = next(r for r in second if r.approver == a)
    rb = next(r for r in second if r.approver == b)
    assert (
        client_for(a).post(f"/api/v1/approvals/{ra.pk}/approve/", {}, format="json").status_code
        == 200
    )
    ticket.refresh_from_db()
    assert ticket.status == "awaiting_approval"
    assert (
        client_for(b).post(f"/api/v1/approvals/{rb.pk}/approve/", {}, format="json").status_code
        == 200
    )
    ticket.refresh_from_db()
    assert ticket.status == "assigned" and ticket.assignment_group == group


def test_any_step_skips_the_others(client_for, requester, owners):
    grp, a, b = owners
    item = factories.CatalogItemFactory(
        approval_steps=[{"kind": "group", "group": grp.pk, "mode": "any"}]
    )
    ticket = _open(client_for, requester, item)
    ra, rb = _rows(ticket)
    assert (
        client_for(a).post(f"/api/v1/approvals/{ra.pk}/approve/", {}, format="json").status_code
        == 200
    )
    rb.refresh_from_db()
    assert rb.state == "skipped"
    assert (
        client_for(b).post(f"/api/v1/approvals/{rb.pk}/approve/", {}, format="json").status_code
        == 409
    )


def test_delegation_sends_new_requests_to_the_delegate(client_for, requester, boss, laptop):
    deputy = factories.UserFactory(role=Role.REQUESTER, username="deputy")
    requester.manager = boss
    requester.save()
    r = client_for(boss).patch(
        "/api/v1/users/me/",
        {"delegate": deputy.pk, "delegate_until": str(timezone.localdate())},
        format="json",
    )
    assert r.status_code == 200, r.content
    ticket = _open(client_for, requester, laptop)
    [row] = _rows(ticket)
    assert row.approver == deputy and row.on_behalf_of == boss
    assert (
        client_for(boss).post(f"/api/v1/approvals/{row.pk}/approve/", {}, format="json").status_code
        == 403
    )
    assert (
        client_for(deputy)
        .post(f"/api/v1/approvals/{row.pk}/approve/", {}, format="json")
        .status_code
        == 200
    )
    event = TicketEvent.objects.get(ticket=ticket, field="approval_approved")
    assert event.actor == deputy and event.old_value == str(boss)


def test_delegation_ended_yesterday_does_not_hold(client_for, requester, boss, laptop):
    deputy = factories.UserFactory(role=Role.REQUESTER)
    boss.delegate, boss.delegate_until = deputy, timezone.localdate() - dt.timedelta(days=1)
    boss.save()
    requester.manager = boss
    requester.save()
    ticket = _open(client_for, requester, laptop)
    [row] = _rows(ticket)
    assert row.approver == boss and row.on_behalf_of is None


@pytest.mark.parametrize(
    "body",
    [
        {"delegate_until": "2030-01-01"},
        {"delegate": "SELF", "delegate_until": "2030-01-01"},
        {"delegate": "OTHER"},
        {"delegate": "OTHER", "delegate_until": "2000-01-01"},
    ],
)
def test_bad_delegations_are_400(client_for, boss, body):
    other = factories.UserFactory()
    body = {
        k: (boss.pk if v == "SELF" else other.pk if v == "OTHER" else v) for k, v in body.items()
    }
    r = client_for(boss).patch("/api/v1/users/me/", body, format="json")
    assert r.status_code == 400
    boss.refresh_from_db()
    assert boss.delegate is None


def test_requester_who_is_the_approver_is_skipped(client_for, owners, group):
    _grp, a, _b = owners
    item = factories.CatalogItemFactory(
        assignment_group=group,
        approval_steps=[{"kind": "users", "users": [a.pk], "mode": "any"}],
    )
    ticket = _open(client_for, a, item)
    [row] = _rows(ticket)
    assert row.state == "skipped"
    ticket.refresh_from_db()
    assert ticket.status == "assigned"
    from incidents.history import Describer

    passed = TicketEvent.objects.get(ticket=ticket, field="approval_requested")
    assert passed.old_value == "1" and passed.new_value == ""
    sentence = Describer.for_events([passed]).sentence(passed)
    assert "Approval step 1 passed" in sentence


def test_manager_fallbacks_unit_then_group_manager(client_for, requester, laptop, group, manager):
    unit_boss = factories.UserFactory(role=Role.REQUESTER)
    unit = factories.CustomerUnitFactory(manager=unit_boss)
    requester.customer_unit = unit
    requester.save()
    ticket = _open(client_for, requester, laptop)
    assert _rows(ticket)[0].approver == unit_boss
    unit.manager = None
    unit.save()
    ticket = _open(client_for, requester, laptop)
    assert _rows(ticket)[0].approver == manager


def test_reminder_once_after_due(client_for, requester, boss, laptop, at):
    requester.manager = boss
    requester.save()
    ticket = _open(client_for, requester, laptop)
    [row] = _rows(ticket)
    assert services.remind_overdue(row.due_at - dt.timedelta(minutes=1)) == 0
    later = row.due_at + dt.timedelta(minutes=1)
    assert services.remind_overdue(later) == 1
    assert services.remind_overdue(later + dt.timedelta(hours=1)) == 0
    assert Notification.objects.filter(dedupe_key=f"approval-reminder:{row.pk}").count() == 1


def test_catalog_steps_are_validated_and_requires_approval_derived(client_for, admin_user, group):
    service = factories.ServiceFactory()
    base = {"service": service.pk, "name": "X", "kind": "request"}
    c = client_for(admin_user)
    for bad in (
        [{"kind": "boss"}],
        [{"kind": "group", "mode": "any"}],
        [{"kind": "users", "users": [], "mode": "all"}],
        [{"kind": "requester_manager", "mode": "some"}],
        "nope",
    ):
        r = c.post("/api/v1/catalog-items/", {**base, "approval_steps": bad}, format="json")
        assert r.status_code == 400 and "approval_steps" in r.json(), bad
    r = c.post(
        "/api/v1/catalog-items/",
        {**base, "approval_steps": [{"kind": "group", "group": group.pk, "mode": "all"}]},
        format="json",
    )
    assert r.status_code == 201 and r.json()["requires_approval"] is True
    r = c.post("/api/v1/catalog-items/", {**base, "requires_approval": True}, format="json")
    assert r.status_code == 400 or r.json()["requires_approval"] is False


def test_my_approvals_page_and_decision_page(client, requester, boss, laptop, client_for):
    requester.manager = boss
    requester.save()
    ticket = _open(client_for, requester, laptop)
    [row] = _rows(ticket)
    client.force_login(boss)
    page = client.get(reverse("approvals:mine"))
    assert page.status_code == 200 and ticket.number in page.content.decode()
    decide = reverse("approvals:decide", args=[row.pk])
    assert client.get(decide).status_code == 200
    row.refresh_from_db()
    assert row.state == "pending"  # GET never decides
    r = client.post(decide, {"decision": "reject", "comment": ""})
    assert r.status_code == 400
    r = client.post(decide, {"decision": "approve", "comment": "ok"})
    assert r.status_code == 302
    row.refresh_from_db()
    assert row.state == "approved"
    client.force_login(requester)
    portal = client.get(reverse("portal:ticket", args=[ticket.pk])).content.decode()
    assert "approval-chain" in portal and "ok" in portal
    assert client.post(decide, {"decision": "approve"}).status_code == 403


def test_anonymous_link_asks_to_log_in(client, requester, boss, laptop, client_for):
    requester.manager = boss
    requester.save()
    ticket = _open(client_for, requester, laptop)
    [row] = _rows(ticket)
    r = client.get(reverse("approvals:decide", args=[row.pk]))
    assert r.status_code == 302 and "login" in r["Location"]


@pytest.mark.parametrize("count", [2, 12])
def test_list_and_page_query_counts_are_constant(
    client, client_for, boss, laptop, count, django_assert_max_num_queries
):
    for _ in range(count):
        r = factories.UserFactory(role=Role.REQUESTER, manager=boss)
        _open(client_for, r, laptop)
    api = client_for(boss)
    with django_assert_max_num_queries(8):
        assert api.get("/api/v1/approvals/?mine=1").json()["count"] == count
    client.force_login(boss)
    client.get(reverse("approvals:mine"))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("approvals:mine")).status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_person", [False, True])
def test_two_decisions_at_once_give_one_outcome(same_person):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    group = factories.SupportGroupFactory()
    a = factories.UserFactory(role=Role.AGENT)
    b = a if same_person else factories.UserFactory(role=Role.AGENT)
    group.members.add(a, b)
    requester = factories.UserFactory(role=Role.REQUESTER)
    item = factories.CatalogItemFactory(
        assignment_group=group,
        approval_steps=[{"kind": "users", "users": sorted({a.pk, b.pk}), "mode": "any"}],
    )
    from incidents.services import NewTicket, create_ticket

    _publish(item)
    from catalog.models import CatalogItem

    item = CatalogItem.objects.get(pk=item.pk)
    ticket = create_ticket(requester, NewTicket(catalog_item=item, form_data={}))
    rows = _rows(ticket)
    pairs = [(a, rows[0]), (b, rows[-1])]
    barrier = threading.Barrier(2)
    results = []

    def decide(user, row):
        from django.db import connections

        from common.errors import Conflict

        try:
            barrier.wait()
            services.approve(user, Approval.objects.get(pk=row.pk))
            results.append("ok")
        except Conflict:
            results.append("409")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=p) for p in pairs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == ["409", "ok"]
    ticket.refresh_from_db()
    assert ticket.status == "assigned"
    assert TicketEvent.objects.filter(ticket=ticket, field="approval_approved").count() == 1
    assert TicketEvent.objects.filter(ticket=ticket, field="status").count() == 1


def test_reports_summary_has_approval_turnaround_and_rejections(
    client, client_for, requester, boss, laptop, manager, at
):
    requester.manager = boss
    requester.save()
    start = timezone.now().replace(microsecond=0) - dt.timedelta(days=1)
    with at(start):
        first = _open(client_for, requester, laptop)
        second = _open(client_for, requester, laptop)
    with at(start + dt.timedelta(hours=1)):
        client_for(boss).post(
            f"/api/v1/approvals/{_rows(second)[0].pk}/reject/", {"comment": "No"}, format="json"
        )
    with at(start + dt.timedelta(hours=3)):
        client_for(boss).post(f"/api/v1/approvals/{_rows(first)[0].pk}/approve/", {}, format="json")
    body = client_for(manager).get("/api/v1/reports/summary/").json()
    assert body["approval_hours_median"] == 2.0  # 1 h and 3 h (no calendar: plain hours)
    assert body["approvals_rejected_percent"] == 50.0
    client.force_login(manager)
    page = client.get("/reports/").content.decode()
    assert 'data-testid="kpi-value-approval_hours_median"' in page
    assert "approvals-approvers" in page and str(boss) in page


def test_delegation_page_overdue_page_and_preview(
    client, client_for, requester, boss, laptop, manager
):
    deputy = factories.UserFactory(role=Role.REQUESTER, display_name="Deputy Dora")
    client.force_login(boss)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert 'data-testid="delegation"' in profile
    until = timezone.localdate() + dt.timedelta(days=3)
    r = client.post(
        reverse("approvals:delegation"), {"delegate": deputy.pk, "delegate_until": until}
    )
    assert r.status_code == 302
    boss.refresh_from_db()
    assert boss.delegate == deputy and boss.delegate_until == until
    client.post(reverse("approvals:delegation"), {"delegate": boss.pk, "delegate_until": until})
    boss.refresh_from_db()
    assert boss.delegate == deputy  # refused: oneself
    client.post(reverse("approvals:delegation"), {"delegate": "", "delegate_until": ""})
    boss.refresh_from_db()
    assert boss.delegate is None and boss.delegate_until is None

    requester.manager = boss
    requester.save()
    ticket = _open(client_for, requester, laptop)
    Approval.objects.filter(ticket=ticket).update(due_at=timezone.now() - dt.timedelta(hours=1))
    client.force_login(manager)
    overdue = client.get(reverse("approvals:overdue"))
    assert overdue.status_code == 200 and ticket.number in overdue.content.decode()
    client.force_login(requester)
    assert client.get(reverse("approvals:overdue")).status_code == 403

    client.force_login(manager)
    steps = '[{"kind": "requester_manager", "mode": "any"}]'
    r = client.post(
        reverse("approvals:preview"), {"approval_steps": steps, "requester": requester.pk}
    )
    assert r.status_code == 200 and str(boss) in r.content.decode()
    r = client.post(reverse("approvals:preview"), {"approval_steps": '[{"kind": "x"}]'})
    assert 'data-testid="steps-error"' in r.content.decode()
    client.force_login(requester)
    assert client.post(reverse("approvals:preview"), {"approval_steps": steps}).status_code == 403


def test_my_approvals_page_in_chinese(client, client_for, requester, boss, laptop):
    requester.manager = boss
    requester.save()
    _open(client_for, requester, laptop)
    boss.language = "zh-hans"
    boss.save()
    client.force_login(boss)
    page = client.get(reverse("approvals:mine"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "我的审批" in page and "驳回" in page and "或签" in page


def test_the_beat_task_reminds_once(client_for, requester, boss, laptop, at):
    from approvals.tasks import remind_overdue_approvals

    requester.manager = boss
    requester.save()
    ticket = _open(client_for, requester, laptop)
    [row] = _rows(ticket)
    with at(row.due_at + dt.timedelta(minutes=5)):
        remind_overdue_approvals.delay()
        remind_overdue_approvals.delay()
    row.refresh_from_db()
    assert row.reminded_at is not None
    assert Notification.objects.filter(dedupe_key__startswith="approval-reminder:").count() == 1


def test_approval_fields_on_tickets_users_and_units(
    client_for, requester, boss, admin_user, laptop
):
    r = client_for(requester).post(
        "/api/v1/tickets/",
        {"catalog_item": _publish(laptop).pk, "approval_state": "approved"},
        format="json",
    )
    assert r.status_code == 400 and "approval_state" in r.json()
    me = client_for(requester).get("/api/v1/users/me/").json()
    assert {"manager", "delegate", "delegate_until"} <= set(me)
    r = client_for(requester).patch("/api/v1/users/me/", {"manager": boss.pk}, format="json")
    assert r.status_code == 400
    admin = client_for(admin_user)
    r = admin.patch(f"/api/v1/users/{requester.pk}/", {"manager": boss.pk}, format="json")
    assert r.status_code == 200 and r.json()["manager"] == boss.pk
    r = admin.patch(f"/api/v1/users/{requester.pk}/", {"manager": requester.pk}, format="json")
    assert r.status_code == 400
    unit = factories.CustomerUnitFactory()
    r = admin.patch(f"/api/v1/customer-units/{unit.pk}/", {"manager": boss.pk}, format="json")
    assert r.status_code == 200 and r.json()["manager"] == boss.pk
    agent = factories.UserFactory(role=Role.AGENT)
    r = client_for(agent).patch(
        f"/api/v1/customer-units/{unit.pk}/", {"manager": None}, format="json"
    )
    assert r.status_code == 403


def test_desk_queue_awaiting_approval(client, client_for, requester, boss, laptop, agent):
    requester.manager = boss
    requester.save()
    ticket = _open(client_for, requester, laptop)
    client.force_login(agent)
    page = client.get(reverse("incidents:desk"), {"queue": "approval"}).content.decode()
    assert ticket.number in page
    page = client.get(reverse("incidents:desk"), {"queue": "groups"}).content.decode()
    assert ticket.number not in page
