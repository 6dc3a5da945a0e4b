"""`seed_demo`: a believable month of a real desk, seeded once.

The seed takes seconds: the checks of what an evaluator looks at first share one seeding.
"""

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from inbound.services.gateway import GATEWAY_USERNAME
from incidents import demo
from incidents.models import Comment, Ticket, TicketEvent
from notifications.models import Notification
from satisfaction.models import Survey
from sla.models import SLATimer

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    return timezone.now()


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)


def test_the_demo_is_a_believable_month(seeded, mailoutbox):
    now = seeded
    # The month the incidents demo replays; the mail and alerts of the inbound demo, opened
    # by the gateway account afterwards, are checked in tests/inbound/test_demo.py.
    tickets = list(
        Ticket.objects.exclude(opened_by__username=GATEWAY_USERNAME).select_related(
            "catalog_item", "asset__category", "assignee"
        )
    )
    assert len(tickets) == demo.COUNT

    # Opened over the last 30 days, people's tickets in working hours, numbered in order.
    for t in tickets:
        assert now - dt.timedelta(days=demo.DAYS) < t.created_at < now
        if t.channel != "monitoring":
            local = _local(t.created_at)
            assert local.weekday() < 5 and dt.time(8, 30) <= local.time() < dt.time(18, 0)
    by_number = sorted(tickets, key=lambda t: t.pk)
    assert [t.created_at for t in by_number] == sorted(t.created_at for t in tickets)
    per_day = Counter(_local(t.created_at).date() for t in tickets)
    assert len(per_day) >= 15 and max(per_day.values()) < 0.15 * len(tickets)

    # The desk opens on a real backlog: the demo agent's own queue holds tickets, some wait
    # on the customer (pending), and every status an evaluator filters on is there.
    statuses = Counter(t.status for t in tickets)
    mine = [t for t in tickets if t.assignee and t.assignee.username == "agent"]
    assert sum(1 for t in mine if t.status in ("in_progress", "pending")) >= 3
    assert statuses["pending"] >= 1 and statuses["in_progress"] >= 5
    assert {"assigned", "resolved", "closed", "cancelled"} <= set(statuses)

    # Titles are those of the ticket's catalog item.
    titles: dict[str, set] = {}
    for scenario in [*demo.SCENARIOS, demo.OUTAGE]:
        if scenario.item:
            titles.setdefault(scenario.item, set()).update(*scenario.titles)
    for t in tickets:
        if t.catalog_item:
            assert t.title in titles[t.catalog_item.name], (t.title, t.catalog_item.name)

    # Agents do the work, not the administrator; history is dated along each life.
    admin = User.objects.get(username="admin")
    assert not TicketEvent.objects.filter(actor=admin).exists()
    assert not Comment.objects.filter(author=admin).exists()
    starts = {t.pk: t.created_at for t in tickets}
    events = list(TicketEvent.objects.filter(ticket__in=starts).values_list("ticket_id", "at"))
    assert all(starts[ticket] <= at <= now for ticket, at in events)
    assert len({at for _t, at in events}) > len(events) / 3  # not all at one instant
    for comment in Comment.objects.filter(ticket__in=starts):
        assert starts[comment.ticket_id] <= comment.created_at <= now

    # The busiest configuration item is a server or network device, not a phone.
    busiest = Counter(t.asset for t in tickets if t.asset).most_common(1)[0][0]
    assert busiest.category.code in ("SRV", "NET")

    # SLA timers agree with the dated history.
    for timer in SLATimer.objects.select_related("ticket"):
        ticket = timer.ticket
        assert timer.started_at == ticket.created_at
        if timer.kind == "response" and ticket.first_response_at:
            assert timer.stopped_at == ticket.first_response_at
        if timer.kind == "resolution" and ticket.status in ("resolved", "closed"):
            assert timer.stopped_at == ticket.resolved_at
    assert SLATimer.objects.filter(
        state="running", due_at__lt=now, ticket__status__in=["new", "assigned", "in_progress"]
    ).exists(), "some open tickets are overdue"

    # Surveys went out after their resolution and were answered after that.
    for survey in Survey.objects.filter(sent_at__isnull=False):
        assert survey.sent_at >= survey.resolved_at
        assert survey.responded_at is None or survey.responded_at >= survey.sent_at

    # The month's mails count as sent then; one survey mail is sent now, to try.
    assert not Notification.objects.filter(sent_at__isnull=True).exists()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["requester@example.com"] and "/survey/" in mailoutbox[0].body

    # Seeding again changes nothing.
    counts = [m.objects.count() for m in (Ticket, TicketEvent, Comment, Survey, Notification)]
    call_command("seed_demo")
    assert [m.objects.count() for m in (Ticket, TicketEvent, Comment, Survey, Notification)] == (
        counts
    )

    # The logins open in English, with one zh-Hans user per role below admin.
    languages = dict(User.objects.values_list("username", "language"))
    for english in ("admin", "manager", "agent", "agent2", "requester", "requester2"):
        assert languages[english] == "en"
    for chinese in ("manager2", "netops", "requester3"):
        assert languages[chinese] == "zh-hans"
