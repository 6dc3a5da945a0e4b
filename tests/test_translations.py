"""zh-Hans stays complete: every catalog string is translated and nothing is fuzzy."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

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
