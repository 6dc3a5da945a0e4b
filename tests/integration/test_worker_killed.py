"""A Celery worker killed (SIGKILL, as a crash or an OOM kill would) in the middle of the
SLA sweep or of sending surveys: after a new worker runs the same task again, every breach
and every survey has happened exactly once — nothing lost, nothing twice."""

import datetime as dt

import pytest
from django.utils import timezone

from incidents.models import Ticket, TicketEvent
from notifications.models import Notification
from satisfaction.models import Survey, SurveyStatus
from sla.businesstime import TWENTY_FOUR_SEVEN
from sla.models import SLATimer
from tests import factories
from tests.integration.conftest import _start_worker, send_task, stop_worker, wait_for

pytestmark = pytest.mark.integration


def _tickets(count: int, **fields) -> list[Ticket]:
    requester = factories.UserFactory(email="someone@example.com")
    Ticket.objects.bulk_create(
        [
            Ticket(
                number=f"INC9{n:06d}",
                kind="incident",
                title=f"Ticket {n}",
                requester=requester,
                **fields,
            )
            for n in range(count)
        ]
    )
    return list(Ticket.objects.order_by("pk"))


def _kill_when(process, progress, total: int) -> int:
    """SIGKILL the worker once `progress()` shows it is part-way through."""
    done = wait_for(
        lambda: (lambda n: n if 0 < n < total else 0)(progress()), timeout=120, interval=0.02
    )
    stop_worker(process, kill=True)
    return done


def test_worker_killed_mid_sweep_then_every_breach_once(transactional_db, mail_dir):
    group = factories.SupportGroupFactory()
    agent = factories.UserFactory(role="agent", email="agent@example.com")
    group.members.add(agent)
    calendar = factories.BusinessCalendarFactory(hours=TWENTY_FOUR_SEVEN)
    policy = factories.SLAPolicyFactory(calendar=calendar)
    count = 3000
    tickets = _tickets(count, status="in_progress", assignment_group=group, assignee=agent)
    now = timezone.now()
    SLATimer.objects.bulk_create(
        [
            SLATimer(
                ticket=t,
                kind="resolution",
                policy=policy,
                calendar=calendar,
                target_minutes=60,
                warn_at_percent=80,
                started_at=now - dt.timedelta(hours=2),
                running_since=now - dt.timedelta(hours=2),
                due_at=now - dt.timedelta(hours=1),
                warn_at=now - dt.timedelta(hours=1, minutes=12),
            )
            for t in tickets
        ]
    )
    notified = SLATimer.objects.filter(breach_notified=True)

    first = _start_worker(mail_dir)
    worker = next(first)
    send_task("sla.tasks.sweep_timers")
    part = _kill_when(worker, notified.count, count)
    first.close()
    assert 0 < part < count  # killed part-way through the fan-out
    assert SLATimer.objects.filter(breached_at__isnull=False).count() == count  # phase one

    second = _start_worker(mail_dir)
    next(second)
    try:
        send_task("sla.tasks.sweep_timers")
        wait_for(lambda: notified.count() == count, timeout=180)
    finally:
        second.close()
    assert TicketEvent.objects.filter(kind="sla", new_value="breached").count() == count
    mails = Notification.objects.filter(dedupe_key__startswith="sla_breach:")
    assert mails.count() == count  # one per breach and person: none lost, none twice
    assert mails.values("dedupe_key").distinct().count() == count


def test_worker_killed_while_sending_surveys_then_every_survey_once(transactional_db, mail_dir):
    count = 450
    tickets = _tickets(count, status="resolved", resolved_at=timezone.now())
    past = timezone.now() - dt.timedelta(minutes=5)
    Survey.objects.bulk_create(
        [
            Survey(
                ticket=t,
                resolution=1,
                requester_id=t.requester_id,
                resolved_at=past,
                status=SurveyStatus.SCHEDULED,
                nonce=f"n{t.pk}",
                send_after=past,
                expiry_days=7,
            )
            for t in tickets
        ]
    )
    sent = Survey.objects.filter(status=SurveyStatus.SENT)

    first = _start_worker(mail_dir)
    worker = next(first)
    send_task("satisfaction.tasks.send_due_surveys")
    part = _kill_when(worker, sent.count, count)
    first.close()
    assert 0 < part < count

    second = _start_worker(mail_dir)
    next(second)
    try:
        send_task("satisfaction.tasks.send_due_surveys")
        wait_for(lambda: sent.count() == count, timeout=180)
    finally:
        second.close()
    mails = Notification.objects.filter(dedupe_key__startswith="survey:")
    assert mails.count() == count
    assert set(mails.values_list("dedupe_key", flat=True)) == {
        f"survey:{pk}" for pk in Survey.objects.values_list("pk", flat=True)
    }
