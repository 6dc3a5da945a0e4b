from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.parsers import JSONParser
from incidents.api.serializers import TicketSerializer
from incidents.queries import tickets_visible_to
from knowledge import permissions, queries, services, workflow
from knowledge.api.serializers import (
    ArticleBriefSerializer,
    ArticleSerializer,
    ArticleVersionSerializer,
    ArticleWriteSerializer,
    FeedbackResultSerializer,
    FeedbackSerializer,
    ImageSerializer,
    LinkArticleSerializer,
    SolvedResultSerializer,
    SolvedSerializer,
    SuggestQuerySerializer,
)
from knowledge.filters import ArticleFilterSet


def _require_writer(user) -> None:
    if not permissions.can_write(user):
        raise PermissionDenied


def _action_view(spec: workflow.Action):
    def view(self, request, pk=None):
        article = services.transition(request.user, self.get_object(), spec.name)
        article = queries.articles_visible_to(request.user).get(pk=article.pk)
        return Response(ArticleSerializer(article, context={"request": request}).data)

    view.__name__ = spec.name
    view.__doc__ = (
        f"{spec.name}: {' | '.join(spec.sources)} → {spec.target} "
        f"({spec.min_role} and up; any other status → 409)."
    )
    routed = action(detail=True, methods=["post"], url_path=spec.name, url_name=spec.name)(view)
    return extend_schema(request=None, responses={200: ArticleSerializer})(routed)


class ArticleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Knowledge articles. Requesters read published public ones; agents write and submit
    drafts; managers and admins publish and retire. Anonymous callers: never."""

    serializer_class = ArticleSerializer
    filterset_class = ArticleFilterSet
    lookup_value_regex = r"\d+"
    ordering_fields = ["created_at", "updated_at", "published_at", "views", "title"]
    ordering = ["-updated_at", "-id"]
    search_fields: list[str] = []
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        related = self.action in ("list", "retrieve", "partial_update")
        return queries.articles_visible_to(self.request.user, related=related)

    @extend_schema(request=ArticleWriteSerializer, responses={201: ArticleSerializer})
    def create(self, request, *args, **kwargs):
        _require_writer(request.user)
        body = ArticleWriteSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        article = services.create_article(request.user, services.ArticleData(**body.validated_data))
        data = ArticleSerializer(article, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ArticleWriteSerializer, responses={200: ArticleSerializer})
    def partial_update(self, request, *args, **kwargs):
        article = self.get_object()
        _require_writer(request.user)
        body = ArticleWriteSerializer(data=request.data, partial=True, context={"request": request})
        body.is_valid(raise_exception=True)
        article = services.update_article(request.user, article, dict(body.validated_data))
        article = self.get_queryset().get(pk=article.pk)
        return Response(ArticleSerializer(article, context={"request": request}).data)

    @extend_schema(responses={200: ArticleVersionSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def versions(self, request, pk=None):
        """Every published version of the article, newest first."""
        article = self.get_object()
        rows = queries.versions_of(article)
        return Response(ArticleVersionSerializer(rows, many=True).data)

    @extend_schema(request=FeedbackSerializer, responses={200: FeedbackResultSerializer})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def feedback(self, request, pk=None):
        """ "Was this helpful?" One vote per user per article; a second call changes it."""
        article = self.get_object()
        body = FeedbackSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        vote = services.vote(request.user, article, body.validated_data["helpful"])
        article.refresh_from_db(fields=["helpful_count", "not_helpful_count"])
        return Response(
            {
                "helpful": vote.helpful,
                "helpful_count": article.helpful_count,
                "not_helpful_count": article.not_helpful_count,
            }
        )

    @extend_schema(request=SolvedSerializer, responses={200: SolvedResultSerializer})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def solved(self, request, pk=None):
        """The reader's problem was solved without a ticket (a deflection, counted once per
        user per article per day; `counted` is false for a repeat)."""
        article = self.get_object()
        body = SolvedSerializer(data=request.data or {}, context={"request": request})
        body.is_valid(raise_exception=True)
        row, created = services.mark_solved(
            request.user, article, body.validated_data.get("catalog_item")
        )
        return Response({"counted": created, "day": row.day})

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="What the user typed."),
            OpenApiParameter("catalog_item", OpenApiTypes.INT, description="Item being filled."),
        ],
        responses={200: ArticleBriefSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def suggest(self, request):
        """Up to 5 published articles the caller may read, best first."""
        query = SuggestQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = queries.suggest(
            request.user,
            query.validated_data.get("q", ""),
            query.validated_data.get("catalog_item"),
        )
        return Response(ArticleBriefSerializer(found, many=True).data)

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={201: ImageSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def images(self, request, pk=None):
        """Upload an image for the body; answers the Markdown that shows it."""
        article = self.get_object()
        _require_writer(request.user)
        image = services.add_image(request.user, article, request.FILES.get("file"))
        url = f"/knowledge/images/{image.pk}/"
        return Response(
            {"id": image.pk, "url": url, "markdown": f"![{image.original_name}]({url})"},
            status=status.HTTP_201_CREATED,
        )


# submit, publish, retire: one route per row of the lifecycle table.
for _name, _spec in workflow.ACTIONS.items():
    setattr(ArticleViewSet, _name, _action_view(_spec))


def _ticket(request, pk):
    return get_object_or_404(tickets_visible_to(request.user), pk=pk)


class TicketArticleView(APIView):
    """`POST /tickets/{id}/article/` (agents): a draft from the ticket, linked to it."""

    @extend_schema(request=None, responses={201: ArticleSerializer}, tags=["tickets"])
    def post(self, request, pk: int):
        ticket = _ticket(request, pk)
        article = services.draft_from_ticket(request.user, ticket)
        data = ArticleSerializer(article, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


class LinkArticleView(APIView):
    """`POST /tickets/{id}/link-article/ {"article": id}` (agents): link an article."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=LinkArticleSerializer, responses={200: TicketSerializer}, tags=["tickets"]
    )
    def post(self, request, pk: int):
        ticket = _ticket(request, pk)
        _require_writer(request.user)
        body = LinkArticleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        article = (
            queries.articles_visible_to(request.user)
            .filter(pk=body.validated_data["article"])
            .first()
        )
        if article is None:
            raise serializers.ValidationError({"article": [gettext("No such article.")]})
        services.link_article(request.user, ticket, article)
        ticket = _ticket(request, pk)
        return Response(TicketSerializer(ticket, context={"request": request}).data)
