from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import CatalogItem, Service
from catalog.queries import items_visible_to
from common.api.serializers import StrictSerializer, VisibleRelatedField
from knowledge import markdown, permissions, queries, rules
from knowledge.models import Article, ArticleVersion, Language, Visibility


class ArticleSerializer(serializers.ModelSerializer):
    body_html = serializers.SerializerMethodField()
    author_name = serializers.CharField(source="author.__str__", read_only=True)
    services = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    catalog_items = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    tags = serializers.ListField(child=serializers.CharField(), read_only=True)
    translations = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "body",
            "body_html",
            "language",
            "translation_of",
            "translations",
            "services",
            "catalog_items",
            "tags",
            "visibility",
            "status",
            "author",
            "author_name",
            "version",
            "published_at",
            "retired_at",
            "review_due",
            "views",
            "helpful_count",
            "not_helpful_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_body_html(self, obj) -> str:
        return markdown.render(obj.body)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_translations(self, obj) -> list[int]:
        """The other language versions of this article that the caller may read."""
        request = self.context.get("request")
        user = request.user if request else None
        linked = list(obj.translations.all())
        if obj.translation_of is not None:
            linked.append(obj.translation_of)
        return [a.pk for a in linked if a.pk != obj.pk and permissions.can_read(user, a)]


class ArticleWriteSerializer(StrictSerializer):
    """Create (title required) and edit (any of these) an article."""

    title = serializers.CharField(max_length=rules.TITLE_MAX)
    body = serializers.CharField(max_length=rules.BODY_MAX, allow_blank=True, required=False)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    services = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Service.objects.all(), required=False
    )
    catalog_items = VisibleRelatedField(
        items_visible_to, many=True, queryset=CatalogItem.objects.all(), required=False
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=rules.TAG_MAX),
        max_length=rules.TAGS_MAX,
        required=False,
    )
    review_due = serializers.DateField(required=False, allow_null=True)
    translation_of = VisibleRelatedField(
        queries.articles_visible_to, queryset=Article.objects.all(), required=False, allow_null=True
    )
    protected_fields = (
        "id",
        "status",
        "author",
        "version",
        "published_at",
        "views",
        "helpful_count",
        "not_helpful_count",
        "body_html",
    )


class ArticleVersionSerializer(serializers.ModelSerializer):
    published_by_name = serializers.CharField(source="published_by.__str__", read_only=True)
    body_html = serializers.SerializerMethodField()

    class Meta:
        model = ArticleVersion
        fields = [
            "number",
            "title",
            "body",
            "body_html",
            "published_by",
            "published_by_name",
            "published_at",
        ]
        read_only_fields = fields

    def get_body_html(self, obj) -> str:
        return markdown.render(obj.body)


class FeedbackSerializer(StrictSerializer):
    helpful = serializers.BooleanField()

    def to_internal_value(self, data):
        # Only JSON true or false: "yes", 1 or "false" are refused, not guessed.
        value = data.get("helpful") if hasattr(data, "get") else None
        if "helpful" in getattr(data, "keys", lambda: [])() and not isinstance(value, bool):
            raise serializers.ValidationError({"helpful": [gettext("Must be true or false.")]})
        return super().to_internal_value(data)


class FeedbackResultSerializer(serializers.Serializer):
    helpful = serializers.BooleanField()
    helpful_count = serializers.IntegerField()
    not_helpful_count = serializers.IntegerField()


class SolvedSerializer(StrictSerializer):
    catalog_item = VisibleRelatedField(
        items_visible_to, queryset=CatalogItem.objects.all(), required=False, allow_null=True
    )


class SolvedResultSerializer(serializers.Serializer):
    counted = serializers.BooleanField(help_text="False when already counted today.")
    day = serializers.DateField()


class LinkArticleSerializer(StrictSerializer):
    article = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class SuggestQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    catalog_item = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class ArticleBriefSerializer(serializers.ModelSerializer):
    """A suggestion: enough to show and open it."""

    excerpt = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "title", "excerpt", "language", "helpful_count", "views"]
        read_only_fields = fields

    def get_excerpt(self, obj) -> str:
        return markdown.plain_excerpt(obj.body)


class ImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    markdown = serializers.CharField()
