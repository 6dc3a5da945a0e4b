from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import filters, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from common import idempotency
from common.api.pagination import SearchPagination
from common.api.parsers import JSONParser
from common.api.schema import EXPORT_RESPONSES
from common.api.serializers import StrictSerializer
from common.filtering import FilterBackend
from common.inputs import parse_id
from incidents import exporter, permissions, services, workflow
from incidents.api.serializers import (
    ActionSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    CommentCreateSerializer,
    CommentSerializer,
    TicketCreateSerializer,
    TicketEventSerializer,
    TicketSerializer,
    TicketTaskSerializer,
    TicketTaskUpdateSerializer,
    TicketUpdateSerializer,
)
from incidents.filters import TicketFilterSet
from incidents.models import TicketTask
from incidents.queries import tickets_for_api, tickets_visible_to
from knowledge import queries as knowledge_queries
from sla.api.serializers import SLATimerSerializer


def _action_request(spec: workflow.Action) -> type[serializers.Serializer]:
    """The documented body of one action: the row's fields (required as the row says) and
    `version`. The shared `ActionSerializer` checks their types; the service the rules."""
    required = {f.name: f.required for f in spec.fields}
    fields: dict[str, object] = {"__doc__": f"The body of `{spec.name}`. {spec.describe()}"}
    for name in ("version", *spec.field_names):
        shared = ActionSerializer._declared_fields[name]
        kwargs = {**shared._kwargs, "required": required.get(name, False)}
        fields[name] = type(shared)(*shared._args, **kwargs)
    return type(f"{spec.name.capitalize()}Action", (StrictSerializer,), fields)


def _action_view(spec: workflow.Action):
    """`POST /tickets/{id}/<name>/` for one row of the state machine's table."""
    name = spec.name

    def view(self, request, pk=None):
        body = ActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version = data.pop("version", None)
        ticket = services.perform(request.user, self.get_object(), name, data, version=version)
        return Response(TicketSerializer(ticket, context={"request": request}).data)

    view.__name__ = name
    view.__doc__ = spec.describe()
    routed = action(detail=True, methods=["post"], url_path=name, url_name=name)(view)
    # After `action`, which replaces the function's kwargs where the schema is kept.
    return extend_schema(
        summary=f"{name}: {' | '.join(s for s in workflow.STATUSES if s in spec.sources)}"
        f" → {spec.target}",
        description=spec.describe(),
        request=_action_request(spec),
        responses={200: TicketSerializer},
    )(routed)


class TicketViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Incidents and service requests. Requesters see only the tickets they requested."""

    serializer_class = TicketSerializer
    filterset_class = TicketFilterSet
    pagination_class = SearchPagination
    filter_backends = [FilterBackend, filters.OrderingFilter]
    ordering_fields = ["created_at", "updated_at", "priority", "number", "status"]
    ordering = ["-created_at"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    # Actions that answer something other than tickets (their lists are counted).
    WITHOUT_ARTICLES = (
        "comments",
        "attachments",
        "download",
        "history",
        "sla",
        "export",
        "tasks",
        "task",
    )

    # Actions that only read and answer tickets: the lean queryset (`tickets_for_api`).
    READ_ONLY = ("list", "retrieve")

    def get_queryset(self):
        if self.action in self.READ_ONLY:
            tickets = tickets_for_api(self.request.user)
        else:
            tickets = tickets_visible_to(self.request.user)
        if self.action in self.WITHOUT_ARTICLES:
            return tickets
        # `articles[]`: the linked knowledge articles, one query for the whole page.
        return tickets.prefetch_related(knowledge_queries.prefetch_ticket_links())

    @extend_schema(
        request=TicketCreateSerializer,
        parameters=[
            OpenApiParameter(
                idempotency.HEADER,
                idempotency.SCHEMA,
                OpenApiParameter.HEADER,
                description=idempotency.DESCRIPTION,
            )
        ],
        responses={201: TicketSerializer, 200: TicketSerializer},
    )
    def create(self, request, *args, **kwargs):
        key = idempotency.key(request)
        body = TicketCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = services.NewTicket(**body.validated_data)
        if key is None:
            ticket, created = services.create_ticket(request.user, data), True
        else:
            ticket, created = services.create_ticket_once(
                request.user, data, key=key, fingerprint=idempotency.fingerprint(request.data)
            )
        if created:
            knowledge_queries.none_linked(ticket)
            return Response(self.get_serializer(ticket).data, status=status.HTTP_201_CREATED)
        return Response(self.get_serializer(ticket).data, headers={"Idempotent-Replayed": "true"})

    @extend_schema(request=TicketUpdateSerializer, responses={200: TicketSerializer})
    def partial_update(self, request, *args, **kwargs):
        ticket = self.get_object()
        body = TicketUpdateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version = data.pop("version")
        ticket = services.update_ticket(request.user, ticket, data, version=version)
        return Response(self.get_serializer(ticket).data)

    @extend_schema(methods=["GET"], responses={200: CommentSerializer(many=True)})
    @extend_schema(
        methods=["POST"], request=CommentCreateSerializer, responses={201: CommentSerializer}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def comments(self, request, pk=None):
        """Public replies and, for agents, internal work notes."""
        ticket = self.get_object()
        if request.method == "POST":
            body = CommentCreateSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            comment = services.add_comment(request.user, ticket, **body.validated_data)
            return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        comments = permissions.readable_rows(request.user, ticket.comments.select_related("author"))
        return Response(CommentSerializer(comments, many=True).data)

    @extend_schema(methods=["GET"], responses={200: AttachmentSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "internal": {"type": "boolean"},
                },
            }
        },
        responses={201: AttachmentSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser],
        pagination_class=None,
    )
    def attachments(self, request, pk=None):
        """Upload in field `file` (size and type limits from settings)."""
        ticket = self.get_object()
        if request.method == "POST":
            body = AttachmentUploadSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            attachment = services.add_attachment(
                request.user, ticket, request.FILES.get("file"), **body.validated_data
            )
            return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)
        items = permissions.readable_rows(request.user, ticket.attachments.all())
        return Response(AttachmentSerializer(items, many=True).data)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path=r"attachments/(?P<attachment_id>\d+)/download")
    def download(self, request, pk=None, attachment_id=None):
        """The file, only to users who may read the ticket, always as a download."""
        ticket = self.get_object()
        items = permissions.readable_rows(request.user, ticket.attachments.all())
        attachment = get_object_or_404(items, pk=attachment_id)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    @extend_schema(responses={200: TicketEventSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        """Every change: who, when, field, old, new (work notes hidden from requesters)."""
        ticket = self.get_object()
        events = permissions.readable_rows(request.user, ticket.events.select_related("actor"))
        return Response(TicketEventSerializer(events, many=True).data)

    @extend_schema(responses={200: TicketTaskSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def tasks(self, request, pk=None):
        """The ticket's checklist in order (agents and up; requesters get 403)."""
        ticket = self.get_object()
        if not permissions.can_read_tasks(request.user):
            raise PermissionDenied
        rows = ticket.tasks.select_related("done_by").order_by("order")
        return Response(TicketTaskSerializer(rows, many=True).data)

    @extend_schema(
        request=TicketTaskUpdateSerializer,
        responses={200: TicketTaskSerializer},
        summary="Tick or untick one task",
    )
    @action(detail=True, methods=["patch"], url_path=r"tasks/(?P<task_id>\d+)")
    def task(self, request, pk=None, task_id=None):
        """`{"done": true}` ticks the task (who and when are kept, and written in the
        history); `false` unticks it. Agents who may work the ticket, while it is open."""
        ticket = self.get_object()
        if not permissions.can_read_tasks(request.user):
            raise PermissionDenied
        body = TicketTaskUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        task_pk = parse_id(task_id)
        if task_pk is None:
            raise Http404
        try:
            task = services.tick_task(request.user, ticket, task_pk, body.validated_data["done"])
        except TicketTask.DoesNotExist:
            raise Http404 from None
        return Response(TicketTaskSerializer(task).data)

    @extend_schema(responses={200: SLATimerSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def sla(self, request, pk=None):
        """Each SLA timer of the ticket: target, due time, pauses, business time used."""
        ticket = self.get_object()
        return Response(SLATimerSerializer(ticket.sla_timers.all(), many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("as", OpenApiTypes.STR, enum=["csv", "xlsx"])],
        responses=EXPORT_RESPONSES,
    )
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The filtered list as CSV or XLSX (`?as=csv|xlsx`, not `format`)."""
        kind = request.query_params.get("as", "csv")
        if kind not in exporter.FORMATS:
            raise serializers.ValidationError({"as": [_("Use csv or xlsx.")]})
        return exporter.response(self.filter_queryset(self.get_queryset()), kind)


# One route per row of the state machine's table (before the router reads the viewset).
for _spec in workflow.ACTIONS.values():
    setattr(TicketViewSet, _spec.name, _action_view(_spec))
