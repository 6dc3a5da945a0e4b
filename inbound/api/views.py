from typing import Any

from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import role_permission
from accounts.roles import Role
from inbound import queries
from inbound.api.authentication import IntegrationTokenAuthentication, IsIntegration
from inbound.api.serializers import (
    AlertmanagerResultSerializer,
    AlertmanagerSerializer,
    AlertResultSerializer,
    ConnectionReportSerializer,
    GenericAlertSerializer,
    IntegrationCreatedSerializer,
    IntegrationSerializer,
    IntegrationTokenSerializer,
    MailboxSerializer,
    PollResultSerializer,
)
from inbound.models import Integration, Mailbox
from inbound.services import alerts, mailboxes

AdminsOnly = role_permission(Role.ADMIN, Role.ADMIN)


class MailboxViewSet(viewsets.ModelViewSet):
    """Mailboxes the desk reads over IMAP (admins). `password` is write-only; an empty one
    on an edit keeps the stored password."""

    serializer_class = MailboxSerializer
    permission_classes = [AdminsOnly]
    lookup_value_regex = r"\d+"
    filterset_fields = ["active"]
    search_fields = ["name", "host", "username"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]

    def get_queryset(self) -> Any:
        return queries.mailboxes().order_by("name", "id")

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = mailboxes.save_mailbox(
            self.request.user, Mailbox(), dict(serializer.validated_data)
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = mailboxes.save_mailbox(
            self.request.user, serializer.instance, dict(serializer.validated_data)
        )

    def perform_destroy(self, instance: Mailbox) -> None:
        mailboxes.delete_mailbox(self.request.user, instance)

    @extend_schema(
        request=None,
        responses={
            200: PollResultSerializer,
            502: OpenApiResponse(description="The mail server did not answer or refused us."),
        },
    )
    @action(detail=True, methods=["post"])
    def poll(self, request: Request, pk: str | None = None) -> Response:
        """Poll the mailbox now: how many new mails were read and what each did."""
        result = mailboxes.poll_now(request.user, self.get_object())
        return Response(result.as_dict())

    @extend_schema(request=None, responses={200: ConnectionReportSerializer})
    @action(detail=True, methods=["post"])
    def test(self, request: Request, pk: str | None = None) -> Response:
        """Sign in and open the folder: `ok` and the server's answer."""
        report = mailboxes.test_connection(request.user, self.get_object())
        return Response({"ok": report.ok, "answer": report.answer})


class IntegrationViewSet(viewsets.ModelViewSet):
    """Monitoring integrations (admins). The token is returned once, as `token`, when the
    integration is created (or its token rotated); only its hash is kept."""

    serializer_class = IntegrationSerializer
    permission_classes = [AdminsOnly]
    lookup_value_regex = r"\d+"
    filterset_fields = ["kind", "active"]
    search_fields = ["name"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]

    def get_queryset(self) -> Any:
        return queries.integrations().order_by("name", "id")

    @extend_schema(responses={201: IntegrationCreatedSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        integration, token = alerts.save_integration(
            request.user, Integration(), dict(serializer.validated_data)
        )
        body = dict(IntegrationSerializer(integration).data)
        body["token"] = token
        return Response(body, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer: Any) -> None:
        serializer.instance, _token = alerts.save_integration(
            self.request.user, serializer.instance, dict(serializer.validated_data)
        )

    def perform_destroy(self, instance: Integration) -> None:
        alerts.delete_integration(self.request.user, instance)

    @extend_schema(request=None, responses={200: IntegrationTokenSerializer})
    @action(detail=True, methods=["post"], url_path="rotate-token")
    def rotate_token(self, request: Request, pk: str | None = None) -> Response:
        """A new token, shown once; the old one stops working."""
        return Response({"token": alerts.rotate_token(request.user, self.get_object())})


def _result(outcome: alerts.AlertOutcome) -> dict[str, Any]:
    ticket = outcome.ticket
    return {
        "ticket": ticket.pk if ticket else None,
        "number": ticket.number if ticket else None,
        "created": outcome.created,
    }


class AlertView(APIView):
    """Alerts from a monitoring integration, with `Authorization: Bearer <token>`: a
    Prometheus Alertmanager webhook (version 4), or the generic body. Firing opens an
    incident, or counts an occurrence on the open ticket of the same source + key."""

    authentication_classes = [IntegrationTokenAuthentication]
    permission_classes = [IsIntegration]
    throttle_classes: list[Any] = []

    @extend_schema(
        request=PolymorphicProxySerializer(
            component_name="AlertBody",
            serializers=[GenericAlertSerializer, AlertmanagerSerializer],
            resource_type_field_name=None,
        ),
        responses={
            202: PolymorphicProxySerializer(
                component_name="AlertAccepted",
                serializers=[AlertResultSerializer, AlertmanagerResultSerializer],
                resource_type_field_name=None,
            )
        },
    )
    def post(self, request: Request) -> Response:
        integration = request.auth
        assert isinstance(integration, Integration)
        data = request.data
        if isinstance(data, dict) and "alerts" in data:
            manager = AlertmanagerSerializer(data=data)
            manager.is_valid(raise_exception=True)
            items = [
                alerts.alertmanager_alert(integration, dict(item))
                for item in manager.validated_data["alerts"]
            ]
            results = [_result(alerts.receive(integration, item)) for item in items]
            return Response({"results": results}, status=status.HTTP_202_ACCEPTED)
        generic = GenericAlertSerializer(data=data)
        generic.is_valid(raise_exception=True)
        values = generic.validated_data
        tag = alerts.fold_tag(values["asset_tag"]) if values["asset_tag"] else ""
        alert = alerts.Alert(
            source=values["source"],
            key=values["key"],
            status=values["status"],
            title=values["title"],
            severity=values["severity"],
            description=values["description"],
            asset_tag=tag,
        )
        outcome = alerts.receive(integration, alert)
        return Response(_result(outcome), status=status.HTTP_202_ACCEPTED)
