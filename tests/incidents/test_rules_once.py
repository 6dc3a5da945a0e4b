"""Each ticket rule has one home (docs/conventions.md, "Rules and where they live"): these
tests fail when a page, an endpoint or a form writes the rule again instead of reading it."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from incidents import forms, permissions, queries, rules, services, views
from incidents.api import serializers
from incidents.models import Attachment, Comment, EventKind, Ticket, TicketEvent
from portal import forms as portal_forms
from sla import sweep
from sla.models import SLATimer
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/tickets/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
SECRET = "zebracrossing"


def _png(name: str = "shot.png") -> io.BytesIO:
    upload = io.BytesIO(PNG)
    upload.name = name
    return upload


@pytest.fixture
def internal_rows(agent, ticket):
    """One internal comment, file and history row, and one public comment, on `ticket`."""
    services.add_comment(agent, ticket, "Public answer")
    note = services.add_comment(agent, ticket, f"Note {SECRET}", internal=True)
    upload = _png(f"{SECRET}.png")
    upload.size = len(PNG)
    attachment = services.add_attachment(agent, ticket, upload, internal=True)
    TicketEvent.objects.create(
        ticket=ticket, kind=EventKind.FIELD, field="title", new_value=SECRET, internal=True
    )
    return note, attachment


# --- "requesters never see internal rows" ---------------------------------------------------

READERS = {
    "api comments": lambda c, t, a: c.get(f"{URL}{t.pk}/comments/"),
    "api attachments": lambda c, t, a: c.get(f"{URL}{t.pk}/attachments/"),
    "api download": lambda c, t, a: c.get(f"{URL}{t.pk}/attachments/{a.pk}/download/"),
    "api history": lambda c, t, a: c.get(f"{URL}{t.pk}/history/"),
    "api search": lambda c, t, a: c.get(f"{URL}?search={SECRET}"),
    "portal page": lambda c, t, a: c.get(f"/portal/tickets/{t.pk}/"),
    "portal search": lambda c, t, a: c.get(f"/portal/tickets/?show=all&search={SECRET}"),
}


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _leaks(where: str, response, ticket) -> bool:
    """Whether the response shows the internal rows: their text, or for a search, the
    ticket that only an internal comment matches (the term itself is echoed back)."""
    if "search" in where:
        return ticket.number in _body(response)
    return SECRET in _body(response)


@pytest.mark.parametrize("where", READERS)
def test_requesters_never_see_internal_rows(where, requester, ticket, internal_rows):
    _note, attachment = internal_rows
    response = READERS[where](_client(requester), ticket, attachment)
    assert response.status_code in (200, 404)
    assert not _leaks(where, response, ticket)


@pytest.mark.parametrize("where", [w for w in READERS if w not in ("portal page", "portal search")])
def test_agents_see_internal_rows(where, agent, ticket, internal_rows):
    _note, attachment = internal_rows
    response = READERS[where](_client(agent), ticket, attachment)
    assert response.status_code == 200
    if where == "api download":
        assert b"".join(response.streaming_content) == PNG
    else:
        assert _leaks(where, response, ticket)


@pytest.mark.parametrize("where", [*READERS, "desk page"])
def test_every_reader_goes_through_readable_rows(where, agent, ticket, internal_rows, monkeypatch):
    """A page or endpoint that filtered `internal` itself would not call the one helper."""
    calls = []
    real = permissions.readable_rows

    def spy(user, rows):
        calls.append(rows.model)
        return real(user, rows)

    monkeypatch.setattr(permissions, "readable_rows", spy)
    _note, attachment = internal_rows
    if where == "desk page":
        _client(agent).get(f"/desk/tickets/{ticket.pk}/")
        assert {Comment, Attachment, TicketEvent} <= set(calls)
        return
    READERS[where](_client(ticket.requester), ticket, attachment)
    assert calls, where


@pytest.mark.parametrize(("user", "sees"), [("agent", True), ("requester", False), (None, False)])
def test_readable_rows_keeps_internal_rows_for_agents_only(user, sees, agent, requester, ticket):
    services.add_comment(agent, ticket, "work note", internal=True)
    reader = {"agent": agent, "requester": requester, None: None}[user]
    assert permissions.readable_rows(reader, ticket.comments.all()).exists() is sees
    assert permissions.sees_internal(reader) is sees


# --- who may write internal notes and files -------------------------------------------------

WRITERS = {
    "api comment": lambda c, t: c.post(f"{URL}{t.pk}/comments/", {"body": "x", "internal": True}),
    "api attachment": lambda c, t: c.post(
        f"{URL}{t.pk}/attachments/", {"file": _png(), "internal": "true"}, format="multipart"
    ),
    "page comment": lambda c, t: c.post(
        f"/tickets/{t.pk}/comment/", {"body": "x", "internal": "1"}, format="multipart"
    ),
    "page attachment": lambda c, t: c.post(
        f"/tickets/{t.pk}/attach/", {"file": _png(), "internal": "1"}, format="multipart"
    ),
}


@pytest.mark.parametrize("where", WRITERS)
def test_a_requester_asking_for_internal_is_refused_and_nothing_is_written(
    where, requester, ticket
):
    """The page's upload used to drop the flag and publish the requester's file."""
    response = WRITERS[where](_client(requester), ticket)
    assert response.status_code == 403
    assert not ticket.comments.exists()
    assert not ticket.attachments.exists()


@pytest.mark.parametrize("where", WRITERS)
def test_an_agent_writes_internal_rows_everywhere(where, agent, ticket):
    response = WRITERS[where](_client(agent), ticket)
    assert response.status_code in (201, 302)
    rows = [*ticket.comments.all(), *ticket.attachments.all()]
    assert [row.internal for row in rows] == [True]


@pytest.mark.parametrize("flag", ["maybe", "2", "internal"])
def test_an_unreadable_internal_flag_on_an_upload_is_a_400_not_a_public_file(flag, agent, ticket):
    response = _client(agent).post(
        f"{URL}{ticket.pk}/attachments/", {"file": _png(), "internal": flag}, format="multipart"
    )
    assert response.status_code == 400
    assert "internal" in response.json()
    assert not ticket.attachments.exists()


def test_can_comment_and_attachments_read_can_write_internal(monkeypatch, requester, ticket):
    monkeypatch.setattr(permissions, "can_write_internal", lambda user: True)
    assert permissions.can_comment(requester, ticket, internal=True)
    upload = _png()
    upload.size = len(PNG)
    assert services.add_attachment(requester, ticket, upload, internal=True).internal


# --- no public replies on a closed ticket ---------------------------------------------------


@pytest.mark.parametrize("status", ["new", "assigned", "in_progress", "pending", "resolved"])
def test_open_and_resolved_tickets_take_public_replies(status):
    assert rules.accepts_public_replies(status)
    assert rules.accepts_edits(status)


@pytest.mark.parametrize("status", ["closed", "cancelled"])
def test_closed_tickets_take_no_public_reply_nor_public_file(status, agent, requester, group):
    ticket = factories.TicketFactory(requester=requester, assignment_group=group, status=status)
    assert not rules.accepts_public_replies(status)
    requesters = _client(requester)
    reply = requesters.post(f"{URL}{ticket.pk}/comments/", {"body": "Still broken"})
    upload = requesters.post(f"{URL}{ticket.pk}/attachments/", {"file": _png()}, format="multipart")
    assert (reply.status_code, upload.status_code) == (409, 409)
    page = requesters.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert 'data-testid="portal-reply"' not in page
    assert "/attach/" not in page
    # Work notes and internal files stay possible for the desk.
    agents = _client(agent)
    note = agents.post(f"{URL}{ticket.pk}/comments/", {"body": "n", "internal": True})
    internal = agents.post(
        f"{URL}{ticket.pk}/attachments/", {"file": _png(), "internal": "true"}, format="multipart"
    )
    assert (note.status_code, internal.status_code) == (201, 201)
    desk = agents.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert 'data-testid="send-reply"' not in desk
    assert 'data-testid="add-note"' in desk
    assert 'data-testid="edit-ticket"' not in desk


def test_the_pages_read_the_locked_statuses(monkeypatch, requester, group):
    """Pages ask incidents.rules; a status string in a template would ignore this."""
    ticket = factories.TicketFactory(requester=requester, assignment_group=group, status="pending")
    monkeypatch.setattr(rules, "LOCKED_STATUSES", frozenset({"pending"}))
    page = _client(requester).get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert 'data-testid="portal-reply"' not in page
    response = _client(requester).post(f"{URL}{ticket.pk}/comments/", {"body": "x"})
    assert response.status_code == 409


# --- limits ---------------------------------------------------------------------------------

TEXT_FIELDS = [
    (portal_forms.PortalTicketForm, "description"),
    (portal_forms.ExtraDetailsForm, "description"),
    (forms.QuickLogForm, "description"),
    (forms.QuickLogForm, "resolution_notes"),
    (forms.ResolveForm, "resolution_notes"),
    (forms.CommentForm, "body"),
    (serializers.TicketCreateSerializer, "description"),
    (serializers.TicketUpdateSerializer, "description"),
    (serializers.ActionSerializer, "resolution_notes"),
    (serializers.CommentCreateSerializer, "body"),
]
TITLE_FIELDS = [
    (portal_forms.PortalTicketForm, "title"),
    (forms.QuickLogForm, "title"),
    (forms.TicketEditForm, "title"),
    (serializers.TicketCreateSerializer, "title"),
    (serializers.TicketUpdateSerializer, "title"),
]
REASON_FIELDS = [
    (forms.TicketEditForm, "priority_override_reason"),
    (serializers.TicketUpdateSerializer, "priority_override_reason"),
    (serializers.ActionSerializer, "reason"),
]


def _field(owner, name):
    return owner.base_fields[name] if hasattr(owner, "base_fields") else owner().fields[name]


@pytest.mark.parametrize(
    ("owner", "name", "limit"),
    [
        *[(o, n, rules.TEXT_MAX) for o, n in TEXT_FIELDS],
        *[(o, n, rules.TITLE_MAX) for o, n in TITLE_FIELDS],
        *[(o, n, rules.REASON_MAX) for o, n in REASON_FIELDS],
    ],
)
def test_forms_and_serializers_take_the_limits_of_incidents_rules(owner, name, limit):
    field = _field(owner, name)
    assert field.max_length == limit
    if hasattr(field, "widget"):
        assert field.widget_attrs(field.widget)["maxlength"] == str(limit)


@pytest.mark.parametrize(
    ("model", "name", "limit"),
    [
        (Ticket, "title", rules.TITLE_MAX),
        (Ticket, "description", rules.TEXT_MAX),
        (Ticket, "resolution_notes", rules.TEXT_MAX),
        (Ticket, "pending_reason", rules.REASON_MAX),
        (Ticket, "priority_override_reason", rules.REASON_MAX),
        (Comment, "body", rules.TEXT_MAX),
        (Attachment, "original_name", rules.FILE_NAME_MAX),
    ],
)
def test_models_take_the_limits_of_incidents_rules(model, name, limit):
    assert model._meta.get_field(name).max_length == limit


# The numbers themselves, written anywhere in the app outside their home, its migrations
# and translations: a form, a template or a service repeating one fails here.
LITERALS = re.compile(r"\b(20000|20_000)\b|max_?length=\"?(500|200)\b")


def test_no_limit_is_written_twice():
    root = Path(django_settings.BASE_DIR)
    offenders = []
    for folder in ("incidents", "portal", "templates"):
        for path in (root / folder).rglob("*"):
            if path.suffix not in (".py", ".html") or "migrations" in path.parts:
                continue
            if path.name == "rules.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                # The stored path's length is the storage's rule, not the name's.
                if LITERALS.search(line) and "FileField(" not in line:
                    offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []


def test_hand_written_fields_of_the_pages_take_the_limits(agent, requester, ticket):
    portal = _client(requester).get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert f'maxlength="{rules.TEXT_MAX}"' in portal
    desk = _client(agent).get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert re.search(rf'id="reply"[^>]*maxlength="{rules.TEXT_MAX}"', desk)
    assert re.search(rf'name="priority_override_reason"[^>]*maxlength="{rules.REASON_MAX}"', desk)
    assert re.search(rf'name="title"[^>]*maxlength="{rules.TITLE_MAX}"', desk)
    new = _client(requester).get("/portal/tickets/new/").content.decode()
    assert re.search(rf'<textarea[^>]*name="description"[^>]*maxlength="{rules.TEXT_MAX}"', new)


# --- the editable fields --------------------------------------------------------------------


def test_the_api_edits_exactly_the_editable_fields():
    assert set(serializers.TicketUpdateSerializer().fields) == rules.EDITABLE_FIELDS | {"version"}


def test_the_openapi_patch_body_lists_the_editable_fields():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    content = schema["paths"]["/api/v1/tickets/{id}/"]["patch"]["requestBody"]["content"]
    name = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    body = schema["components"]["schemas"][name]["properties"]
    assert set(body) == rules.EDITABLE_FIELDS | {"version"}


def test_the_desk_edit_panel_and_conflict_page_edit_only_editable_fields():
    panel = set(forms.TicketEditForm.base_fields) - {"version", "opened_at"}
    assert panel <= rules.EDITABLE_FIELDS
    assert set(views.CONFLICT_FIELDS) == panel


def test_the_service_refuses_a_field_outside_the_list(monkeypatch, agent, ticket):
    monkeypatch.setattr(rules, "EDITABLE_FIELDS", rules.EDITABLE_FIELDS - {"title"})
    with pytest.raises(services.Invalid) as refused:
        services.update_ticket(agent, ticket, {"title": "New"}, version=ticket.version)
    assert "title" in refused.value.detail


# --- the assignee, else the group's members -------------------------------------------------


def test_assignment_mails_and_sla_warnings_reach_the_same_people(monkeypatch, group, requester):
    monkeypatch.setattr(queries, "GROUP_RECIPIENTS_MAX", 2)
    members = [factories.UserFactory(role="agent") for _ in range(3)]
    gone = factories.UserFactory(role="agent", is_active=False)
    group.members.add(gone, *members)
    ticket = factories.TicketFactory(requester=requester, assignment_group=group)
    mails = {user.pk for user in queries.staff_recipients(ticket)}
    warned = {user.pk for user in sweep._recipients(SLATimer(ticket=ticket), breach=False)}
    assert mails == warned == {members[0].pk, members[1].pk}
    ticket.assignee = members[2]
    assert queries.staff_recipients(ticket) == [members[2]]
    assert sweep._recipients(SLATimer(ticket=ticket), breach=False) == [members[2]]
