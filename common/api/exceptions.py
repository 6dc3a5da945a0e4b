"""One place that turns exceptions into the error shapes of docs/api.md."""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from common.errors import DomainError
from common.inputs import request_too_large_message


def _django_validation_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {
            field: [str(m) for e in errors for m in e.messages]
            for field, errors in exc.error_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        if exc.status_code == status.HTTP_400_BAD_REQUEST and isinstance(exc.detail, dict):
            body = exc.detail
        elif exc.status_code == status.HTTP_400_BAD_REQUEST and exc.field:
            body = {exc.field: [str(exc.detail)]}
        else:
            body = {"detail": str(exc.detail), **getattr(exc, "extra", {})}
        return Response(body, status=exc.status_code)
    if isinstance(exc, ProtectedError | RestrictedError):
        # Deleting what other records still use (a category of CIs, a calendar of policies).
        count = len(
            exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        )
        return Response(
            {
                "detail": _(
                    "This cannot be deleted: %(count)d other record(s) still use it. "
                    "Change or remove them first."
                )
                % {"count": count}
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, OverflowError):
        # An id or number past what the database stores (SQLite raises it while binding a
        # filter's value, e.g. ?group=99999999999999999999): bad input, nothing was changed.
        set_rollback()
        return Response(
            {"detail": _("A number in the request is too large.")},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"detail": request_too_large_message()},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_detail(exc))
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, list):
        # docs/api.md: a 400 maps fields to messages; a message about no one field is filed
        # under `non_field_errors`, as DRF does for a serializer's own checks.
        exc = exceptions.ValidationError({"non_field_errors": exc.detail})
    return drf_exception_handler(exc, context)
