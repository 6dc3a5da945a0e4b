"""Knowledge articles, their published versions, feedback, deflections and ticket links."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel
from knowledge import rules, workflow


class Language(models.TextChoices):
    EN = "en", _("English")
    ZH_HANS = "zh-hans", _("Simplified Chinese")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public (everyone)")
    INTERNAL = "internal", _("Internal (agents and up)")


class Status(models.TextChoices):
    DRAFT = workflow.DRAFT, _("Draft")
    REVIEW = workflow.REVIEW, _("In review")
    PUBLISHED = workflow.PUBLISHED, _("Published")
    RETIRED = workflow.RETIRED, _("Retired")


class Article(TimeStampedModel):
    title = models.CharField(_("title"), max_length=rules.TITLE_MAX)
    body = models.TextField(_("body (Markdown)"), max_length=rules.BODY_MAX, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.EN
    )
    # The article this one translates (one original, any number of translations).
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="knowledge_articles",
    )
    services = models.ManyToManyField(
        "catalog.Service", verbose_name=_("services"), blank=True, related_name="articles"
    )
    catalog_items = models.ManyToManyField(
        "catalog.CatalogItem",
        verbose_name=_("catalog items"),
        blank=True,
        related_name="articles",
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    # The tags as one line of text, for search (its own trigram and gram indexes).
    tags_text = models.CharField(max_length=600, blank=True, editable=False)
    # Number of published versions (0 until first published).
    version = models.PositiveIntegerField(_("version"), default=0)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    review_due = models.DateField(_("review due"), null=True, blank=True)
    views = models.PositiveIntegerField(_("views"), default=0)
    helpful_count = models.PositiveIntegerField(_("helpful"), default=0)
    not_helpful_count = models.PositiveIntegerField(_("not helpful"), default=0)
    # The ticket this article was drafted from, if any.
    source_ticket = models.ForeignKey(
        "incidents.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["status", "visibility", "-views"], name="article_status_views"),
            models.Index(fields=["status", "-updated_at"], name="article_status_updated"),
            models.Index(fields=["author", "review_due"], name="article_author_review"),
        ]

    def __str__(self) -> str:
        return self.title


class ArticleVersion(models.Model):
    """What a publish made public, kept whole (the article page diffs two of them)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=rules.TITLE_MAX)
    body = models.TextField(_("body"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="article_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    SUBMITTED = "submitted", _("Submitted for review")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")
    LINKED = "linked", _("Linked to a ticket")


class ArticleEvent(models.Model):
    """The article's history: one row per change."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.article_id} {self.kind}"


class Feedback(TimeStampedModel):
    """ "Was this helpful?": one vote per user per article (a second vote replaces it)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    helpful = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="feedback_one_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} {'+' if self.helpful else '-'}"


class Deflection(models.Model):
    """A reader's problem solved by an article without a ticket (once a day per article)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="deflections")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    catalog_item = models.ForeignKey(
        "catalog.CatalogItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user", "day"], name="deflection_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} {self.day}"


class TicketArticle(models.Model):
    """An article linked to a ticket (made from it, or found to answer it)."""

    ticket = models.ForeignKey(
        "incidents.Ticket", on_delete=models.CASCADE, related_name="article_links"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="ticket_links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "article"], name="ticket_article_unique")
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.article_id}"


def image_path(instance: "ArticleImage", filename: str) -> str:
    return f"knowledge/{instance.article_id}/{filename}"


class ArticleImage(models.Model):
    """An image for an article's body: the only images its Markdown may show."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to=image_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name
