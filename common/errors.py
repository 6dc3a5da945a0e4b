"""Domain exceptions raised by service functions.

The API turns them into HTTP statuses in `common.api.exceptions`, the pages into messages,
each in one place. Services raise Django's `PermissionDenied` for a missing right.
"""

from typing import Any

from django.utils.functional import Promise

# What a domain error says: a message, or field → messages (as a form's errors).
Detail = str | Promise | dict[str, Any]


class DomainError(Exception):
    """A rule of the domain refused the operation; `detail` is shown to the user."""

    status_code = 400

    def __init__(self, detail: Detail, field: str | None = None) -> None:
        super().__init__(str(detail))
        self.detail = detail
        self.field = field


class Conflict(DomainError):
    """The object's current state does not allow the operation (HTTP 409)."""

    status_code = 409


class IllegalTransition(Conflict):
    """A workflow action that the object's current status does not allow."""


class StaleVersion(Conflict):
    """The caller edited an older version of the object than the one stored."""


class PayloadTooLarge(DomainError):
    """An upload above the configured size limit (HTTP 413)."""

    status_code = 413


class Unprocessable(DomainError):
    """Well-formed input that cannot be acted on as sent (HTTP 422), such as an
    Idempotency-Key already used with another body."""

    status_code = 422
