"""Planned maintenance as people use it: a manager writes a plan and reads its preview
(the Labour Day Monday moved to the next working day); an agent works a planned ticket's
checklist (检查项) and resolves it, forcing the last step with a reason."""

import datetime as dt

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from incidents.models import Ticket
from maintenance import services
from maintenance.models import MaintenancePlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo")
    User.objects.update(language="en")


def test_manager_writes_a_plan_and_reads_its_preview(demo, page, live_server, login):
    login("manager")
    page.goto(f"{live_server.url}/maintenance/")
    expect(page.get_by_test_id("window-calendar")).to_be_visible()
    page.get_by_test_id("plan-new").click()
    page.wait_for_load_state()
    page.get_by_label("Name").fill("ERP host patching")
    page.get_by_label("Catalog item (a service request)").select_option(label="Planned maintenance")
    page.get_by_label("Assignment group").select_option(label="应用支持 Application Support")
    page.get_by_label("Recurrence rule").fill("FREQ=MONTHLY;BYDAY=1MO")
    page.get_by_label("Start date").fill("2027-01-01")
    page.get_by_label("Calendar").select_option(label="Standard office hours")
    page.get_by_label("On a non-working day").select_option("next_working_day")
    page.get_by_label("Window starts at").fill("20:00")
    page.get_by_label("Checklist").fill("Snapshot the VMs\nPatch\nRestart and check")
    page.get_by_test_id("plan-save").click()
    page.wait_for_load_state()
    plan = MaintenancePlan.objects.get(name="ERP host patching")
    assert plan.owner.username == "manager"
    assert plan.checklist == ["Snapshot the VMs", "Patch", "Restart and check"]
    preview = page.get_by_test_id("plan-preview")
    expect(preview).to_contain_text("2027-05-05")
    expect(preview).to_contain_text("moved from 2027-05-03")
    expect(page.get_by_test_id("preview-moved").first).to_be_visible()
    # The plan's windows are on the calendar of May 2027.
    page.goto(f"{live_server.url}/maintenance/?date=2027-05-10")
    expect(page.get_by_test_id(f"window-{plan.pk}-2027-05-05")).to_contain_text("ERP host patching")


def test_agent_ticks_the_checklist_and_resolves(demo, page, live_server, login):
    plan = MaintenancePlan.objects.get(name__startswith="Weekly backup check")
    day = dt.date.today() + dt.timedelta(days=40)
    row = services.open_occurrence(plan, day, day)
    ticket = row.ticket
    assert ticket.tasks.count() == 2
    login("agent")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    tasks = page.get_by_test_id("ticket-tasks")
    expect(tasks.get_by_test_id("tasks-open")).to_contain_text("2 open")
    tasks.get_by_test_id("task-toggle-1").click()
    expect(page.get_by_test_id("tasks-open")).to_contain_text("1 open")
    expect(page.get_by_test_id("task-1")).to_contain_text("done by")
    # Resolving with the restore test still open asks why.
    page.get_by_test_id("action-resolve").click()
    page.get_by_test_id("resolution-notes").fill("Backup job checked.")
    page.get_by_test_id("resolve-submit").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("ticket-status")).not_to_contain_text("Resolved")
    page.get_by_test_id("action-resolve").click()
    page.get_by_test_id("resolution-notes").fill("Backup job checked.")
    page.get_by_test_id("resolve-force").check()
    page.get_by_test_id("resolve-force-reason").fill("Restore tested on Monday already")
    page.get_by_test_id("resolve-submit").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("ticket-status")).to_contain_text("Resolved")
    expect(page.get_by_test_id("timeline")).to_contain_text("Restore tested on Monday already")
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.status == "resolved"
    assert ticket.tasks.get(order=1).done_by.username == "agent"
