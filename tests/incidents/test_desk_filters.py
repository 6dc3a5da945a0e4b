"""The desk's filter drop-downs at scale: the assignee filter offers the viewer's colleagues
(a desk with a thousand agents does not render a thousand options), and keeps the one
chosen selected."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def _assignee_options(html: str) -> str:
    start = html.index('id="f-assignee"')
    return html[start : html.index("</select>", start)]


def test_agent_is_offered_the_members_of_their_groups(client):
    mine, other = factories.SupportGroupFactory(), factories.SupportGroupFactory()
    me = factories.UserFactory(role="agent", display_name="Me Myself")
    colleague = factories.UserFactory(role="agent", display_name="Colleague Carla")
    stranger = factories.UserFactory(role="agent", display_name="Stranger Sam")
    mine.members.add(me, colleague)
    other.members.add(stranger)
    client.force_login(me)
    options = _assignee_options(client.get("/desk/").content.decode())
    assert "Colleague Carla" in options and "Me Myself" in options
    assert "Stranger Sam" not in options
    # Filtering on someone outside the groups keeps them offered, and selected.
    options = _assignee_options(client.get("/desk/", {"assignee": stranger.pk}).content.decode())
    assert f'value="{stranger.pk}" selected>Stranger Sam' in options


def test_admin_is_offered_every_agent(client):
    factories.SupportGroupFactory().members.add(
        factories.UserFactory(role="agent", display_name="Stranger Sam")
    )
    client.force_login(factories.UserFactory(role="admin"))
    assert "Stranger Sam" in _assignee_options(client.get("/desk/").content.decode())


def test_chosen_group_stays_selected(client):
    group = factories.SupportGroupFactory(name="Network team")
    agent = factories.UserFactory(role="agent")
    group.members.add(agent)
    client.force_login(agent)
    html = client.get("/desk/", {"assignment_group": group.pk}).content.decode()
    assert f'value="{group.pk}" selected>Network team' in html
