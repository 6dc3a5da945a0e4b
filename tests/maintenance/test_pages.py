"""The maintenance pages: the windows calendar, the plans (managers edit, agents read)
with their preview, the CI page's upcoming windows, the dashboard's figures; en and zh."""

import datetime as dt
import zoneinfo

import pytest

from maintenance import services
from maintenance.models import MaintenancePlan

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _page(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def test_the_calendar_shows_the_months_windows(client, agent, plan):
    response = _page(client, agent, "/maintenance/", date="2027-05-10")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'data-testid="window-{plan.pk}-2027-05-05"' in page
    assert "moved from 05-03" in page
    assert "1 window" in page


def test_the_week_view_and_the_filters(client, agent, plan, group, ci):
    week = _page(client, agent, "/maintenance/", date="2027-05-05", view="week")
    assert f"window-{plan.pk}-2027-05-05" in week.content.decode()
    other_week = _page(client, agent, "/maintenance/", date="2027-05-12", view="week")
    assert f"window-{plan.pk}" not in other_week.content.decode()
    from tests import factories

    other_group = factories.SupportGroupFactory()
    by_group = _page(client, agent, "/maintenance/", date="2027-05-10", group=other_group.pk)
    assert f"window-{plan.pk}" not in by_group.content.decode()
    by_ci = _page(client, agent, "/maintenance/", date="2027-05-10", asset=ci.pk)
    assert f"window-{plan.pk}-2027-05-05" in by_ci.content.decode()


def test_a_bad_filter_is_shown_not_a_500(client, agent, plan):
    response = _page(client, agent, "/maintenance/", date="2027-02-30", group="x")
    assert response.status_code == 200


def test_requesters_get_403(client, requester, plan):
    for url in ("/maintenance/", "/maintenance/plans/", f"/maintenance/plans/{plan.pk}/"):
        assert _page(client, requester, url).status_code == 403


def test_agents_read_plans_but_do_not_edit(client, agent, plan):
    listing = _page(client, agent, "/maintenance/plans/").content.decode()
    assert "Server patching" in listing and 'data-testid="plan-new"' not in listing
    assert _page(client, agent, "/maintenance/plans/new/").status_code == 403
    assert _page(client, agent, f"/maintenance/plans/{plan.pk}/edit/").status_code == 403
    assert client.post(f"/maintenance/plans/{plan.pk}/delete/").status_code == 403
    assert MaintenancePlan.objects.filter(pk=plan.pk).exists()


def test_the_plan_page_previews_moved_and_skipped_dates(client, agent, plan, at):
    with at(dt.datetime(2027, 3, 20, 10, tzinfo=SHANGHAI)):
        page = _page(client, agent, f"/maintenance/plans/{plan.pk}/").content.decode()
    assert "2027-05-05" in page and "moved from 2027-05-03" in page
    assert 'data-testid="preview-moved"' in page
    plan.on_non_working_day = "skip"
    plan.save()
    with at(dt.datetime(2027, 3, 20, 10, tzinfo=SHANGHAI)):
        page = _page(client, agent, f"/maintenance/plans/{plan.pk}/").content.decode()
    assert 'data-testid="preview-skipped"' in page


def test_a_manager_creates_a_plan_from_the_form(client, manager, group, item, office, ci):
    client.force_login(manager)
    response = client.post(
        "/maintenance/plans/new/",
        {
            "name": "Weekly backup check",
            "catalog_item": item.pk,
            "assignment_group": group.pk,
            "assets": [ci.pk],
            "recurrence": "FREQ=WEEKLY;BYDAY=FR",
            "start_date": "2027-01-01",
            "calendar": office.pk,
            "on_non_working_day": "keep",
            "lead_working_days": 1,
            "window_start": "16:00",
            "window_minutes": 60,
            "checklist": "Check the job\nRestore a file\n",
            "active": "on",
        },
    )
    plan = MaintenancePlan.objects.get(name="Weekly backup check")
    assert response.status_code == 302 and response["Location"] == f"/maintenance/plans/{plan.pk}/"
    assert plan.owner == manager and plan.checklist == ["Check the job", "Restore a file"]
    assert list(plan.assets.all()) == [ci]


def test_a_bad_rule_on_the_form_says_so(client, manager, plan):
    client.force_login(manager)
    response = client.post(
        f"/maintenance/plans/{plan.pk}/edit/",
        {
            "name": plan.name,
            "catalog_item": plan.catalog_item.pk,
            "assignment_group": plan.assignment_group.pk,
            "recurrence": "EVERY MONDAY",
            "start_date": "2027-01-01",
            "calendar": plan.calendar.pk,
            "on_non_working_day": "skip",
            "lead_working_days": 1,
            "window_start": "20:00",
            "window_minutes": 60,
        },
    )
    assert response.status_code == 200
    assert "Not a recurrence rule" in response.content.decode()
    plan.refresh_from_db()
    assert plan.recurrence == "FREQ=MONTHLY;BYDAY=1MO"


def test_the_ci_page_shows_its_upcoming_windows(client, agent, plan, ci, at):
    with at(dt.datetime(2027, 4, 20, 10, tzinfo=SHANGHAI)):
        page = _page(client, agent, f"/cmdb/{ci.pk}/").content.decode()
    assert 'data-testid="asset-windows"' in page
    assert "2027-05-05 20:00" in page


def test_pages_in_chinese(client, manager, plan, at):
    manager.language = "zh-hans"
    manager.save()
    with at(dt.datetime(2027, 3, 20, 10, tzinfo=SHANGHAI)):
        client.force_login(manager)
        calendar = client.get("/maintenance/", {"date": "2027-05-10"}).content.decode()
        detail = client.get(f"/maintenance/plans/{plan.pk}/").content.decode()
    assert "计划性维护" in calendar and "维护窗口" in calendar
    assert "检查项" in detail and "顺延" in detail


def test_the_dashboard_shows_planned_work_and_overdue(client, manager, plan, at):
    with at(dt.datetime(2027, 4, 29, 9, tzinfo=SHANGHAI)):
        services.open_due_occurrences()
    with at(dt.datetime(2027, 5, 7, 9, tzinfo=SHANGHAI)):
        page = _page(
            client, manager, "/reports/", **{"from": "2027-04-01", "to": "2027-05-07"}
        ).content.decode()
        api = client.get("/api/v1/reports/summary/", {"from": "2027-04-01", "to": "2027-05-07"})
    assert 'data-testid="kpi-planned_work_percent"' in page
    assert 'data-testid="kpi-value-planned_work_percent"' in page
    assert 'data-testid="kpi-value-maintenance_overdue"' in page
    assert api.json()["planned_work_percent"] == 100.0
    assert api.json()["maintenance_overdue"] == 1  # the 5 May window passed, still open
