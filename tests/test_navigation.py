"""The navigation bar: a requester's sections show one by one, a crowded bar folds the
sections of each menu into a dropdown (common.navigation.entries)."""

import pytest

from common import navigation
from tests import factories


def _keys(entries):
    return [(e.key, [s.key for s in e.sections]) if e.is_menu else e.key for e in entries]


@pytest.mark.django_db
def test_a_requesters_bar_stays_flat(client):
    client.force_login(factories.UserFactory(role="requester"))
    context = client.get("/portal/").context
    entries = context["nav_entries"]
    assert not any(e.is_menu for e in entries)
    assert [e.key for e in entries] == [s.key for s in context["nav_sections"]]


@pytest.mark.django_db
def test_a_managers_bar_folds_self_service_and_management(client):
    client.force_login(factories.UserFactory(role="manager"))
    response = client.get("/reports/")
    keys = _keys(response.context["nav_entries"])
    menus = dict(k for k in keys if isinstance(k, tuple))
    assert menus["self-service"] == ["portal", "knowledge-portal", "my-tickets"]
    assert menus["manage"] == ["catalog", "sla", "satisfaction"]
    assert "desk" in keys and "reports" in keys
    html = response.content.decode()
    assert 'data-nav-menu="manage"' in html and 'data-nav="sla"' in html
    assert len(keys) == len(response.context["nav_sections"]) - 4


def test_a_menu_of_one_section_shows_the_section():
    sections = [
        navigation.Section(f"s{i}", f"S{i}", "home", "bi-x", "requester", order=i)
        for i in range(navigation.FLAT_MAX)
    ]
    sections.append(navigation.Section("lone", "Lone", "home", "bi-x", "requester", menu="manage"))
    entries = navigation.entries(sections, "lone")
    assert [e.key for e in entries] == [s.key for s in sections]
    assert not any(e.is_menu for e in entries)


def test_the_active_section_marks_its_menu():
    sections = [
        navigation.Section(f"s{i}", f"S{i}", "home", "bi-x", "requester", order=i, menu="manage")
        for i in range(navigation.FLAT_MAX + 1)
    ]
    (menu,) = navigation.entries(sections, "s3")
    assert menu.is_menu and menu.active and len(menu.sections) == navigation.FLAT_MAX + 1
    (menu,) = navigation.entries(sections, None)
    assert not menu.active
