"""The benchmark's instrumentation: X-DB-Queries counts every query of the request."""

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from tests import factories

WITH_HEADER = ["itsm.middleware.QueryCountHeaderMiddleware", *settings.MIDDLEWARE]


def test_header_is_off_by_default(client, db):
    client.force_login(factories.UserFactory(role="agent"))
    assert "X-DB-Queries" not in client.get("/desk/").headers


@override_settings(MIDDLEWARE=WITH_HEADER)
def test_header_counts_the_queries_of_the_request(client, db):
    agent = factories.UserFactory(role="agent")
    factories.TicketFactory(assignee=agent, status="assigned")
    client.force_login(agent)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/desk/")
    assert response.status_code == 200
    assert int(response.headers["X-DB-Queries"]) == len(captured) > 2
