"""The daily roll-up (PostgreSQL) gives exactly the figures computed from the tickets, also
after changes to past days: reassignment, reopen, cancel, a late survey answer."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import override_settings

from incidents import services
from reports import metrics, rollup
from reports.models import DailyFigure, DirtyMark, RolledDay
from reports.scope import Scope
from satisfaction.models import Survey
from tests.reports.test_summary import WEEK, desk  # noqa: F401
from tests.sla.conftest import sh

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the roll-up is PostgreSQL's (SQLite: live)"
    ),
]
MONTH = Scope(start=dt.date(2026, 10, 20), end=dt.date(2026, 11, 19))


def _scopes(desk):  # noqa: F811
    a, b = desk["group_a"].pk, desk["group_b"].pk
    item = desk["tickets"]["T1"].catalog_item_id
    scopes = [
        WEEK,
        MONTH,
        Scope(start=WEEK.start, end=WEEK.end, group_ids=frozenset({a})),
        Scope(start=MONTH.start, end=MONTH.end, group_ids=frozenset({a, b})),
        Scope(start=WEEK.start, end=WEEK.end, priority=1),
        Scope(start=WEEK.start, end=WEEK.end, priority=5),
        # Reaching today: the stored days plus today's, computed live.
        Scope(start=dt.date(2026, 11, 1), end=dt.date.today()),
    ]
    if item is not None:
        from catalog.models import CatalogItem

        service = CatalogItem.objects.get(pk=item).service_id
        scopes.append(Scope(start=MONTH.start, end=MONTH.end, service_id=service))
    return scopes


def _everything(scope: Scope) -> dict:
    return {
        "summary": metrics.summary(scope),
        "flow": metrics.opened_vs_resolved(scope),
        "csat": metrics.csat_figures(scope),
        "groups": metrics.sla_by(
            scope, "ticket__assignment_group", "ticket__assignment_group__name"
        ),
        "services": metrics.sla_by(
            scope, "ticket__catalog_item__service", "ticket__catalog_item__service__name"
        ),
        "busiest": metrics.busiest(scope, "catalog_item__service", "catalog_item__service__name"),
        "assets": metrics.busiest(scope, "asset", "asset__tag"),
    }


def _same_both_ways(desk):  # noqa: F811
    for scope in _scopes(desk):
        assert rollup.usable(scope)
        from_rollup = _everything(scope)
        with override_settings(REPORTS_ROLLUP=False):
            live = _everything(scope)
        assert from_rollup == live, scope


def test_rollup_gives_the_live_figures(desk):  # noqa: F811
    _same_both_ways(desk)
    assert RolledDay.objects.filter(day=WEEK.start).exists()
    assert DailyFigure.objects.filter(day=WEEK.start, dim=0).get().opened == 2


def test_changes_to_past_days_are_seen_at_once(desk, at):  # noqa: F811
    _same_both_ways(desk)  # builds the days
    tickets = desk["tickets"]
    admin = tickets["T1"].requester.__class__.objects.filter(role="admin").first()
    DirtyMark.objects.all().delete()
    with at(sh(2026, 11, 20, 9, 0)):
        # Weeks later: T6 (opened in the week) moves to group B, then is cancelled;
        # T1 (resolved in the week) is reopened.
        t6 = services.perform(
            admin, tickets["T6"], "assign", {"assignment_group": desk["group_b"].pk}
        )
        services.perform(admin, t6, "cancel", {"reason": "Gone"})
        t1 = services.perform(admin, tickets["T1"], "reopen", {"reason": "Again"})
    assert DirtyMark.objects.exists()
    # A late answer, dated in the week.
    Survey.objects.filter(ticket=tickets["T2"]).update(
        status="answered",
        rating=1,
        responded_at=sh(2026, 11, 5, 9, 0),
        sent_at=sh(2026, 11, 5, 9, 0),
    )
    week = metrics.summary(WEEK)
    assert week["tickets_resolved"] == 5  # T1 is open again
    assert week["csat_responses"] == 3
    _same_both_ways(desk)
    assert t1.status == "in_progress"


def test_refresh_consumes_the_marks_of_the_days_it_built(desk):  # noqa: F811
    rollup.refresh()
    assert not DirtyMark.objects.filter(at__lt=sh(2026, 11, 30, 0, 0)).exists()
    built = RolledDay.objects.count()
    assert built >= (dt.date.today() - dt.date(2026, 10, 30)).days
    assert rollup.refresh() == 0  # nothing changed: nothing rebuilt


def test_scope_with_two_filters_is_computed_live(desk):  # noqa: F811
    both = Scope(
        start=WEEK.start, end=WEEK.end, group_ids=frozenset({desk["group_a"].pk}), priority=1
    )
    assert not rollup.usable(both)
    assert metrics.summary(both)["tickets_opened"] == 0
