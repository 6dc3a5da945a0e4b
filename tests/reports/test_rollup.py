"""The daily roll-up (PostgreSQL) gives exactly the figures computed from the tickets, also
after changes to past days: reassignment, reopen, cancel, a late survey answer; and today's
hours, built as they pass, after changes to earlier hours."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.test.utils import override_settings

from incidents import services
from reports import metrics, rollup
from reports.models import DailyFigure, DirtyMark, HourlyFigure, RolledDay, RolledHour
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
        "channels": metrics.by_channel(scope),
    }


def _same(scopes: list[Scope]) -> None:
    for scope in scopes:
        assert rollup.usable(scope)
        from_rollup = _everything(scope)
        with override_settings(REPORTS_ROLLUP=False):
            live = _everything(scope)
        assert from_rollup == live, scope


def _same_both_ways(desk):  # noqa: F811
    _same(_scopes(desk))


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


# --- today, by the hour ------------------------------------------------------------------------

DAY = dt.date(2026, 11, 25)  # "today" below: a Wednesday after the desk's week


def _admin(desk):  # noqa: F811
    return desk["tickets"]["T1"].requester.__class__.objects.filter(role="admin").first()


def _open(desk, when, group, **fields):  # noqa: F811
    """A ticket opened at `when` in `group`, being worked on."""
    admin = _admin(desk)
    requester = desk["tickets"]["T1"].requester
    ticket = services.create_ticket(
        admin, services.NewTicket(requester=requester, title=f"At {when:%H:%M}", **fields)
    )
    ticket = services.perform(admin, ticket, "assign", {"assignment_group": group.pk})
    return services.perform(admin, ticket, "start")


def _today_scopes(desk):  # noqa: F811
    return [
        Scope(start=DAY, end=DAY),
        Scope(start=DAY - dt.timedelta(days=6), end=DAY),
        Scope(start=DAY, end=DAY, group_ids=frozenset({desk["group_a"].pk})),
        Scope(start=DAY, end=DAY, group_ids=frozenset({desk["group_b"].pk})),
        Scope(start=DAY, end=DAY, priority=5),
    ]


def test_today_is_built_by_the_hour_and_changes_reach_it(desk, at):  # noqa: F811
    admin, a, b = _admin(desk), desk["group_a"], desk["group_b"]
    with at(sh(2026, 11, 25, 9, 10)):
        early = _open(desk, sh(2026, 11, 25, 9, 10), a, channel="phone")
    with at(sh(2026, 11, 25, 11, 20)):
        _open(desk, sh(2026, 11, 25, 11, 20), b, channel="planned")
    with at(sh(2026, 11, 25, 13, 0)):
        services.add_comment(admin, early, "On it.")  # a reply: the response timer stops
    with at(sh(2026, 11, 25, 15, 10)):  # in the current hour: computed live
        _open(desk, sh(2026, 11, 25, 15, 10), a, channel="email")
    with at(sh(2026, 11, 25, 15, 30)):
        _same(_today_scopes(desk))
        # 00:00 to 15:00 have passed: built, and nothing since.
        assert RolledHour.objects.filter(hour__gte=sh(2026, 11, 25, 0, 0)).count() == 15
        nine = HourlyFigure.objects.get(dim=0, hour=sh(2026, 11, 25, 9, 0))
        assert (nine.opened, nine.opened_phone) == (1, 1)
        assert metrics.summary(Scope(start=DAY, end=DAY))["planned_work_percent"] == 33.3
    with at(sh(2026, 11, 25, 15, 40)):
        # The 09:10 ticket moves to group B and is resolved: its 09:00 hour is marked and
        # rebuilt before it is read again, nothing else.
        early = services.perform(admin, early, "assign", {"assignment_group": b.pk})
        services.perform(
            admin, early, "resolve", {"resolution_code": "fixed", "resolution_notes": "Done."}
        )
        assert DirtyMark.objects.filter(at=sh(2026, 11, 25, 9, 0)).exists()
        _same(_today_scopes(desk))
        assert not DirtyMark.objects.filter(at__gte=sh(2026, 11, 25, 0, 0)).exists()
    with at(sh(2026, 11, 25, 16, 5)):  # the 15:00 hour has passed
        _same(_today_scopes(desk))
        assert RolledHour.objects.filter(hour=sh(2026, 11, 25, 15, 0)).exists()
        assert rollup.refresh(DAY, DAY) == 0  # today's hours only: nothing changed
    with at(sh(2026, 11, 26, 10, 0)):  # the next day: the day is built, not its hours
        _same([Scope(start=DAY, end=DAY), Scope(start=DAY, end=DAY + dt.timedelta(days=1))])
        assert RolledDay.objects.filter(day=DAY).exists()
    with at(sh(2026, 11, 27, 10, 0)):  # the hours of the day before yesterday are dropped
        rollup.refresh()
        assert not HourlyFigure.objects.filter(hour__lt=sh(2026, 11, 26, 0, 0)).exists()
        assert not RolledHour.objects.filter(hour__lt=sh(2026, 11, 26, 0, 0)).exists()


def test_a_mark_on_an_hour_built_by_a_later_clock_stays(desk, at):  # noqa: F811
    with at(sh(2026, 11, 25, 11, 0, 1)):
        rollup.refresh()  # builds 00:00–10:00
    ten = sh(2026, 11, 25, 10, 0)
    DirtyMark.objects.all().delete()
    DirtyMark.objects.create(at=ten)
    # A reader whose clock is a moment behind: for it 10:00 is the live hour, but the hour
    # is stored, so the mark waits for a refresh that rebuilds it.
    rollup.refresh(now=sh(2026, 11, 25, 10, 59, 59))
    assert DirtyMark.objects.filter(at=ten).exists()
    with at(sh(2026, 11, 25, 11, 0, 2)):
        assert rollup.refresh() == 1
    assert not DirtyMark.objects.exists()


def test_the_migration_fills_the_channels_of_the_days_built(desk, at):  # noqa: F811
    for hour, channel in ((9, "phone"), (10, "planned"), (11, "phone")):
        with at(sh(2026, 11, 20, hour, 0)):
            _open(desk, sh(2026, 11, 20, hour, 0), desk["group_a"], channel=channel)
    rollup.refresh()
    fields = list(rollup.CHANNEL_MEASURES.values())
    rows = DailyFigure.objects.order_by("dim", "key", "day").values_list(*fields)
    built = list(rows)
    assert DailyFigure.objects.get(dim=0, day=dt.date(2026, 11, 20)).opened_phone == 2
    DailyFigure.objects.update(**dict.fromkeys(fields, 0))
    migration = importlib.import_module("reports.migrations.0002_channels_and_hours")
    with connection.schema_editor() as editor:
        migration.fill_channels(None, editor)
    assert list(rows) == built


def test_a_large_build_renews_the_planners_statistics(desk):  # noqa: F811
    def estimate() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'reports_dailyfigure'")
            return cursor.fetchone()[0]

    assert estimate() <= 0  # never analyzed (-1), or empty
    rollup.refresh(WEEK.end - dt.timedelta(days=rollup.ANALYZE_AFTER), WEEK.end)
    assert estimate() == DailyFigure.objects.count() > 0
