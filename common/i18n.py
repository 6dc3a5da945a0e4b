"""Bilingual content: text typed by managers in English and, optionally, Chinese (catalog
items, services), shown in the reader's language."""

from collections.abc import Sequence

from django.utils import translation


def pick(english: str, chinese: str | None) -> str:
    """The Chinese text when the active language is Chinese and it exists, else English."""
    language = (translation.get_language() or "en").lower()
    if chinese and language.startswith("zh"):
        return chinese
    return english


def pick_columns(values: Sequence[str]) -> str:
    """A label read from the database as (English, Chinese) columns, or a single column."""
    return pick(values[0], values[1]) if len(values) == 2 else values[0]
