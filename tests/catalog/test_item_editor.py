"""The catalog item editor: a field-by-field question builder over the JSON schema (which
the server still validates), impact and urgency as labelled levels."""

import json

import pytest
from django.utils import translation

from catalog.models import CatalogItem
from tests import factories

pytestmark = pytest.mark.django_db

SCHEMA = [
    {
        "name": "model",
        "label": "Model",
        "label_zh": "型号",
        "type": "choice",
        "required": True,
        "choices": [{"value": "std", "label": "Standard", "label_zh": "标准型"}],
    }
]


def _post(client, service, **fields):
    return client.post(
        "/catalog/manage/items/new/",
        {
            "service": service.pk,
            "name": "Laptop",
            "kind": "request",
            "default_impact": 2,
            "default_urgency": 1,
            "order": 1,
            "form_schema": json.dumps(SCHEMA),
            **fields,
        },
    )


def test_editor_offers_the_builder_and_labelled_levels(client, manager):
    client.force_login(manager)
    html = client.get("/catalog/manage/items/new/").content.decode()
    assert 'data-testid="schema-builder"' in html and 'id="schema-field-template"' in html
    assert "js/schema-builder.js" in html
    # Every answer type is offered by its label; the JSON stays behind it.
    assert ">Short text<" in html and ">Choice<" in html
    assert 'name="form_schema"' in html
    impact = html[html.index('name="default_impact"') :]
    impact = impact[: impact.index("</select>")]
    assert ">1 · High<" in impact and ">2 · Medium<" in impact and ">3 · Low<" in impact


def test_levels_are_translated(client, manager):
    manager.language = "zh-hans"
    manager.save()
    client.force_login(manager)
    html = client.get("/catalog/manage/items/new/").content.decode()
    with translation.override("zh-hans"):
        assert "1 · 高" in html


def test_saving_keeps_the_schema_and_the_levels(client, manager):
    service = factories.ServiceFactory()
    client.force_login(manager)
    assert _post(client, service).status_code == 302
    item = CatalogItem.objects.get()
    assert item.form_schema == SCHEMA
    assert (item.default_impact, item.default_urgency) == (2, 1)


@pytest.mark.parametrize("level", ["0", "4", "high", ""])
def test_a_level_outside_1_to_3_is_refused(client, manager, level):
    service = factories.ServiceFactory()
    client.force_login(manager)
    response = _post(client, service, default_impact=level)
    assert response.status_code == 200 and not CatalogItem.objects.exists()


def test_the_server_still_validates_what_the_builder_sends(client, manager):
    service = factories.ServiceFactory()
    client.force_login(manager)
    bad = [{"name": "Model", "label": "", "type": "choice", "choices": []}]
    response = _post(client, service, form_schema=json.dumps(bad))
    assert response.status_code == 200 and not CatalogItem.objects.exists()
    assert 'data-testid="schema-error"' in response.content.decode()
