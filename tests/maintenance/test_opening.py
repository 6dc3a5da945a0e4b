"""Beat opens one request ticket per occurrence, `lead_working_days` working days ahead,
exactly once: a second run, a duplicated beat (two threads at once) or an edited plan
never opens a second one."""

import datetime as dt
import threading

import pytest
from django.db import connection

from incidents.models import Ticket
from maintenance import services, tasks
from maintenance.models import Occurrence

D = dt.date


@pytest.mark.django_db
def test_the_ticket_opens_the_lead_working_days_ahead(plan, ci, group, manager):
    # 5 May 2027 (moved from Labour Day, 3 May): two working days before is 29 April.
    assert services.open_due_occurrences(today=D(2027, 4, 28)) == 0
    assert services.open_due_occurrences(today=D(2027, 4, 29)) == 1
    row = Occurrence.objects.get()
    assert (row.date, row.original_date) == (D(2027, 5, 5), D(2027, 5, 3))
    assert row.window_start_at.isoformat() == "2027-05-05T12:00:00+00:00"  # 20:00 Shanghai
    ticket = row.ticket
    assert ticket.channel == "planned" and ticket.kind == "request"
    assert ticket.number.startswith("REQ")
    assert ticket.assignment_group == group and ticket.asset == ci
    assert ticket.requester == manager and ticket.catalog_item == plan.catalog_item
    assert "2027-05-05" in ticket.title
    assert "2027-05-05 20:00" in ticket.description and ci.tag in ticket.description
    assert list(ticket.tasks.order_by("order").values_list("text", flat=True)) == [
        "Snapshot the VMs",
        "Patch",
        "Restart and check",
    ]
    assert ticket.events.filter(kind="created", new_value="planned").exists()


@pytest.mark.django_db
def test_running_again_or_after_an_edit_opens_nothing_more(plan, office):
    assert services.open_due_occurrences(today=D(2027, 4, 29)) == 1
    assert services.open_due_occurrences(today=D(2027, 4, 29)) == 0
    assert services.open_due_occurrences(today=D(2027, 4, 30)) == 0
    # The plan is edited: the rule written another way, a later window, and the calendar
    # now also has 5 May off (the date moves again). The occurrence is the rule's 3 May.
    plan.recurrence = "RRULE:FREQ=MONTHLY;BYDAY=1MO"
    plan.window_start = dt.time(22, 0)
    plan.save()
    office.holidays = [*office.holidays, "2027-05-05"]
    office.save()
    assert services.open_due_occurrences(today=D(2027, 5, 5)) == 0
    assert Ticket.objects.count() == Occurrence.objects.count() == 1


@pytest.mark.django_db
def test_an_inactive_plan_opens_nothing(plan):
    plan.active = False
    plan.save()
    assert services.open_due_occurrences(today=D(2027, 4, 29)) == 0
    assert not Ticket.objects.exists()


@pytest.mark.django_db
def test_past_occurrences_are_not_opened_late(plan):
    # A plan created today does not open the tickets of dates already gone.
    assert services.open_due_occurrences(today=D(2027, 5, 6)) == 0


@pytest.mark.django_db
def test_the_beat_task_runs_the_service(plan, at):
    import zoneinfo

    with at(dt.datetime(2027, 4, 29, 9, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))):
        tasks.open_due_occurrences.delay()
        tasks.open_due_occurrences.delay()
    assert Ticket.objects.filter(channel="planned").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_duplicated_beat_opens_one_ticket(plan):
    if connection.vendor != "postgresql":
        pytest.skip("the unique constraint's wait needs PostgreSQL's concurrent writers")
    barrier = threading.Barrier(2)
    opened: list[int] = []
    errors: list[BaseException] = []

    def beat():
        from django.db import connections

        try:
            barrier.wait()
            opened.append(services.open_due_occurrences(today=D(2027, 4, 29)))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(opened) == [0, 1]
    assert Ticket.objects.count() == 1
    assert Occurrence.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_threads_opening_the_same_occurrence_open_it_once(plan):
    if connection.vendor != "postgresql":
        pytest.skip("the unique constraint's wait needs PostgreSQL's concurrent writers")
    barrier = threading.Barrier(2)
    rows = []

    def open_it():
        from django.db import connections

        try:
            barrier.wait()
            rows.append(services.open_occurrence(plan, D(2027, 5, 5), D(2027, 5, 3)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_it) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(r is None for r in rows) == [False, True]
    assert Ticket.objects.count() == 1
