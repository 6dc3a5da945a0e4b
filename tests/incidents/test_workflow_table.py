"""The state machine is one table (incidents.workflow.ACTIONS): every row has its API route
and OpenAPI text, its button (and panel) on the desk page, a translated label, and its
permission and handler; adding a row without them fails here."""

import pytest
from django.urls import reverse
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from incidents import permissions, workflow
from incidents.services.actions import handler_of
from tests import factories

pytestmark = pytest.mark.django_db

ROWS = list(workflow.ACTIONS.values())


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.mark.parametrize("spec", ROWS, ids=lambda s: s.name)
def test_every_row_has_a_route_and_its_openapi_text(spec, schema):
    path = reverse(f"api:ticket-{spec.name}", args=[1])
    assert path == f"/api/v1/tickets/1/{spec.name}/"
    operation = schema["paths"][f"/api/v1/tickets/{{id}}/{spec.name}/"]["post"]
    for state in (*spec.sources, spec.target):
        assert state in operation["summary"]
    assert operation["description"] == spec.describe()
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][body.rsplit("/", 1)[-1]]
    assert set(component["properties"]) == {"version", *spec.field_names}
    assert set(component.get("required", [])) == set(spec.requires)


@pytest.mark.parametrize("spec", ROWS, ids=lambda s: s.name)
def test_every_row_has_a_translated_label(spec):
    english = str(spec.label)
    with translation.override("zh-hans"):
        assert str(spec.label) != english, f"{spec.name}: label {english!r} not translated"
    for field in spec.fields:
        with translation.override("zh-hans"):
            chinese = str(field.label)
        assert chinese != str(field.label), f"{spec.name}.{field.name}: label not translated"


@pytest.mark.parametrize(
    ("spec", "status"),
    [(spec, status) for spec in ROWS for status in sorted(spec.sources)],
    ids=lambda value: value if isinstance(value, str) else value.name,
)
def test_every_row_has_a_button_and_its_panel_on_the_desk(client, agent, group, spec, status):
    ticket = factories.TicketFactory(assignment_group=group, status=status)
    if any(f.shown_when == "open_tasks" for f in spec.fields):
        # Fields asked only while the checklist has open tasks (resolve's force, reason).
        ticket.tasks.create(order=1, text="Still to do")
    client.force_login(agent)
    html = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert f'data-testid="action-{spec.name}"' in html
    assert str(spec.label) in html
    if spec.has_panel:
        assert f'data-testid="panel-{spec.name}"' in html
        assert f'data-testid="{spec.name}-submit"' in html
        for field in spec.fields:
            assert f'name="{field.name}"' in html and f'data-testid="{field.hook}"' in html
    assert reverse("incidents:act", args=[ticket.pk, spec.name]) in html


@pytest.mark.parametrize("spec", ROWS, ids=lambda s: s.name)
def test_every_row_has_its_handler_and_its_permission(spec, requester, agent, group):
    assert callable(handler_of(spec))
    assert spec.target in workflow.STATUSES and spec.sources <= set(workflow.STATUSES)
    for status in spec.sources:
        ticket = factories.TicketFactory(requester=requester, assignment_group=group, status=status)
        assert spec.name in permissions.allowed_actions(agent, ticket)
        assert (spec.name in permissions.allowed_actions(requester, ticket)) is spec.requester_may


def test_page_form_sends_only_the_rows_fields(client, agent, ticket):
    """The page's action view takes the body fields the row names, nothing else."""
    client.force_login(agent)
    client.post(
        reverse("incidents:act", args=[ticket.pk, "pend"]),
        {"reason": "Waiting for the vendor", "resolution_code": "fixed"},
    )
    ticket.refresh_from_db()
    assert ticket.status == "pending" and ticket.pending_reason == "Waiting for the vendor"
    assert ticket.resolution_code == ""


def test_required_fields_come_from_the_rows():
    assert workflow.ACTIONS["resolve"].requires == ("resolution_code", "resolution_notes")
    assert workflow.ACTIONS["assign"].requires == ("assignment_group",)
    assert workflow.ACTIONS["reopen"].requires == ()


@pytest.mark.parametrize(
    ("spec", "field"),
    [(spec, name) for spec in ROWS for name in spec.requires],
    ids=lambda value: value if isinstance(value, str) else value.name,
)
def test_the_rows_required_fields_are_enforced(client_for, agent, group, spec, field):
    status = sorted(spec.sources)[0]
    ticket = factories.TicketFactory(assignment_group=group, status=status)
    body = {"assignment_group": group.pk, "reason": "Vendor", "resolution_code": "fixed"}
    body["resolution_notes"] = "Replaced the toner."
    del body[field]
    response = client_for(agent).post(
        f"/api/v1/tickets/{ticket.pk}/{spec.name}/", body, format="json"
    )
    assert response.status_code == 400
    assert response.json()[field] == ["This field is required."]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.version) == (status, 1)
