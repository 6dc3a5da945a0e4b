"""The timeline in sentences: every history row reads in the reader's language with labels,
never a field name or a status code; requesters read only what concerns them; the API's
history keeps its raw `field, old, new`."""

import re

import pytest
from django.utils import translation

from catalog.models import CatalogItem
from incidents import history, services
from incidents.models import EventKind, Status, TicketEvent
from incidents.services.common import record
from tests import factories

pytestmark = pytest.mark.django_db

SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
# A status code where a label belongs: "from new", "→ assigned", "Status: pending" (labels
# are capitalised in English and Chinese in zh-Hans; "no longer assigned" is plain English).
RAW_STATUS = re.compile(r"(?:→|\bfrom|\bto|:)\s*(?:" + "|".join(Status.values) + r")\b")

# (kind, field, old, new, English sentence fragment, Chinese fragment)
ROWS = [
    (EventKind.CREATED, "channel", "", "phone", "Opened by phone", "通过电话登记"),
    (EventKind.CREATED, "channel", "", "walk_in", "Opened at the desk (walk-in)", "现场到访"),
    (EventKind.TRANSITION, "status", "new", "assigned", "Status changed from New to", "状态由"),
    (EventKind.TRANSITION, "status", "resolved", "in_progress", "Reopened", "重新打开"),
    (
        EventKind.ASSIGNMENT,
        "assignment_group",
        "",
        "Desktop Support",
        "Assigned to <strong>Desktop Support</strong>",
        "已指派给",
    ),
    (
        EventKind.ASSIGNMENT,
        "assignment_group",
        "Service Desk",
        "Network",
        "Reassigned from Service Desk to",
        "转派",
    ),
    (EventKind.ASSIGNMENT, "assignee", "", "Wang Wei", "Now handled by", "现由"),
    (
        EventKind.FIELD,
        "resolution_code",
        "",
        "workaround",
        "Resolved: <strong>Workaround",
        "已解决",
    ),
    (EventKind.FIELD, "cancel_reason", "", "Duplicate", "Cancelled: Duplicate", "已取消"),
    (EventKind.FIELD, "impact", "3", "1", "from 3 · Low to <strong>1 · High", "1 · 高"),
    (EventKind.FIELD, "priority_override_reason", "", "VIP", "Priority override reason set", ""),
    (EventKind.FIELD, "callback_phone", "13812345678", "", "cleared (was 13812345678)", "已清空"),
    (EventKind.FIELD, "promised_reply_at", "", "2026-12-07T10:00+08:00", "2026-12-07 10:00", ""),
    (EventKind.ATTACHMENT, "file", "", "x.png", "Attached <strong>x.png", "附加了"),
    (EventKind.REMINDER, "promised_reply_at", "", "2026-12-07T10:00+08:00", "Reminder sent", ""),
    (EventKind.SLA, "sla_response", "running", "paused", "Response SLA: paused", "响应 SLA"),
    (EventKind.SLA, "sla_resolution", "running", "breached", "Resolution SLA:", "已超时"),
    (
        EventKind.SLA,
        "sla_resolution_target",
        "480",
        "960",
        "target changed from 8 h to <strong>16 h</strong>",
        "目标由",
    ),
    (EventKind.SURVEY, "sent", "", "", "Satisfaction survey sent", "满意度调查"),
    (EventKind.SURVEY, "rating", "", "4", "Satisfaction rating: <strong>4</strong> of 5", "4"),
    (EventKind.SURVEY, "follow_up", "", "open", "follow-up opened", "跟进"),
]


def _event(ticket, kind, field, old, new, internal=False):
    return TicketEvent.objects.create(
        ticket=ticket, kind=kind, field=field, old_value=old, new_value=new, internal=internal
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("kind", "field", "old", "new", "english", "chinese"), ROWS)
def test_each_history_row_reads_as_a_sentence(
    ticket, language, kind, field, old, new, english, chinese
):
    row = _event(ticket, kind, field, old, new)
    with translation.override(language):
        text = str(history.describe(row))
    expected = english if language == "en" else chinese
    assert expected in text
    assert not SNAKE.search(text), text
    assert not RAW_STATUS.search(text), text


def test_unknown_fields_are_humanised_not_shown_raw(ticket):
    row = _event(ticket, EventKind.FIELD, "some_new_field", "a", "b")
    text = str(history.describe(row))
    assert "some new field" in text.lower() and "some_new_field" not in text


def test_values_are_escaped(ticket):
    row = _event(ticket, EventKind.FIELD, "cancel_reason", "", "<script>x</script>")
    assert "<script>" not in str(history.describe(row))


@pytest.mark.parametrize(
    ("kind", "field", "internal", "shown"),
    [
        (EventKind.CREATED, "channel", False, True),
        (EventKind.TRANSITION, "status", False, True),
        (EventKind.ASSIGNMENT, "assignment_group", False, True),
        (EventKind.FIELD, "resolution_code", False, True),
        (EventKind.FIELD, "title", False, True),
        (EventKind.FIELD, "priority", False, False),
        (EventKind.FIELD, "callback_phone", False, False),
        (EventKind.FIELD, "priority_override_reason", False, False),
        (EventKind.COMMENT, "internal", True, False),
        (EventKind.COMMENT, "internal", False, False),
        (EventKind.ATTACHMENT, "file", True, False),
        (EventKind.SLA, "sla_response", True, False),
        (EventKind.SLA, "sla_response", False, False),
        (EventKind.REMINDER, "promised_reply_at", True, False),
        (EventKind.SURVEY, "rating", False, True),
        (EventKind.SURVEY, "follow_up", True, False),
    ],
)
def test_requesters_read_only_what_concerns_them(ticket, kind, field, internal, shown):
    row = _event(ticket, kind, field, "", "x", internal=internal)
    assert history.visible_to_requester(row) is shown


def _timeline_html(html: str) -> str:
    start = html.index('data-testid="timeline"')
    return html[start : html.index("</ul>", start)]


def _visible_text(fragment: str) -> str:
    return re.sub(r"<[^>]+>|data-testid=\"[^\"]*\"|class=\"[^\"]*\"", " ", fragment)


@pytest.fixture
def worked_ticket(agent, requester, group, item):
    """A ticket with every kind of history row: opened, assigned, started, a work note, an
    edit, an SLA crossing, resolved with a code."""
    other = factories.SupportGroupFactory(name="Network")
    other.members.add(agent)
    item = CatalogItem.objects.get(pk=item.pk)  # the fixture published its service in SQL
    ticket = services.create_ticket(
        requester, services.NewTicket(catalog_item=item, form_data={"symptom": "jam"})
    )
    services.perform(agent, ticket, "start")
    services.add_comment(agent, ticket, "SECRET-NOTE", internal=True)
    services.update_ticket(agent, ticket, {"impact": 1, "callback_phone": "13812345678"})
    services.perform(agent, ticket, "assign", {"assignment_group": other.pk})
    record(ticket, None, EventKind.SLA, "sla_response", "running", "breached", internal=True)
    services.perform(
        agent, ticket, "resolve", {"resolution_code": "workaround", "resolution_notes": "Done"}
    )
    return ticket


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_desk_and_portal_timelines_have_no_field_names_or_status_codes(
    client, agent, requester, worked_ticket, language
):
    for user in (agent, requester):
        user.language = language
        user.save()
    client.force_login(agent)
    desk = _visible_text(
        _timeline_html(client.get(f"/desk/tickets/{worked_ticket.pk}/").content.decode())
    )
    client.force_login(requester)
    portal = _visible_text(
        _timeline_html(client.get(f"/portal/tickets/{worked_ticket.pk}/").content.decode())
    )
    for text in (desk, portal):
        assert "→" not in text
        for pattern in (SNAKE, RAW_STATUS):
            match = pattern.search(text)
            assert not match, repr(text[max(0, match.start() - 80) : match.end() + 20])
    if language == "en":
        assert "Opened in the portal" in desk and "Resolved:" in desk
        assert "Workaround" in portal and "Status changed from" in portal
    else:
        assert "通过自助门户提交" in desk and "已解决" in portal and "Status" not in portal
    # The desk reads the SLA breach and the triage edit; the requester reads neither.
    assert ("Response SLA" if language == "en" else "响应 SLA") in desk
    assert "SLA" not in portal and "13812345678" not in portal
    assert "SECRET-NOTE" not in portal


def test_api_history_keeps_its_raw_contract(client_for, agent, worked_ticket):
    rows = client_for(agent).get(f"/api/v1/tickets/{worked_ticket.pk}/history/").json()
    assert set(rows[0]) == {"id", "kind", "who", "when", "field", "old", "new"}
    assert {"field": "resolution_code", "new": "workaround"}.items() <= next(
        r for r in rows if r["field"] == "resolution_code"
    ).items()
    assert any(r["field"] == "status" and r["new"] == "resolved" for r in rows)
