"""A ticket's form answers read by their labels: the field's and the choice's, in the
reader's language, in the schema's order; keys the schema no longer knows stay visible."""

import pytest
from django.utils import translation

from catalog.formschema import labelled_answers
from tests import factories

pytestmark = pytest.mark.django_db

SCHEMA = [
    {
        "name": "model",
        "label": "Laptop model",
        "label_zh": "笔记本型号",
        "type": "choice",
        "choices": [
            {"value": "standard", "label": "Standard", "label_zh": "标准型"},
            {"value": "performance", "label": "Performance", "label_zh": "高性能"},
        ],
    },
    {"name": "reason", "label": "Why", "type": "text"},
    {"name": "size", "label": "Size", "type": "choice", "choices": ["13", "15"]},
]


def test_labels_in_schema_order_with_choice_labels():
    data = {"reason": "Video editing", "model": "performance", "size": "15"}
    assert labelled_answers(SCHEMA, data) == [
        ("Laptop model", "Performance"),
        ("Why", "Video editing"),
        ("Size", "15"),
    ]


def test_labels_in_chinese_where_the_schema_has_them():
    with translation.override("zh-hans"):
        rows = labelled_answers(SCHEMA, {"model": "standard", "reason": "x"})
    assert rows == [("笔记本型号", "标准型"), ("Why", "x")]


def test_unknown_keys_and_retired_choices_are_still_shown():
    rows = labelled_answers(SCHEMA, {"model": "retired", "old_field": 3, "extra": {"a": 1}})
    assert rows == [("Laptop model", "retired"), ("old_field", "3"), ("extra", '{"a": 1}')]


def test_no_answers_no_rows():
    assert labelled_answers(SCHEMA, {}) == [] and labelled_answers([], None) == []


@pytest.mark.parametrize("who", ["requester", "agent"])
def test_portal_and_desk_show_labels_not_keys(client, requester, agent, group, who):
    item = factories.CatalogItemFactory(name="New laptop", form_schema=SCHEMA)
    ticket = factories.TicketFactory(
        requester=requester,
        catalog_item=item,
        assignment_group=group,
        status="assigned",
        form_data={"model": "performance", "<b>bad</b>": "<script>x</script>"},
    )
    user = requester if who == "requester" else agent
    client.force_login(user)
    url = f"/portal/tickets/{ticket.pk}/" if who == "requester" else f"/desk/tickets/{ticket.pk}/"
    html = client.get(url).content.decode()
    answers = html[html.index('data-testid="form-answers"') :]
    answers = answers[: answers.index("</dl>")]
    assert "Laptop model" in answers and "Performance" in answers
    assert "model:" not in answers and ">model<" not in answers and ">performance<" not in answers
    assert "&lt;b&gt;bad&lt;/b&gt;" in answers and "<script>" not in answers
