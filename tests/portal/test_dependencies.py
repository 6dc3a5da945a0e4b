"""The portal depends one way: it reads catalog and incidents, and neither imports it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READ_BY_THE_PORTAL = ("catalog", "incidents")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("app", READ_BY_THE_PORTAL)
def test_catalog_and_incidents_import_nothing_of_the_portal(app):
    modules = sorted((ROOT / app).rglob("*.py"))
    assert modules
    bad = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in modules
        for name in sorted(_imports(path))
        if name.split(".")[0] == "portal"
    ]
    assert bad == []


def test_the_portal_pages_live_in_the_portal():
    for app in READ_BY_THE_PORTAL:
        templates = ROOT / app / "templates" / app
        assert not [p.name for p in templates.glob("*portal*")]
    assert (ROOT / "portal" / "templates" / "portal" / "home.html").exists()
