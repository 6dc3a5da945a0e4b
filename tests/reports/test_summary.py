"""The summary figures on a small hand-built desk whose right answers are worked out below.

Week of Monday 2 to Sunday 8 November 2026 (Shanghai). One 24×7 calendar, so business
time is wall time and the answers can be checked by hand. Policy for P5 only (response 60,
resolution 240 minutes); P1 tickets have no SLA.

T1  Mon 09:00 group A; reply 09:30 (promised 09:45: kept); resolved 11:00.  FCR.
T2  Mon 10:00 group A; pending 10:10–12:10 (not counted); resolved 12:55: 55 min each.
T3  Tue 09:00 group A, moved to B 09:05; reply 11:00 (promised 10:30: missed); resolved
    15:00 → response breached 10:00, resolution breached 13:00.  Reassigned.
T4  Wed 09:00 group B; reply 09:20; resolved 10:00, reopened 12:00, resolved 13:00 →
    resolution 120 min, met.  Reopened.
T5  Thu 09:00, cancelled 09:30: opened, nothing else.
T6  Thu 10:00 group A, still in progress: response breached Thu 11:00, resolution Thu 14:00
    (both raised by the sweep).  In the backlog.
T7  opened Fri 30 October 09:00 group A, reply 09:10, resolved Mon 2 November 08:00:
    resolved in the week, but its breach (Fri 30 October 13:00) belongs to October.
T8  Fri 6 November 09:00, P1 (no SLA), group B, resolved 10:00.  FCR.

Surveys answered in the week: T1 rated 5, T3 rated 2 (T4's answer comes the next week).
"""

import datetime as dt

import pytest

from incidents import services
from knowledge.models import ArticleVersion, Deflection
from reports import metrics
from reports.scope import Scope
from satisfaction.models import Survey
from sla import sweep
from sla.businesstime import TWENTY_FOUR_SEVEN
from tests import factories
from tests.sla.conftest import sh

pytestmark = pytest.mark.django_db

WEEK = Scope(start=dt.date(2026, 11, 2), end=dt.date(2026, 11, 8))


@pytest.fixture
def desk(at, requester):
    group_a, group_b = factories.SupportGroupFactory(), factories.SupportGroupFactory()
    agent_a = factories.UserFactory(role="agent")
    agent_b = factories.UserFactory(role="agent")
    group_a.members.add(agent_a)
    group_b.members.add(agent_b)
    admin = factories.UserFactory(role="admin")
    calendar = factories.BusinessCalendarFactory(hours=TWENTY_FOUR_SEVEN)
    factories.SLAPolicyFactory(
        calendar=calendar, priority=5, response_minutes=60, resolution_minutes=240
    )
    from incidents.defaults import ensure_resolution_codes
    from incidents.models import ResolutionCode

    ensure_resolution_codes(ResolutionCode)
    tickets = {}

    def step(when, fn):
        with at(when):
            return fn()

    def open_(name, when, group, **fields):
        def make():
            ticket = services.create_ticket(
                admin, services.NewTicket(requester=requester, title=name, **fields)
            )
            if group is not None:
                ticket = services.perform(admin, ticket, "assign", {"assignment_group": group.pk})
            return services.perform(admin, ticket, "start") if group is not None else ticket

        tickets[name] = step(when, make)
        return tickets[name]

    def act(name, when, action, **body):
        tickets[name] = step(when, lambda: services.perform(admin, tickets[name], action, body))

    def reply(name, when):
        step(when, lambda: services.add_comment(admin, tickets[name], "On it."))

    def resolve(name, when):
        act(name, when, "resolve", resolution_code="fixed", resolution_notes="Done.")

    def promise(name, when):
        ticket = tickets[name]
        tickets[name] = services.update_ticket(
            admin, ticket, {"promised_reply_at": when}, version=ticket.version
        )

    open_("T7", sh(2026, 10, 30, 9, 0), group_a)
    reply("T7", sh(2026, 10, 30, 9, 10))
    sweep.mark_crossings(sh(2026, 10, 30, 13, 1))
    resolve("T7", sh(2026, 11, 2, 8, 0))

    open_("T1", sh(2026, 11, 2, 9, 0), group_a)
    promise("T1", sh(2026, 11, 2, 9, 45))
    reply("T1", sh(2026, 11, 2, 9, 30))
    resolve("T1", sh(2026, 11, 2, 11, 0))

    open_("T2", sh(2026, 11, 2, 10, 0), group_a)
    act("T2", sh(2026, 11, 2, 10, 10), "pend", reason="Waiting for the user")
    act("T2", sh(2026, 11, 2, 12, 10), "resume")
    resolve("T2", sh(2026, 11, 2, 12, 55))

    open_("T3", sh(2026, 11, 3, 9, 0), group_a)
    act("T3", sh(2026, 11, 3, 9, 5), "assign", assignment_group=group_b.pk)
    promise("T3", sh(2026, 11, 3, 10, 30))
    reply("T3", sh(2026, 11, 3, 11, 0))
    resolve("T3", sh(2026, 11, 3, 15, 0))

    open_("T4", sh(2026, 11, 4, 9, 0), group_b)
    reply("T4", sh(2026, 11, 4, 9, 20))
    resolve("T4", sh(2026, 11, 4, 10, 0))
    act("T4", sh(2026, 11, 4, 12, 0), "reopen", reason="Still broken")
    resolve("T4", sh(2026, 11, 4, 13, 0))

    open_("T5", sh(2026, 11, 5, 9, 0), None)
    act("T5", sh(2026, 11, 5, 9, 30), "cancel", reason="Duplicate")

    open_("T6", sh(2026, 11, 5, 10, 0), group_a)
    sweep.mark_crossings(sh(2026, 11, 6, 8, 0))

    open_("T8", sh(2026, 11, 6, 9, 0), group_b, impact=1, urgency=1)
    resolve("T8", sh(2026, 11, 6, 10, 0))

    for name, rating, when in (
        ("T1", 5, sh(2026, 11, 3, 9, 0)),
        ("T3", 2, sh(2026, 11, 4, 9, 0)),
        ("T4", 4, sh(2026, 11, 10, 9, 0)),
    ):
        Survey.objects.filter(ticket=tickets[name]).update(
            status="answered", rating=rating, responded_at=when, sent_at=when
        )
    # The knowledge base: one deflection and one article published in the week, one of each
    # just after it (Monday 9 November 00:00 Shanghai is outside).
    article = factories.ArticleFactory()
    for when in (sh(2026, 11, 8, 23, 59), sh(2026, 11, 9, 0, 0)):
        Deflection.objects.create(
            article=article, user=factories.UserFactory(), day=when.date(), created_at=when
        )
        ArticleVersion.objects.create(
            article=factories.ArticleFactory(),
            number=1,
            title="t",
            body="",
            published_by=article.author,
            published_at=when,
        )
    return {"tickets": tickets, "group_a": group_a, "group_b": group_b}


def test_every_figure_of_the_week(desk):
    assert metrics.summary(WEEK) == {
        "tickets_opened": 7,  # T1–T6, T8
        "tickets_resolved": 6,  # T1, T2, T3, T4, T7, T8
        "backlog": 1,  # T6
        "response_sla_met_percent": 60.0,  # T1 T2 T4 met; T3 T6 breached; T7 decided in Oct
        "resolution_sla_met_percent": 60.0,  # T1 T2 T4 met; T3 T6 breached
        "mean_time_to_respond_minutes": 56.2,  # (30 + 55 + 120 + 20) / 4
        "mean_time_to_resolve_minutes": 983.0,  # (120 + 55 + 360 + 120 + 4260) / 5
        "first_contact_resolution_percent": 66.7,  # T1 T2 T7 T8 of 6
        "reassignment_rate": 16.7,  # T3
        "reopen_rate": 16.7,  # T4
        "csat_average": 3.5,  # 5 and 2
        "csat_responses": 2,
        "promises_kept_percent": 50.0,  # T1 kept, T3 missed
        "planned_work_percent": 0.0,  # no ticket came from a maintenance plan
        "maintenance_overdue": 0,
        "approval_hours_median": None,  # no approval decided (tests/approvals)
        "approvals_rejected_percent": None,
        "deflections": 1,  # Sunday 23:59, not Monday 00:00
        "articles_published": 1,
    }


def test_filters_narrow_every_figure(desk):
    group_a = desk["group_a"].pk
    only_a = Scope(start=WEEK.start, end=WEEK.end, group_ids=frozenset({group_a}))
    figures = metrics.summary(only_a)
    assert figures["tickets_opened"] == 3  # T1 T2 T6 (T3 now belongs to B)
    assert figures["tickets_resolved"] == 3  # T1 T2 T7
    assert figures["response_sla_met_percent"] == 66.7  # T1 T2 met, T6 breached
    assert figures["csat_responses"] == 1  # T1
    p1 = Scope(start=WEEK.start, end=WEEK.end, priority=1)
    figures = metrics.summary(p1)
    assert figures["tickets_opened"] == figures["tickets_resolved"] == 1  # T8
    assert figures["response_sla_met_percent"] is None  # no SLA: nothing to measure
    assert figures["mean_time_to_resolve_minutes"] is None
    both = Scope(start=WEEK.start, end=WEEK.end, group_ids=frozenset({group_a}), priority=1)
    assert metrics.summary(both)["tickets_opened"] == 0


def test_an_empty_period_measures_nothing(desk):
    empty = Scope(start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31))
    figures = metrics.summary(empty)
    assert figures["tickets_opened"] == 0
    assert figures["backlog"] == 0
    assert all(
        figures[k] is None
        for k in (
            "response_sla_met_percent",
            "mean_time_to_respond_minutes",
            "first_contact_resolution_percent",
            "csat_average",
            "promises_kept_percent",
        )
    )


def test_backlog_of_a_past_period_counts_what_was_open_at_its_end(desk):
    tuesday = Scope(start=dt.date(2026, 11, 2), end=dt.date(2026, 11, 2))
    # At Tuesday 00:00: nothing open (T7, T1, T2 resolved on Monday).
    assert metrics.summary(tuesday)["backlog"] == 0
    to_wed = Scope(start=dt.date(2026, 11, 3), end=dt.date(2026, 11, 3))
    assert metrics.summary(to_wed)["backlog"] == 0  # T3 resolved on Tuesday


def test_charts_and_lists(desk):
    flow = metrics.opened_vs_resolved(WEEK)
    assert flow["unit"] == "day" and len(flow["labels"]) == 7
    assert flow["opened"] == [2, 1, 1, 2, 1, 0, 0]
    assert flow["resolved"] == [3, 1, 1, 0, 1, 0, 0]
    assert [t.title for t in metrics.ping_pong(WEEK)] == ["T3"]
    by_group = {
        r["name"]: r
        for r in metrics.sla_by(WEEK, "ticket__assignment_group", "ticket__assignment_group__name")
    }
    assert by_group[desk["group_a"].name]["decided"] == 6  # T1 T2 T6, two timers each
    assert by_group[desk["group_a"].name]["met_percent"] == 66.7
    assert by_group[desk["group_b"].name]["met_percent"] == 50.0  # T3 missed both, T4 met
    assert metrics.csat_figures(WEEK)["distribution"] == [0, 1, 0, 0, 1]
