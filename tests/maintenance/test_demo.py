"""The demo's planned maintenance: three plans with their tickets in the demo month, worked
as the teams would (checklists ticked, resolved after the window), the last backup check
still open past its window; catalog items with their teams' checklists."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.models import CatalogItem
from incidents.models import Ticket
from maintenance import queries
from maintenance.models import MaintenancePlan, Occurrence
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_demo_plans_and_their_month():
    call_command("seed_demo")
    names = sorted(MaintenancePlan.objects.values_list("name", flat=True))
    assert len(names) == 3
    assert any("UPS" in n for n in names) and any("patching" in n for n in names)
    patching = MaintenancePlan.objects.get(name__contains="patching")
    assert patching.recurrence == "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO"
    assert patching.on_non_working_day == "skip"
    planned = Ticket.objects.filter(channel="planned")
    today = timezone.localdate()
    assert planned.count() >= 4  # at least the weekly checks of the month
    assert Occurrence.objects.count() == planned.count()
    for ticket in planned:
        assert ticket.kind == "request" and ticket.tasks.exists()
        assert timezone.localdate(ticket.created_at) >= today - dt.timedelta(days=31)
        if ticket.status == "resolved":
            assert not ticket.tasks.filter(done=False).exists()
    assert queries.overdue().filter(plan__name__startswith="Weekly backup").count() == 1
    # What the month mailed counts as sent then, not again today.
    unsent = list(
        Notification.objects.filter(sent_at__isnull=True).values_list("subject", flat=True)
    )
    assert not [s for s in unsent for t in planned if t.number in s]
    laptop = CatalogItem.objects.get(name="New laptop")
    assert len(laptop.task_template) == 3
    count = planned.count()
    call_command("seed_demo")
    assert Ticket.objects.filter(channel="planned").count() == count
