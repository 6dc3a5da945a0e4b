"""Token authentication whose tokens expire (`accounts.tokens`)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts import tokens


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing (401) a token older than its lifetime."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if tokens.is_expired(token):
            raise exceptions.AuthenticationFailed(
                _("This token has expired. Ask for a new one at /api/v1/auth/token/.")
            )
        return user, token
