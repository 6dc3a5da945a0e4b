"""The write side of incidents publishes domain events and names none of the apps that
subscribe (sla, satisfaction, notifications); subscribers run in an explicit order."""

import ast
from pathlib import Path

import pytest

from incidents import events
from notifications import ticket_mail
from satisfaction import subscribers as survey_subscribers
from sla import subscribers as sla_subscribers

ROOT = Path(__file__).resolve().parents[2]
WRITE_SIDE = [
    ROOT / "incidents" / "models.py",
    ROOT / "incidents" / "workflow.py",
    ROOT / "incidents" / "events.py",
    *sorted((ROOT / "incidents" / "services").glob("*.py")),
]
SUBSCRIBERS = ("sla", "satisfaction", "notifications", "maintenance", "approvals")


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", WRITE_SIDE, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_write_side_imports_none_of_its_subscribers(path):
    bad = {n for n in _imported(path) if n.split(".")[0] in SUBSCRIBERS}
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_sla_timers_run_before_the_emails_that_show_them():
    opened = events.subscribers(events.TicketOpened)
    assert opened.index(sla_subscribers.on_opened) < opened.index(ticket_mail.on_opened)
    comment = events.subscribers(events.CommentAdded)
    assert comment.index(sla_subscribers.on_comment) < comment.index(ticket_mail.on_comment)
    resolved = events.subscribers(events.TicketResolved)
    assert resolved == [survey_subscribers.on_resolved, ticket_mail.on_resolved]


def test_every_event_the_workflow_publishes_has_its_subscribers():
    for event_type in (
        events.TicketOpened,
        events.TicketUpdated,
        events.StatusChanged,
        events.TicketAssigned,
        events.TicketResolved,
        events.TicketReopened,
        events.CommentAdded,
        events.PromiseDue,
        events.ApprovalRequested,
        events.TicketApproved,
    ):
        assert events.subscribers(event_type), event_type.__name__


def test_approved_tickets_start_their_timers_before_the_mails():
    approved = events.subscribers(events.TicketApproved)
    assert approved.index(sla_subscribers.on_approved) < approved.index(ticket_mail.on_opened)


@pytest.fixture
def scratch_event():
    class Scratch(events.DomainEvent):
        pass

    yield Scratch
    events._subscribers.pop(Scratch, None)


def test_publisher_orders_by_phase_then_subscription(scratch_event):
    heard = []

    def mail(event):
        heard.append("mail")

    def timers(event):
        heard.append("timers")

    def survey(event):
        heard.append("survey")

    def survey_again(event):
        heard.append("survey again")

    events.subscribe(scratch_event, mail, phase=events.Phase.NOTIFY)
    events.subscribe(scratch_event, survey)
    events.subscribe(scratch_event, timers, phase=events.Phase.STATE)
    events.subscribe(scratch_event, survey_again)
    events.subscribe(scratch_event, survey)  # twice: still once
    events.publish(scratch_event(ticket=None, actor=None))
    assert heard == ["timers", "survey", "survey again", "mail"]


def test_a_failing_subscriber_rolls_the_change_back(db, scratch_event):
    from django.db import transaction

    from accounts.models import SupportGroup

    def boom(event):
        raise RuntimeError("subscriber failed")

    events.subscribe(scratch_event, boom)
    with pytest.raises(RuntimeError), transaction.atomic():
        SupportGroup.objects.create(name="Temporary", code="TMP")
        events.publish(scratch_event(ticket=None, actor=None))
    assert not SupportGroup.objects.filter(code="TMP").exists()


def test_the_maintenance_flag_is_state_set_before_the_mails():
    from maintenance import services as maintenance_services

    opened = events.subscribers(events.TicketOpened)
    assert opened.index(maintenance_services.flag_during_maintenance) < opened.index(
        ticket_mail.on_opened
    )
