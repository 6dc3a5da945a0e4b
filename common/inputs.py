"""Untrusted input, parsed once: ids, dates, JSON, single-line text and `next` addresses.

Every page, endpoint and report reads what clients send through these functions, so that
odd input (a superscript digit, the year 9999, JSON nested a thousand deep, a carriage
return in a title, `next=//evil.example`) is a clear 400 or a form error everywhere, never
a 500 in one place that was forgotten.
"""

import datetime as dt
import json
import re
import unicodedata

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

# --- request size ----------------------------------------------------------------------------


def request_too_large_message() -> str:
    """Why a body above DATA_UPLOAD_MAX_MEMORY_SIZE is refused (413)."""
    return str(_("The request body is too large (at most %(mb)d MB).")) % {
        "mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    }


# --- ids and other whole numbers -----------------------------------------------------------

# Primary keys are 64-bit (DEFAULT_AUTO_FIELD is BigAutoField); counters such as a
# ticket's `version` are 32-bit integer columns.
ID_MAX = 2**63 - 1
INT_MAX = 2**31 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value, *, maximum: int = ID_MAX) -> int | None:
    """A positive whole number written in ASCII digits (an id, a version, a page size), or
    None. `str.isdigit()` is not enough: it is true for '²' and '٣', which `int()` refuses or
    reads as another number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _ASCII_DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 1 <= number <= maximum else None


class IdField(forms.IntegerField):
    """A form field for an id: ASCII digits within the database's range (`parse_id`)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_id(str(value).strip())
        if number is None:
            raise ValidationError(_("Give an id (a whole number from 1)."), code="invalid")
        return number


class IdFilter(django_filters.NumberFilter):
    """`?group=12`: an id, never a decimal, a superscript or a number past the database's."""

    field_class = IdField


class IdInFilter(django_filters.BaseInFilter, IdFilter):
    """`?groups=1,2,3`."""


# --- dates -----------------------------------------------------------------------------------

# Far enough from years 1 and 9999 that adding or subtracting a period can never overflow
# Python's date; wider than any service desk's history or plans.
DATE_MIN = dt.date(2000, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATE_RANGE_MESSAGE = _("Enter a date between %(min)s and %(max)s.")


def date_range_error() -> ValidationError:
    return ValidationError(
        DATE_RANGE_MESSAGE,
        code="date_range",
        params={"min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()},
    )


def validate_date_range(value: dt.date | dt.datetime) -> None:
    """Validator: a date (or the date of an instant) within DATE_MIN..DATE_MAX."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if not DATE_MIN <= day <= DATE_MAX:
        raise date_range_error()


def parse_date(raw: str) -> dt.date:
    """`YYYY-MM-DD` within the bounded range; ValidationError (translated) otherwise."""
    text = raw.strip() if isinstance(raw, str) else ""
    try:
        value = dt.date.fromisoformat(text) if _ISO_DATE.fullmatch(text) else None
    except ValueError:  # well-formed but impossible, such as 2026-02-30
        value = None
    if value is None:
        raise ValidationError(_("Enter dates as YYYY-MM-DD."), code="invalid")
    validate_date_range(value)
    return value


def parse_month(raw: str) -> dt.date:
    """`YYYY-MM` → the first day of that month, within the bounded range."""
    if not isinstance(raw, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}", raw.strip()):
        raise ValidationError(_("Choose a month as YYYY-MM."), code="invalid")
    return parse_date(f"{raw.strip()}-01")


class BoundedDateField(forms.DateField):
    """A form date within DATE_MIN..DATE_MAX (reports, filters)."""

    default_validators = [validate_date_range]


class BoundedDateTimeField(forms.DateTimeField):
    """A form instant whose date lies within DATE_MIN..DATE_MAX."""

    default_validators = [validate_date_range]


class BoundedDateFilter(django_filters.DateFilter):
    """A django-filter date filter within DATE_MIN..DATE_MAX."""

    field_class = BoundedDateField


# --- JSON ------------------------------------------------------------------------------------

# Deep enough for any body the API takes (form answers are one level, calendars three).
JSON_MAX_DEPTH = 32


class InvalidJSON(ValueError):
    """Text that is not JSON, or JSON nested deeper than JSON_MAX_DEPTH; str() says which."""


def _depth_exceeds(value, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def too_deep_message() -> str:
    return str(_("JSON nested more than %(depth)d levels deep is not accepted.")) % {
        "depth": JSON_MAX_DEPTH
    }


def load_json(text: str | bytes, **kwargs):
    """`json.loads` that refuses nesting deeper than JSON_MAX_DEPTH (which would otherwise
    exhaust the recursion limit here or in whatever walks the value later)."""
    try:
        value = json.loads(text, **kwargs)
    except RecursionError:
        raise InvalidJSON(too_deep_message()) from None
    except json.JSONDecodeError as exc:
        raise InvalidJSON(
            str(_("This is not valid JSON (line %(line)d, column %(col)d)."))
            % {"line": exc.lineno, "col": exc.colno}
        ) from exc
    if _depth_exceeds(value, JSON_MAX_DEPTH):
        raise InvalidJSON(too_deep_message())
    return value


# --- single-line text ------------------------------------------------------------------------

# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators: a line
# break or carriage return in a title ends up in email headers, which refuse it.
_BREAKING = {"Cc", "Zl", "Zp"}
SINGLE_LINE_MESSAGE = _("Line breaks, tabs and other control characters are not allowed here.")


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(char) in _BREAKING for char in value)


def validate_single_line(value) -> None:
    """Validator for one-line fields (titles, names): no control characters."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="control_characters")


def single_line(value: str) -> str:
    """Fold control characters to spaces and collapse runs of spaces (for email subjects
    built from data stored before control characters were refused)."""
    folded = "".join(" " if unicodedata.category(c) in _BREAKING else c for c in value)
    return " ".join(folded.split())


# --- where to go next ------------------------------------------------------------------------


def safe_next(request, fallback: str) -> str:
    """The `next` address the client asked for when it is a path on this site, else the
    fallback (a URL name or path). Never another host, scheme or `javascript:`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return resolve_url(fallback)
