"""Catalog pages: the portal for end users, service management for managers."""

import pytest

from catalog.models import Service
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_item():
    service = factories.ServiceFactory(name="Printing", name_zh="打印服务")
    Service.objects.filter(pk=service.pk).update(status="published")
    return factories.CatalogItemFactory(
        service=service,
        name="Printer fault",
        name_zh="打印机故障",
        kind="incident",
        form_schema=[
            {
                "name": "message",
                "label": "Message on screen",
                "label_zh": "屏幕提示",
                "type": "text",
                "required": True,
                "help_text": "Copy it exactly",
                "help_text_zh": "请原样抄写",
            },
            {"name": "callback", "label": "Phone", "label_zh": "电话", "type": "phone"},
        ],
    )


def test_portal_home_lists_categories_and_common_items(client, requester, published_item):
    client.force_login(requester)
    html = client.get("/portal/").content.decode()
    assert "Hardware" in html and "Printer fault" in html


def test_portal_hides_draft_services_items(client, requester, published_item):
    draft_item = factories.CatalogItemFactory(name="Secret draft item")
    client.force_login(requester)
    assert "Secret draft item" not in client.get("/portal/").content.decode()
    assert client.get(f"/portal/catalog/{draft_item.pk}/").status_code == 404


def test_portal_search(client, requester, published_item):
    client.force_login(requester)
    html = client.get("/portal/", {"search": "printer"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Printer fault" in html and "<html" not in html
    html = client.get("/portal/", {"search": "打印"}).content.decode()
    assert "Printer fault" in html
    assert (
        "Nothing in the catalog matches"
        in client.get("/portal/", {"search": "zzz"}).content.decode()
    )


def test_portal_in_chinese(client, requester, published_item):
    requester.language = "zh-hans"
    requester.save()
    client.force_login(requester)
    html = client.get(f"/portal/catalog/{published_item.pk}/").content.decode()
    assert "打印机故障" in html and "屏幕提示" in html and "请原样抄写" in html


def test_item_page_shows_field_errors(client, requester, published_item):
    client.force_login(requester)
    response = client.post(
        f"/portal/catalog/{published_item.pk}/", {"f-message": "", "f-callback": "123"}
    )
    html = response.content.decode()
    assert "This field is required." in html and "Chinese mobile" in html


def test_item_page_escapes_answers(client, requester, published_item):
    client.force_login(requester)
    html = client.post(
        f"/portal/catalog/{published_item.pk}/",
        {"f-message": "<script>alert(1)</script>", "f-callback": "x"},
    ).content.decode()
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize(
    "url", ["/catalog/manage/", "/catalog/manage/new/", "/catalog/manage/items/new/"]
)
@pytest.mark.parametrize(("role", "status"), [("requester", 403), ("agent", 403), ("manager", 200)])
def test_management_pages_are_for_managers(request, client, url, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url).status_code == status


def test_service_page_publish_flow(client, manager, group):
    service = factories.ServiceFactory(owner_group=group)
    client.force_login(manager)
    client.post(f"/catalog/manage/{service.pk}/submit/")
    response = client.post(f"/catalog/manage/{service.pk}/publish/", follow=True)
    html = response.content.decode()
    assert "Not published" in html and "Runbook written" in html
    service.refresh_from_db()
    assert service.status == "review"


def test_schema_preview_renders_form_or_errors(client, manager):
    client.force_login(manager)
    good = client.post(
        "/catalog/manage/schema-preview/",
        {"form_schema": '[{"name": "a", "label": "Your <b>name</b>", "type": "text"}]'},
    )
    assert "Your &lt;b&gt;name&lt;/b&gt;" in good.content.decode()
    bad = client.post("/catalog/manage/schema-preview/", {"form_schema": "[{"})
    assert "not valid JSON" in bad.content.decode()
    wrong = client.post(
        "/catalog/manage/schema-preview/",
        {"form_schema": '[{"name": "a", "label": "A", "type": "x"}]'},
    )
    assert "type must be one of" in wrong.content.decode()


def test_item_form_refuses_a_bad_schema(client, manager):
    service = factories.ServiceFactory()
    client.force_login(manager)
    response = client.post(
        "/catalog/manage/items/new/",
        {
            "service": service.pk,
            "name": "X",
            "kind": "request",
            "default_impact": 3,
            "default_urgency": 3,
            "order": 1,
            "form_schema": '[{"name": "x"}]',
        },
    )
    assert response.status_code == 200
    assert "label" in response.content.decode()
    assert not service.items.exists()
