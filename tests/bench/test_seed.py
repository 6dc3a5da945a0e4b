"""The benchmark seed at a small size: counts, consistency with the models and the SLA
timers' own arithmetic, and pages that answer for the fixed bench logins."""

import re
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.db import connection, transaction
from django.db.models import Count, F
from django.test import Client

from accounts.models import CustomerUnit, SupportGroup, User
from assets.models import Asset, AssetRelation, validate_tag
from bench.seed import PASSWORD, seed
from incidents import workflow
from incidents.models import Comment, Ticket, TicketEvent
from satisfaction.models import Survey
from sla.models import SLATimer
from sla.timers import desired_state, project

SMALL = {"tickets": 3000, "assets": 500, "groups": 10, "users": 300, "running_timers": 600}
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the benchmark seeds PostgreSQL only"
)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One small seed for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed(**SMALL, out=lambda _line: None)
        transaction.set_rollback(True)


@on_postgresql
@pytest.mark.django_db
def test_seed_has_the_sizes_asked_for_and_counts_what_it_wrote(seeded):
    assert (Ticket.objects.count(), Asset.objects.count()) == (3000, 500)
    assert (User.objects.count(), SupportGroup.objects.count()) == (300, 10)
    counts = seeded["counts"]
    for model in (User, CustomerUnit, Ticket, Comment, TicketEvent, SLATimer, Survey, Asset):
        assert counts[model._meta.db_table] == model.objects.count(), model
    assert counts["assets_assetrelation"] == AssetRelation.objects.count() > 500
    assert 2 <= Comment.objects.count() / 3000 <= 3.5
    assert 3 <= TicketEvent.objects.count() / 3000 <= 7
    running = SLATimer.objects.filter(state="running").count()
    assert seeded["running_timers"] == running
    assert 0.85 * 600 <= running <= 1.15 * 600
    for group in SupportGroup.objects.annotate(n=Count("members")):
        assert group.manager_id and 4 <= group.n <= 11


@on_postgresql
@pytest.mark.django_db
def test_every_ticket_has_two_timers_in_the_state_its_status_asks_for(seeded):
    assert not Ticket.objects.annotate(n=Count("sla_timers")).exclude(n=2).exists()
    rows = SLATimer.objects.values_list(
        "kind", "state", "ticket__status", "ticket__first_response_at", "stopped_at", "due_at"
    )
    for kind, state, status, responded, stopped_at, due_at in rows:
        assert state == desired_state(kind, status, responded is not None)
        assert (stopped_at is not None) == (state == "stopped")
        assert (due_at is not None) == (state == "running")
    assert not (
        SLATimer.objects.filter(state="running")
        .exclude(ticket__status__in=workflow.OPEN_STATUSES)
        .exists()
    )
    assert SLATimer.objects.filter(kind="response", state="running").exists()


@on_postgresql
@pytest.mark.django_db
def test_timers_agree_with_the_sla_arithmetic(seeded):
    """`project` recomputes elapsed, due and warning times from the segments."""
    timers = list(SLATimer.objects.select_related("calendar"))
    for timer in timers:
        stored = (timer.elapsed, timer.due_at, timer.warn_at)
        project(timer)
        assert stored == (timer.elapsed, timer.due_at, timer.warn_at), timer.pk
        if timer.breached_at is not None and timer.state != "running":
            assert timer.elapsed > timer.target or timer.breached_at < timer.stopped_at
    stopped = [t for t in timers if t.state == "stopped"]
    breached = sum(t.breached_at is not None for t in stopped)
    assert 0.03 <= breached / len(stopped) <= 0.15
    assert {t.calendar.name for t in timers} == {"上海办公 Shanghai office", "7×24"}


@on_postgresql
@pytest.mark.django_db
def test_tickets_are_valid_for_the_models(seeded):
    scheme = re.compile(r"^(INC|REQ)\d{7}$")
    for pk, number, kind in Ticket.objects.values_list("pk", "number", "kind"):
        assert (
            scheme.match(number) and number == f"{'INC' if kind == 'incident' else 'REQ'}{pk:07d}"
        )
    for status, n in Counter(Ticket.objects.values_list("status", flat=True)).items():
        assert status in workflow.STATUSES and n > 0
    done = Ticket.objects.filter(status__in=["resolved", "closed"])
    assert not done.filter(first_response_at=None).exists()
    assert not done.filter(resolved_at=None).exists()
    assert not Ticket.objects.filter(status="closed", closed_at=None).exists()
    assert not Ticket.objects.filter(
        status__in=workflow.OPEN_STATUSES, resolved_at__isnull=False
    ).exists()
    assert not Ticket.objects.filter(resolved_at__lt=F("first_response_at")).exists()
    for ticket in Ticket.objects.order_by("?")[:40]:
        ticket.full_clean()
    # The first public reply of the desk is the first response.
    staff_replies = Comment.objects.filter(internal=False).exclude(author__role="requester")
    assert not staff_replies.filter(created_at__lt=F("ticket__first_response_at")).exists()
    assert not staff_replies.filter(ticket__first_response_at=None).exists()


@on_postgresql
@pytest.mark.django_db
def test_assets_have_valid_unique_tags_in_their_rooms(seeded):
    tags = list(Asset.objects.values_list("tag", flat=True))
    assert len(set(tags)) == len(tags) == 500
    for tag in tags:
        validate_tag(tag)
    for asset in Asset.objects.select_related("room")[:20]:
        asset.full_clean()
        assert asset.room_id == asset.parsed_tag.room_key


@on_postgresql
@pytest.mark.django_db
def test_surveys_and_the_bench_logins(seeded):
    rated = list(Survey.objects.exclude(rating=None).values_list("rating", flat=True))
    assert rated and sum(rated) / len(rated) >= 3.8
    for login in seeded["logins"].values():
        assert authenticate(username=login, password=PASSWORD) is not None
    agent = User.objects.get(username=seeded["logins"]["agent"])
    assert agent.support_groups.count() == 3
    own_open = Ticket.objects.filter(assignee=agent, status__in=workflow.OPEN_STATUSES)
    assert 0 < own_open.count() == seeded["agent_open_tickets"] <= 40
    assert 40 <= seeded["requester_ticket_count"] <= 80


@on_postgresql
@pytest.mark.django_db
def test_a_second_run_with_the_same_sizes_skips(seeded):
    again = seed(**SMALL, out=lambda _line: None)
    assert again["skipped"] is True
    assert again["ticket_page_ids"] == seeded["ticket_page_ids"]
    assert Ticket.objects.count() == 3000


@on_postgresql
@pytest.mark.django_db
def test_pages_and_endpoints_answer_for_the_bench_logins(seeded):
    clients = {}
    for role, login in seeded["logins"].items():
        clients[role] = Client()
        assert clients[role].login(username=login, password=seeded["password"])
    agent, requester = clients["agent"], clients["requester"]
    assert agent.get("/desk/").status_code == 200
    for pk in seeded["ticket_page_ids"][:5]:
        assert agent.get(f"/desk/tickets/{pk}/").status_code == 200
    assert requester.get("/portal/tickets/").status_code == 200
    assert (
        requester.get(f"/portal/tickets/{seeded['requester_open_ticket_ids'][0]}/").status_code
        == 200
    )
    listed = agent.get("/api/v1/tickets/?page_size=200")
    assert listed.status_code == 200 and listed.json()["count"] == 3000
    assert requester.get("/api/v1/tickets/").json()["count"] == seeded["requester_ticket_count"]
    assert agent.get("/api/v1/assets/").status_code == 200
    created = requester.post(
        "/api/v1/tickets/", seeded["create_ticket_body"], content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["number"] == "INC0003001"
    ticket = seeded["transition_ticket_ids"][0]
    for action in ("start", "pend", "resume", "pend", "resume"):
        status = Ticket.objects.get(pk=ticket).status
        assert seeded["transition_cycle"][status] == action
        body = seeded["pend_body"] if action == "pend" else {}
        answer = agent.post(
            f"/api/v1/tickets/{ticket}/{action}/", body, content_type="application/json"
        )
        assert answer.status_code == 200, answer.content


@on_postgresql
@pytest.mark.django_db
def test_facts_point_at_rows_the_runner_can_use(seeded):
    pages = Ticket.objects.filter(pk__in=seeded["ticket_page_ids"]).annotate(n=Count("comments"))
    assert len(seeded["ticket_page_ids"]) >= 150 and not pages.filter(n=0).exists()
    assert len({ticket.status for ticket in pages}) >= 5
    moving = Ticket.objects.filter(pk__in=seeded["transition_ticket_ids"])
    assert moving.count() == len(seeded["transition_ticket_ids"]) > 0
    assert set(moving.values_list("status", flat=True)) == {"assigned"}
    assert set(moving.values_list("assignment_group", flat=True)) <= set(
        seeded["group_ids"]["agent"]
    )
    assert Asset.objects.filter(pk__in=seeded["asset_ids"]).count() == len(seeded["asset_ids"]) > 0
    words = seeded["search_words"]
    for language in ("zh", "en"):
        assert 0 < words[f"rare_{language}"]["tickets"] < words[f"common_{language}"]["tickets"]


@on_postgresql
@pytest.mark.django_db
def test_the_rebuilt_indexes_keep_their_statistics_targets(seeded):
    """The seed drops and rebuilds the big tables' indexes: the search indexes come back
    with the statistics target their migrations set (the planner's `LIKE` estimates)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, a.attstattarget FROM pg_class c "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = 1 "
            "WHERE c.relkind = 'i' AND (c.relname LIKE '%%_trgm' OR c.relname LIKE '%%_grams')"
        )
        targets = dict(cursor.fetchall())
    # Tickets, comments and CIs (10), knowledge articles' title, body and tags (6).
    assert len(targets) == 16
    assert set(targets.values()) == {1000}, targets


@on_postgresql
@pytest.mark.django_db
def test_the_profiler_reports_where_a_page_spends_its_time(seeded, capsys):
    from bench import profile

    wall, sql, stats = profile.profile("/desk/?queue=all", "agent", 2, 1, "GET", None)
    assert wall > sql["seconds"] > 0 and sql["count"] >= 2 * 5
    profile.report("/desk/?queue=all", 2, wall, sql, stats, lines=5)
    out = capsys.readouterr().out
    assert "ms per request: SQL" in out and "templates" in out and "ORM" in out
    assert profile.area(f"{profile.ROOT}/incidents/views.py") == "our code"
    assert profile.area("/x/site-packages/django/template/base.py") == "templates"
