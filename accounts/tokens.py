"""API tokens: issued by `POST /auth/token/`, valid `API_TOKEN_TTL_DAYS`, revoked by the
holder (`DELETE /auth/token/`) and by any change of the user's password."""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

if TYPE_CHECKING:  # accounts.models imports this module when a password changes
    from accounts.models import User


def lifetime() -> timedelta:
    return timedelta(days=settings.API_TOKEN_TTL_DAYS)


def expires_at(token: Token) -> datetime:
    created: datetime = token.created
    return created + lifetime()


def is_expired(token: Token) -> bool:
    return timezone.now() >= expires_at(token)


def issue(user: "User") -> Token:
    """The user's token: the current one while it is valid (several scripts of one account
    share it), a new one once it has expired."""
    with transaction.atomic():
        token = Token.objects.select_for_update().filter(user=user).first()
        if token is not None and not is_expired(token):
            return token
        if token is not None:
            token.delete()
        # get_or_create: two first logins at once end with the same token, not an error.
        token, _created = Token.objects.get_or_create(user=user)
        return token


def revoke(user: "User") -> int:
    """Delete the user's tokens; how many there were."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted
