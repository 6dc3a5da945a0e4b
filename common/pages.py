"""The page layer's one way to show a refusal: a service's `DomainError` (its `Invalid`
subclasses included), Django's `ValidationError` or `PermissionDenied`, or a bound form's
errors, become translated page messages or errors on the form's fields.

A view calls one service and renders its result; when the service refuses, the view calls
`show_error(request, exc, form)` and renders or redirects as it would anyway:

    try:
        ticket = services.create_ticket(request.user, new)
    except DomainError as exc:
        pages.show_error(request, exc, form)
    else:
        messages.success(request, ...)
        return redirect(...)

A dict detail (`{"comment": ["At most 2000 characters."]}`) is flattened: onto the form's
field when the form has one of that name, else to a message "Field: message" (the form
field's label, else the name said as words), never a printed Python dict.
"""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from common.errors import DomainError

# Keys of a dict detail that name no field: their messages stand alone.
GENERAL_KEYS = frozenset({NON_FIELD_ERRORS, "non_field_errors", "detail"})

Refusal = DomainError | ValidationError | PermissionDenied


def _texts(value: Any) -> Iterator[str]:
    """Every message inside a detail value (a string, a list, a nested dict), as text."""
    if isinstance(value, dict):
        for inner in value.values():
            yield from _texts(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _texts(inner)
    elif isinstance(value, ValidationError):
        yield from (str(m) for m in value.messages)
    else:
        yield str(value)


def _label(name: str, form: forms.BaseForm | None) -> str:
    if form is not None and name in form.fields and form.fields[name].label:
        return str(form.fields[name].label)
    return name.replace("_", " ").strip().capitalize()


def _detail(exc: Refusal) -> Any:
    """The refusal as a string or a `{field: messages}` dict."""
    if isinstance(exc, PermissionDenied):
        return str(exc) if exc.args and str(exc) else _("You are not allowed to do this.")
    if isinstance(exc, ValidationError):
        return exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    if isinstance(exc.detail, str) and exc.field:
        return {exc.field: [exc.detail]}
    return exc.detail


def _pairs(detail: Any) -> Iterator[tuple[str | None, str]]:
    """(field name or None, message) for every message of a detail; nested dicts (a
    catalog form's answers) name their innermost field."""
    if isinstance(detail, dict):
        for name, value in detail.items():
            if isinstance(value, dict):
                yield from _pairs(value)
            else:
                key = None if name in GENERAL_KEYS else str(name)
                yield from ((key, text) for text in _texts(value))
    else:
        yield from ((None, text) for text in _texts(detail))


def error_messages(exc: Refusal, form: forms.BaseForm | None = None) -> list[str]:
    """The refusal as translated sentences, each "Field: message" when it names a field."""
    return [
        f"{_label(name, form)}: {text}" if name else text for name, text in _pairs(_detail(exc))
    ]


def show_error(request: HttpRequest, exc: Refusal, form: forms.BaseForm | None = None) -> None:
    """Put the refusal on the page: on `form`'s own fields where it names one (pass the
    form only when the page renders it again), every other part as an error message."""
    for name, text in _pairs(_detail(exc)):
        if form is not None and name is not None and name in form.fields:
            form.add_error(name, text)
        else:
            messages.error(request, f"{_label(name, form)}: {text}" if name else text)


def show_form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    """A form posted from a page that redirects (no form to render again): its errors as
    messages, "Field: message" for a field's."""
    for name, errors in form.errors.items():
        for text in map(str, errors):
            messages.error(
                request, text if name == NON_FIELD_ERRORS else f"{_label(name, form)}: {text}"
            )
