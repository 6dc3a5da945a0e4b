"""The desk's action bar: the legal next steps as buttons, the rest in a menu, each form in
its own panel; the docs/api.md page hooks stay; the agent is listed once in the assignee list."""

import re

import pytest

from incidents.models import ResolutionCode, Ticket
from incidents.views import action_bar
from tests import factories

pytestmark = pytest.mark.django_db


def _names(rows):
    return [r["name"] for r in rows]


@pytest.mark.parametrize(
    ("actions", "status", "primary", "more"),
    [
        (["assign", "start", "cancel"], "new", ["assign", "start"], ["cancel"]),
        (
            ["assign", "start", "pend", "resolve", "cancel"],
            "assigned",
            ["start", "resolve"],
            ["assign", "pend", "cancel"],
        ),
        (
            ["assign", "resume", "resolve", "cancel"],
            "pending",
            ["resume", "resolve"],
            ["assign", "cancel"],
        ),
        (["reopen", "close"], "resolved", ["reopen", "close"], []),
    ],
)
def test_primary_buttons_and_menu(actions, status, primary, more):
    first, rest = action_bar(actions, status)
    assert (_names(first), _names(rest)) == (primary, more)
    assert all(
        r["panel"] for r in first + rest if r["name"] in ("assign", "pend", "resolve", "cancel")
    )


def test_desk_ticket_page_keeps_the_hooks_and_lays_out_the_bar(client, agent, ticket):
    client.force_login(agent)
    html = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    for hook in (
        "ticket-status",
        "timeline",
        "action-resolve",
        "resolution-code",
        "resolve-submit",
    ):
        assert f'data-testid="{hook}"' in html
    bar = html[html.index('data-testid="actions"') : html.index('id="panel-assign"')]
    menu = bar[bar.index('data-testid="more-actions"') :]
    assert 'data-testid="action-start"' in bar[: bar.index("more-actions")]
    assert 'data-testid="action-pend"' in menu and 'data-testid="action-cancel"' in menu
    # Panels start hidden and carry their own submit.
    assert re.search(r'id="panel-resolve" hidden', html)
    assert 'data-testid="cancel-submit"' in html and 'data-testid="pend-submit"' in html
    # No stray version number beside the channel.
    assert not re.search(r"· v\d+<", html)


def test_agent_is_listed_once_in_the_assignee_choice(client, agent, group, ticket):
    colleague = factories.UserFactory(role="agent", display_name="Colleague")
    group.members.add(colleague)
    client.force_login(agent)
    html = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    select = html[html.index('data-testid="assign-agent"') :]
    select = select[: select.index("</select>")]
    assert select.count(f'value="{agent.pk}"') == 1
    assert f"Me ({agent})" in select and "Colleague" in select
    assert ">Me<" not in select


def test_requester_cannot_see_the_action_bar(client, requester, ticket):
    client.force_login(requester)
    html = client.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert 'data-testid="more-actions"' not in html


def test_the_resolution_reads_by_its_label(client, agent, ticket):
    Ticket.objects.filter(pk=ticket.pk).update(
        status="resolved", resolution_code="workaround", resolution_notes="Rebooted"
    )
    agent.language = "zh-hans"
    agent.save()
    client.force_login(agent)
    html = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    shown = html[html.index('data-testid="resolution"') :]
    shown = shown[: shown.index("</dd>")]
    assert "workaround" not in shown and "Rebooted" in shown
    assert ResolutionCode.objects.get(code="workaround").label_zh in shown
