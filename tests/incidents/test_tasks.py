"""Ticket tasks (检查项): made from the catalog item's task template, ticked by agents (who
and when kept, in the history), and open tasks refusing a resolve unless it is forced with
a reason (docs/api.md, "Ticket tasks")."""

import pytest
from django.utils import translation

from catalog.models import CatalogItem
from incidents import history, services
from incidents.defaults import ensure_resolution_codes
from incidents.models import ResolutionCode, TicketEvent
from tests import factories

pytestmark = pytest.mark.django_db
STEPS = ["Image the laptop", "Create the accounts", "Hand over"]
RESOLVE = {"resolution_code": "fixed", "resolution_notes": "Delivered."}


@pytest.fixture(autouse=True)
def _codes():
    ensure_resolution_codes(ResolutionCode)


@pytest.fixture
def laptop(group):
    service = factories.ServiceFactory(status="published")
    return factories.CatalogItemFactory(
        service=service, name="New laptop", assignment_group=group, task_template=STEPS
    )


@pytest.fixture
def ticket(requester, laptop, agent):
    created = services.create_ticket(requester, services.NewTicket(catalog_item=laptop))
    return services.perform(agent, created, "start")


def _tasks(client, ticket):
    return client.get(f"/api/v1/tickets/{ticket.pk}/tasks/")


def test_a_ticket_starts_with_the_items_task_template(ticket):
    assert list(ticket.tasks.order_by("order").values_list("order", "text", "done")) == [
        (1, "Image the laptop", False),
        (2, "Create the accounts", False),
        (3, "Hand over", False),
    ]


def test_agents_list_and_tick_tasks_who_and_when_kept(client_for, agent, ticket):
    client = client_for(agent)
    rows = _tasks(client, ticket).json()
    assert [t["text"] for t in rows] == STEPS
    first = rows[0]["id"]
    response = client.patch(f"/api/v1/tickets/{ticket.pk}/tasks/{first}/", {"done": True})
    assert response.status_code == 200
    body = response.json()
    assert body["done"] is True and body["done_by"] == agent.pk and body["done_at"]
    event = TicketEvent.objects.get(ticket=ticket, field="task_done")
    assert event.actor == agent and event.new_value == "Image the laptop" and event.internal
    assert "Task done" in str(history.describe(event))
    with translation.override("zh-hans"):
        assert "检查项已完成" in str(history.describe(event))
    undone = client.patch(f"/api/v1/tickets/{ticket.pk}/tasks/{first}/", {"done": False})
    assert undone.json()["done"] is False and undone.json()["done_by"] is None
    assert TicketEvent.objects.filter(ticket=ticket, field="task_reopened").count() == 1


def test_ticking_does_not_change_the_version(client_for, agent, ticket):
    version = ticket.version
    task = ticket.tasks.first()
    client_for(agent).patch(f"/api/v1/tickets/{ticket.pk}/tasks/{task.pk}/", {"done": True})
    ticket.refresh_from_db()
    assert ticket.version == version


def test_requesters_never_see_the_checklist(client_for, client, requester, ticket):
    assert _tasks(client_for(requester), ticket).status_code == 403
    task = ticket.tasks.first()
    response = client_for(requester).patch(
        f"/api/v1/tickets/{ticket.pk}/tasks/{task.pk}/", {"done": True}
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.done is False
    client.force_login(requester)
    page = client.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert "Image the laptop" not in page


def test_an_agent_of_another_group_reads_but_cannot_tick(client_for, ticket):
    other = factories.UserFactory(role="agent")
    factories.SupportGroupFactory().members.add(other)
    assert _tasks(client_for(other), ticket).status_code == 200
    task = ticket.tasks.first()
    response = client_for(other).patch(
        f"/api/v1/tickets/{ticket.pk}/tasks/{task.pk}/", {"done": True}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("body", [{"done": "maybe"}, {}, {"done": True, "text": "x"}])
def test_a_bad_body_is_a_400(client_for, agent, ticket, body):
    task = ticket.tasks.first()
    response = client_for(agent).patch(
        f"/api/v1/tickets/{ticket.pk}/tasks/{task.pk}/", body, format="json"
    )
    assert response.status_code == 400
    task.refresh_from_db()
    assert task.done is False


def test_a_task_of_another_ticket_is_a_404(client_for, agent, ticket, requester, laptop):
    other = services.create_ticket(requester, services.NewTicket(catalog_item=laptop))
    task = other.tasks.first()
    response = client_for(agent).patch(
        f"/api/v1/tickets/{ticket.pk}/tasks/{task.pk}/", {"done": True}
    )
    assert response.status_code == 404


def test_resolving_with_open_tasks_is_refused(client_for, agent, ticket):
    response = client_for(agent).post(f"/api/v1/tickets/{ticket.pk}/resolve/", RESOLVE)
    assert response.status_code == 409
    assert "3" in response.json()["detail"]
    ticket.refresh_from_db()
    assert ticket.status == "in_progress" and ticket.resolution_code == ""


def test_force_without_a_reason_is_a_400(client_for, agent, ticket):
    for body in ({"force": True}, {"force": True, "reason": "  "}):
        response = client_for(agent).post(
            f"/api/v1/tickets/{ticket.pk}/resolve/", RESOLVE | body, format="json"
        )
        assert response.status_code == 400
        assert "reason" in response.json()
    ticket.refresh_from_db()
    assert ticket.status == "in_progress"


def test_force_with_a_reason_resolves_and_says_why(client_for, agent, ticket):
    response = client_for(agent).post(
        f"/api/v1/tickets/{ticket.pk}/resolve/",
        RESOLVE | {"force": True, "reason": "The user kept the old laptop"},
        format="json",
    )
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.status == "resolved"
    event = TicketEvent.objects.get(ticket=ticket, field="tasks_forced")
    assert event.old_value == "3" and event.new_value == "The user kept the old laptop"
    assert "The user kept the old laptop" in str(history.describe(event))


def test_all_tasks_done_resolves_without_force(client_for, agent, ticket):
    client = client_for(agent)
    for task in ticket.tasks.all():
        client.patch(f"/api/v1/tickets/{ticket.pk}/tasks/{task.pk}/", {"done": True})
    response = client.post(f"/api/v1/tickets/{ticket.pk}/resolve/", RESOLVE)
    assert response.status_code == 200
    # A resolved ticket keeps its checklist as it was.
    task = ticket.tasks.first()
    refused = client.patch(f"/api/v1/tickets/{ticket.pk}/tasks/{task.pk}/", {"done": False})
    assert refused.status_code == 409


def test_the_resolve_row_documents_force_and_reason():
    from incidents import workflow

    assert {"force", "reason"} <= set(workflow.ACTIONS["resolve"].field_names)
    assert workflow.ACTIONS["resolve"].requires == ("resolution_code", "resolution_notes")


def test_a_ticket_without_tasks_resolves_as_before(client_for, agent, requester, group):
    plain = factories.TicketFactory(requester=requester, assignment_group=group, status="assigned")
    response = client_for(agent).post(f"/api/v1/tickets/{plain.pk}/resolve/", RESOLVE)
    assert response.status_code == 200


# --- the desk page ----------------------------------------------------------------------------


def test_the_desk_shows_the_checklist_and_ticks_with_htmx(client, agent, ticket):
    client.force_login(agent)
    page = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert 'data-testid="ticket-tasks"' in page and "Image the laptop" in page
    # The resolve panel offers force and a reason while tasks are open.
    assert 'data-testid="resolve-force"' in page and 'data-testid="resolve-force-reason"' in page
    task = ticket.tasks.get(order=1)
    response = client.post(
        f"/desk/tickets/{ticket.pk}/tasks/{task.pk}/", {"done": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    partial = response.content.decode()
    assert 'data-testid="ticket-tasks"' in partial and "2 open" in partial
    assert "<html" not in partial
    task.refresh_from_db()
    assert task.done and task.done_by == agent


def test_the_page_forces_a_resolve_with_a_reason(client, agent, ticket):
    client.force_login(agent)
    url = f"/tickets/{ticket.pk}/act/resolve/"
    client.post(url, RESOLVE | {"version": ticket.version})
    ticket.refresh_from_db()
    assert ticket.status == "in_progress"
    client.post(url, RESOLVE | {"version": ticket.version, "force": "1", "reason": "Not needed"})
    ticket.refresh_from_db()
    assert ticket.status == "resolved"


def test_without_open_tasks_the_resolve_panel_asks_no_reason(client, agent, ticket):
    ticket.tasks.update(done=True)
    client.force_login(agent)
    page = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert 'data-testid="resolve-force"' not in page


def test_the_checklist_in_chinese(client, agent, ticket):
    agent.language = "zh-hans"
    agent.save()
    client.force_login(agent)
    page = client.get(f"/desk/tickets/{ticket.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "检查项" in page.content.decode()


# --- the catalog's task template -------------------------------------------------------------


@pytest.mark.parametrize(
    "template", ["not a list", ["ok", ""], ["x" * 301], [1, 2], ["two\nlines"], ["s"] * 51]
)
def test_a_bad_task_template_is_a_400(client_for, manager, laptop, template):
    response = client_for(manager).patch(
        f"/api/v1/catalog-items/{laptop.pk}/", {"task_template": template}, format="json"
    )
    assert response.status_code == 400
    assert "task_template" in response.json()
    laptop.refresh_from_db()
    assert laptop.task_template == STEPS


def test_the_item_editor_edits_the_template_one_step_per_line(client, manager, laptop):
    client.force_login(manager)
    page = client.get(f"/catalog/manage/items/{laptop.pk}/").content.decode()
    assert 'data-testid="task-template"' in page and "Create the accounts" in page
    data = {
        "service": laptop.service.pk,
        "name": laptop.name,
        "kind": "request",
        "default_impact": 3,
        "default_urgency": 3,
        "order": 1,
        "form_schema": "[]",
        "assignment_group": laptop.assignment_group.pk,
        "is_active": "on",
        "task_template": "  Unbox \n\nImage\n",
    }
    response = client.post(f"/catalog/manage/items/{laptop.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CatalogItem.objects.get(pk=laptop.pk).task_template == ["Unbox", "Image"]
