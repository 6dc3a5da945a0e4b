from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import roles
from accounts.permissions import ReadAgentWriteManager, role_permission
from accounts.roles import Role
from common.api.parsers import JSONParser
from satisfaction import queries, services
from satisfaction.api.serializers import (
    CompleteFollowUpSerializer,
    CsatQuerySerializer,
    CsatSerializer,
    FollowUpSerializer,
    RespondResultSerializer,
    RespondSerializer,
    SurveyRuleSerializer,
    SurveySerializer,
)
from satisfaction.filters import FollowUpFilterSet, SurveyFilterSet
from satisfaction.models import SurveyRule

AgentsOnly = role_permission(Role.AGENT, Role.AGENT)
ManagersOnly = role_permission(Role.MANAGER, Role.MANAGER)


class SurveyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Satisfaction surveys, one per resolution. Agents see their groups' surveys, managers
    and admins all; requesters get 403 (they see their own answer on their ticket)."""

    serializer_class = SurveySerializer
    lookup_value_regex = r"\d+"
    permission_classes = [AgentsOnly]
    filterset_class = SurveyFilterSet
    ordering_fields = ["created_at", "sent_at", "responded_at", "rating"]
    ordering = ["-created_at", "-id"]
    search_fields = []

    def get_queryset(self):
        return queries.surveys_visible_to(self.request.user)

    @extend_schema(request=RespondSerializer, responses={200: RespondResultSerializer}, auth=[])
    @action(
        detail=False,
        methods=["post"],
        permission_classes=[permissions.AllowAny],
        parser_classes=[JSONParser],
    )
    def respond(self, request):
        """Answer a survey with the token of its link (no login): rating 1–5, an optional
        comment. A used, expired or forged token is a 400 on `token`."""
        body = RespondSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        survey = services.respond(data["token"], data.get("rating"), data.get("comment"))
        return Response(RespondResultSerializer(survey).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="sent on or after"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="sent on or before"),
            OpenApiParameter("group", OpenApiTypes.INT),
            OpenApiParameter("agent", OpenApiTypes.INT),
            OpenApiParameter("service", OpenApiTypes.INT),
            OpenApiParameter("by", OpenApiTypes.STR, enum=list(queries.GROUPINGS)),
        ],
        responses={200: CsatSerializer},
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def csat(self, request):
        """CSAT of the surveys sent in a period: average, distribution, response rate,
        overall and by group, agent, service or month."""
        params = CsatQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        if "group" in p:
            # The reports' scope rule: another group's figures are a 403, not zeros.
            roles.report_group_scope(request.user, p["group"])
        qs = queries.in_period(self.get_queryset(), p.get("from"), p.get("to"))
        for name, field in (("group", "assignment_group"), ("agent", "assignee")):
            if name in p:
                qs = qs.filter(**{field: p[name]})
        if "service" in p:
            qs = qs.filter(service=p["service"])
        return Response(queries.csat(qs, p.get("by")))


class FollowUpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Follow-ups (回访) of low ratings, for managers and admins."""

    serializer_class = FollowUpSerializer
    lookup_value_regex = r"\d+"
    permission_classes = [ManagersOnly]
    filterset_class = FollowUpFilterSet
    ordering_fields = ["created_at", "done_at"]
    ordering = ["-created_at", "-id"]
    search_fields = []

    def get_queryset(self):
        qs = queries.follow_ups_visible_to(self.request.user)
        if self.request.query_params.get("mine") in ("1", "true"):
            qs = queries.open_follow_ups_for(self.request.user)
        return qs

    @extend_schema(request=CompleteFollowUpSerializer, responses={200: FollowUpSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Record what was done; the follow-up is then done (409 if it already is)."""
        follow_up = self.get_object()
        body = CompleteFollowUpSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        follow_up = services.complete_follow_up(
            request.user, follow_up, body.validated_data["action_taken"]
        )
        follow_up = queries.follow_ups_visible_to(request.user).get(pk=follow_up.pk)
        return Response(FollowUpSerializer(follow_up).data)


class SurveyRuleViewSet(viewsets.ModelViewSet):
    """Survey settings per service or catalog item: agents read, managers write."""

    serializer_class = SurveyRuleSerializer
    permission_classes = [ReadAgentWriteManager]
    queryset = SurveyRule.objects.select_related("service", "catalog_item").order_by("id")
    filterset_fields = ["service", "catalog_item"]
    search_fields = []
    ordering_fields = ["id", "created_at"]
