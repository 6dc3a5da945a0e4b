"""zh-Hans stays complete: every catalog string is translated and nothing is fuzzy."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

CATALOGS = sorted(
    p
    for p in Path(settings.BASE_DIR).rglob("locale/zh_Hans/LC_MESSAGES/*.po")
    if ".venv" not in p.parts
)


def test_there_are_catalogs():
    assert any(p.parent.parent.parent.parent == Path(settings.BASE_DIR) for p in CATALOGS)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_catalog_is_complete(path):
    catalog = polib.pofile(str(path))
    missing = [e.msgid for e in catalog.untranslated_entries()]
    fuzzy = [e.msgid for e in catalog.fuzzy_entries()]
    assert not missing, f"untranslated in {path}: {missing[:10]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"


# Django merges every app's catalogue into one: the same English word meaning two things
# needs a context, or the first app's translation shows on the other's pages.
@pytest.mark.parametrize(
    ("context", "english", "chinese"),
    [
        (None, "Number", "编号"),  # the desk's ticket-number column
        ("form field type", "Number", "数字"),
        (None, "Retired", "已报废"),  # a CI
        ("service status", "Retired", "已下线"),
        (None, "category", "设备类别"),
        ("service", "category", "类别"),
        ("service", "Category", "类别"),
    ],
)
def test_words_with_two_meanings_translate_by_context(context, english, chinese):
    with translation.override("zh-hans"):
        if context:
            assert translation.pgettext(context, english) == chinese
        else:
            assert translation.gettext(english) == chinese


def test_ping_pong_is_not_called_passing_the_buck():
    with translation.override("zh-hans"):
        assert translation.gettext("Reassigned most (ping-pong)") == "转派最多的工单（多次转派）"
