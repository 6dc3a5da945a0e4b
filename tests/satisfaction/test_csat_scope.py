"""CSAT shares the reports' scope rule (issue 16, item 15): another group is a 403."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

CSAT = "/api/v1/surveys/csat/"
SUMMARY = "/api/v1/reports/summary/"


def test_agent_asking_for_another_groups_csat_gets_403_like_reports(client_for, agent):
    other = factories.SupportGroupFactory()
    client = client_for(agent)
    assert client.get(SUMMARY, {"group": other.pk}).status_code == 403
    assert client.get(CSAT, {"group": other.pk}).status_code == 403


def test_agent_may_ask_for_their_own_groups_csat(client_for, agent, group):
    client = client_for(agent)
    assert client.get(SUMMARY, {"group": group.pk}).status_code == 200
    assert client.get(CSAT, {"group": group.pk}).status_code == 200


def test_manager_may_ask_for_any_groups_csat(client_for, manager):
    other = factories.SupportGroupFactory()
    assert client_for(manager).get(CSAT, {"group": other.pk}).status_code == 200
