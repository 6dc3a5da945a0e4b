from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status, viewsets
from rest_framework.exceptions import Throttled
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services, throttling, tokens
from accounts.api.serializers import (
    CustomerUnitSerializer,
    MeSerializer,
    SupportGroupSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UserSerializer,
)
from accounts.filters import SupportGroupFilterSet, UserFilterSet
from accounts.models import CustomerUnit, SupportGroup, User
from accounts.permissions import ReadAgentWriteAdmin


class ObtainTokenView(APIView):
    """`POST /auth/token/ {username, password}` → `{token, expires_at}`, failures throttled
    (`accounts.throttling`); `DELETE /auth/token/` revokes the caller's own token."""

    def get_permissions(self):
        if self.request.method == "POST":
            return []
        return [IsAuthenticated()]

    def perform_authentication(self, request):
        # Logging in needs no credentials: a stale `Authorization` header must not be a 401.
        if request.method != "POST":
            super().perform_authentication(request)

    @extend_schema(auth=[], request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request):
        username = (
            str(request.data.get("username", ""))[:150] if hasattr(request.data, "get") else ""
        )
        address = throttling.client_address(request)
        if throttling.is_locked(username, address):
            raise Throttled(wait=None)
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            throttling.record_failure(username, address)
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        throttling.record_success(username)
        token = tokens.issue(serializer.validated_data["user"])
        return Response(TokenSerializer(token).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        """Revoke the caller's API token (every client using it must log in again)."""
        tokens.revoke(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UserViewSet(viewsets.ModelViewSet):
    """Users: agents and managers read, admins write (docs/api.md role table)."""

    serializer_class = UserSerializer
    permission_classes = [ReadAgentWriteAdmin]
    filterset_class = UserFilterSet
    search_fields = ["username", "display_name", "email", "phone"]
    ordering_fields = ["username", "display_name", "date_joined", "role"]
    ordering = ["username"]
    queryset = (
        User.objects.select_related("customer_unit")
        .prefetch_related(Prefetch("support_groups", queryset=SupportGroup.objects.only("id")))
        .order_by("username")
    )

    def perform_destroy(self, instance):
        # Attribution is kept: anyone other records refer to is deactivated, not deleted.
        services.delete_user(instance)


class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in user: read all, change only display_name, phone, email, language."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return self.request.user


class SupportGroupViewSet(viewsets.ModelViewSet):
    serializer_class = SupportGroupSerializer
    permission_classes = [ReadAgentWriteAdmin]
    filterset_class = SupportGroupFilterSet
    search_fields = ["code", "name", "email"]
    ordering_fields = ["code", "name"]
    ordering = ["code"]
    queryset = SupportGroup.objects.prefetch_related(
        Prefetch("members", queryset=User.objects.only("id"))
    ).order_by("code")


class CustomerUnitViewSet(viewsets.ModelViewSet):
    serializer_class = CustomerUnitSerializer
    permission_classes = [ReadAgentWriteAdmin]
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name"]
    ordering = ["code"]
    queryset = CustomerUnit.objects.order_by("code")
