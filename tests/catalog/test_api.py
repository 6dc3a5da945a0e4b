"""Catalog API: role table, lifecycle (every legal and illegal transition), checklist,
catalog items with schema validation, query counts."""

import pytest

from catalog.models import AdmissionCriterion, CatalogItem, Service, ServiceTransition
from tests import factories

pytestmark = pytest.mark.django_db

STATES = ["draft", "review", "published", "retired"]
LEGAL = {
    ("submit", "draft"): "review",
    ("return", "review"): "draft",
    ("publish", "review"): "published",
    ("retire", "published"): "retired",
}


@pytest.fixture
def ready_service(group, agent):
    """A service that meets every criterion (system ones, and manual ones ticked)."""
    service = factories.ServiceFactory(owner_group=group)
    factories.CatalogItemFactory(service=service)
    for criterion in AdmissionCriterion.objects.filter(kind="manual"):
        service.ticks.create(criterion=criterion)
    return service


def _set_status(service, status):
    Service.objects.filter(pk=service.pk).update(status=status)


@pytest.mark.parametrize("status", STATES)
@pytest.mark.parametrize("action", ["submit", "return", "publish", "retire"])
def test_every_transition_legal_or_409(client_for, manager, ready_service, status, action):
    _set_status(ready_service, status)
    response = client_for(manager).post(
        f"/api/v1/services/{ready_service.pk}/{action}/", {"reason": "because"}
    )
    ready_service.refresh_from_db()
    if (action, status) in LEGAL:
        assert response.status_code == 200, response.json()
        assert ready_service.status == LEGAL[(action, status)]
        transition = ServiceTransition.objects.get()
        assert (transition.from_status, transition.to_status, transition.actor) == (
            status,
            LEGAL[(action, status)],
            manager,
        )
    else:
        assert response.status_code == 409
        assert ready_service.status == status
        assert not ServiceTransition.objects.exists()


def test_return_to_draft_needs_a_reason(client_for, manager, ready_service):
    _set_status(ready_service, "review")
    response = client_for(manager).post(f"/api/v1/services/{ready_service.pk}/return/", {})
    assert response.status_code == 400
    assert "reason" in response.json()


def test_publish_blocked_names_the_missing_items(client_for, manager, group):
    service = factories.ServiceFactory(owner_group=None, support_hours="")
    _set_status(service, "review")
    response = client_for(manager).post(f"/api/v1/services/{service.pk}/publish/")
    assert response.status_code == 409
    missing = {m["code"] for m in response.json()["missing"]}
    assert missing == {"owner_group", "active_item", "support_hours", "runbook", "staff_trained"}
    service.refresh_from_db()
    assert service.status == "review"


def test_manual_tick_records_who_and_when(client_for, manager, ready_service):
    client = client_for(manager)
    service = factories.ServiceFactory(owner_group=ready_service.owner_group)
    response = client.post(
        f"/api/v1/services/{service.pk}/checklist/",
        {"criterion": "runbook", "done": True, "note": "wiki/runbook"},
    )
    assert response.status_code == 200
    line = next(x for x in response.json()["admission_checklist"] if x["code"] == "runbook")
    assert line["done"] and line["done_by"] == manager.pk and line["done_at"]
    refused = client.post(
        f"/api/v1/services/{service.pk}/checklist/", {"criterion": "owner_group", "done": True}
    )
    assert refused.status_code == 400


@pytest.mark.parametrize("role", ["requester", "agent"])
def test_only_managers_transition_and_tick(request, client_for, ready_service, role):
    client = client_for(request.getfixturevalue(role))
    expected = 403  # checked before the lookup, so it reveals nothing about the service
    assert client.post(f"/api/v1/services/{ready_service.pk}/submit/").status_code == expected
    assert (
        client.post(
            f"/api/v1/services/{ready_service.pk}/checklist/",
            {"criterion": "runbook", "done": True},
        ).status_code
        == expected
    )
    ready_service.refresh_from_db()
    assert ready_service.status == "draft"


# --- role table -----------------------------------------------------------------------------


def test_requesters_see_only_published_services_and_active_items(client_for, requester):
    published = factories.ServiceFactory()
    _set_status(published, "published")
    draft, retired = factories.ServiceFactory(), factories.ServiceFactory()
    _set_status(retired, "retired")
    live = factories.CatalogItemFactory(service=published)
    factories.CatalogItemFactory(service=published, is_active=False)
    factories.CatalogItemFactory(service=draft)
    factories.CatalogItemFactory(service=retired)
    client = client_for(requester)
    assert [s["id"] for s in client.get("/api/v1/services/").json()["results"]] == [published.pk]
    assert client.get(f"/api/v1/services/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v1/services/{retired.pk}/").status_code == 404
    assert [i["id"] for i in client.get("/api/v1/catalog-items/").json()["results"]] == [live.pk]


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [("requester", 200, 403), ("agent", 200, 403), ("manager", 200, 201), ("admin_user", 200, 201)],
)
def test_catalog_role_table(request, client_for, role, read, write):
    client = client_for(request.getfixturevalue(role))
    service = factories.ServiceFactory()
    assert client.get("/api/v1/services/").status_code == read
    assert client.get("/api/v1/catalog-items/").status_code == read
    assert client.post("/api/v1/services/", {"code": "NEW", "name": "New"}).status_code == write
    body = {"service": service.pk, "name": "Thing", "kind": "request", "form_schema": []}
    assert client.post("/api/v1/catalog-items/", body, format="json").status_code == write
    assert Service.objects.filter(code="NEW").exists() == (write == 201)


def test_anonymous_gets_401(api_client):
    for url in ("/api/v1/services/", "/api/v1/catalog-items/", "/api/v1/service-categories/"):
        assert api_client.get(url).status_code == 401


def test_status_cannot_be_written_directly(client_for, manager):
    service = factories.ServiceFactory()
    response = client_for(manager).patch(f"/api/v1/services/{service.pk}/", {"status": "published"})
    assert response.status_code == 400
    service.refresh_from_db()
    assert service.status == "draft"


# --- catalog items ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "schema",
    [
        "not json list",
        [{"name": "a", "label": "A", "type": "rocket"}],
        [{"name": "a", "label": "A", "type": "text"}, {"name": "a", "label": "B", "type": "text"}],
    ],
)
def test_bad_form_schema_is_400_and_nothing_stored(client_for, manager, schema):
    service = factories.ServiceFactory()
    body = {"service": service.pk, "name": "X", "kind": "request", "form_schema": schema}
    response = client_for(manager).post("/api/v1/catalog-items/", body, format="json")
    assert response.status_code == 400
    assert "form_schema" in response.json()
    assert not CatalogItem.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("default_impact", 4), ("default_urgency", 0), ("kind", "problem"), ("name", "x" * 1000)],
)
def test_bad_item_fields_are_400(client_for, manager, field, value):
    service = factories.ServiceFactory()
    body = {"service": service.pk, "name": "X", "kind": "request", field: value}
    response = client_for(manager).post("/api/v1/catalog-items/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_schema_error_in_chinese(client_for, manager):
    service = factories.ServiceFactory()
    body = {
        "service": service.pk,
        "name": "X",
        "kind": "request",
        "form_schema": [{"name": "a", "label": "A", "type": "rocket"}],
    }
    response = client_for(manager).post(
        "/api/v1/catalog-items/", body, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "类型" in response.json()["form_schema"][0]


@pytest.mark.parametrize("count", [5, 40])
def test_service_list_query_count_is_constant(
    client_for, manager, group, count, django_assert_max_num_queries
):
    for _ in range(count):
        service = factories.ServiceFactory(owner_group=group)
        factories.CatalogItemFactory(service=service)
    with django_assert_max_num_queries(8):
        response = client_for(manager).get("/api/v1/services/", {"page_size": 200})
    assert response.json()["count"] == count
    assert all(len(s["admission_checklist"]) == 5 for s in response.json()["results"])


@pytest.mark.parametrize("count", [5, 40])
def test_item_list_query_count_is_constant(
    client_for, requester, count, django_assert_max_num_queries
):
    service = factories.ServiceFactory()
    _set_status(service, "published")
    factories.CatalogItemFactory.create_batch(count, service=service)
    with django_assert_max_num_queries(4):
        response = client_for(requester).get("/api/v1/catalog-items/", {"page_size": 200})
    assert response.json()["count"] == count


def test_sla_policy_check_reads_the_same_in_a_list_and_alone(client_for, manager, group):
    """A list annotates what the "sla_policy" system check reads; alone it queries: the
    answers agree."""
    from catalog import checklist

    AdmissionCriterion.objects.create(
        code="SLA_COVERED", label="SLA covers it", kind="system", system_check="sla_policy"
    )
    # A third service has only the default policy.
    covered, inactive, _ = (factories.ServiceFactory(owner_group=group) for _ in "abc")
    calendar = factories.BusinessCalendarFactory()
    factories.SLAPolicyFactory(calendar=calendar)  # the default policy (no service)
    factories.SLAPolicyFactory(calendar=calendar, service=covered)
    factories.SLAPolicyFactory(calendar=calendar, service=inactive, is_active=False)
    rows = client_for(manager).get("/api/v1/services/", {"page_size": 200}).json()["results"]
    listed = {
        r["id"]: next(x["done"] for x in r["admission_checklist"] if x["code"] == "SLA_COVERED")
        for r in rows
    }
    alone = {
        s.pk: next(x.done for x in checklist.evaluate(s) if x.criterion.code == "SLA_COVERED")
        for s in Service.objects.filter(pk__in=listed)
    }
    assert listed == alone
    assert listed[covered.pk] and not listed[inactive.pk]
