"""`Authorization: Bearer <integration token>` for `POST /alerts/`: the integration is
`request.auth`; no header or a wrong token → 401."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request
from rest_framework.views import APIView

from inbound.models import Integration
from inbound.services import alerts


class IntegrationTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[AnonymousUser, Integration] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send one token after Bearer."))
        integration = alerts.authenticate(header[1])
        if integration is None:
            raise exceptions.AuthenticationFailed(_("Unknown or inactive integration token."))
        return AnonymousUser(), integration

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="alerts"'


class IsIntegration(permissions.BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return isinstance(request.auth, Integration)


class IntegrationTokenScheme(OpenApiAuthenticationExtension):
    """The schema's security scheme for `POST /alerts/` (so its 401 is documented)."""

    target_class = IntegrationTokenAuthentication
    name = "integrationToken"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A monitoring integration's token (shown once when it is created).",
        }
