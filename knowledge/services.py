"""The only writers of the knowledge base: one function per operation, one transaction each.

Roles (knowledge.permissions) and the lifecycle (knowledge.workflow) are checked here, so
the pages and the API refuse alike: PermissionDenied (403), IllegalTransition (409),
DomainError (400) with field messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.expressions import Combinable
from django.utils import timezone
from django.utils.translation import gettext as _

from common import uploads
from common.errors import DomainError, IllegalTransition, PayloadTooLarge
from common.searchterms import CJK
from knowledge import permissions, rules, workflow
from knowledge.models import (
    Article,
    ArticleEvent,
    ArticleImage,
    ArticleVersion,
    Deflection,
    EventKind,
    Feedback,
    Language,
    TicketArticle,
    Visibility,
)

if TYPE_CHECKING:
    from accounts.models import User
    from catalog.models import CatalogItem, Service
    from incidents.models import Ticket

# Fields an edit may change (the API's PATCH body, the page's form).
EDITABLE_FIELDS = (
    "title",
    "body",
    "language",
    "visibility",
    "services",
    "catalog_items",
    "tags",
    "review_due",
    "translation_of",
)
_EVENT_OF = {
    "submit": EventKind.SUBMITTED,
    "publish": EventKind.PUBLISHED,
    "retire": EventKind.RETIRED,
}


@dataclass
class ArticleData:
    title: str
    body: str = ""
    language: str = Language.EN
    visibility: str = Visibility.PUBLIC
    services: list[Service] = field(default_factory=list)
    catalog_items: list[CatalogItem] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    review_due: dt.date | None = None
    translation_of: Article | None = None


def clean_tags(values: Iterable[str]) -> list[str]:
    """Trimmed, distinct (ignoring case), at most TAGS_MAX of at most TAG_MAX characters."""
    tags: list[str] = []
    for value in values:
        tag = " ".join(str(value).split())
        if not tag:
            continue
        if len(tag) > rules.TAG_MAX:
            raise DomainError(
                {"tags": [_("A tag has at most %(n)d characters.") % {"n": rules.TAG_MAX}]}
            )
        if tag.lower() not in (t.lower() for t in tags):
            tags.append(tag)
    if len(tags) > rules.TAGS_MAX:
        raise DomainError({"tags": [_("At most %(n)d tags.") % {"n": rules.TAGS_MAX}]})
    return tags


def _check_text(title: str, body: str) -> None:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Give the article a title.")]
    elif len(title) > rules.TITLE_MAX or "\n" in title or "\r" in title:
        errors["title"] = [_("One line of at most %(n)d characters.") % {"n": rules.TITLE_MAX}]
    if len(body) > rules.BODY_MAX:
        errors["body"] = [_("At most %(n)d characters.") % {"n": rules.BODY_MAX}]
    if errors:
        raise DomainError(errors)


def _check_translation(article: Article | None, original: Article | None, language: str) -> None:
    if original is None:
        return
    if article is not None and (
        original.pk == article.pk or original.translation_of_id == article.pk
    ):
        raise DomainError({"translation_of": [_("An article cannot translate itself.")]})
    if original.language == language:
        raise DomainError(
            {"translation_of": [_("A translation is in another language than its original.")]}
        )


def _record(article: Article, actor: User | None, kind: str, note: str = "") -> None:
    ArticleEvent.objects.create(article=article, actor=actor, kind=kind, note=note[:300])


def _lock(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


@transaction.atomic
def create_article(actor: User, data: ArticleData, *, source: Ticket | None = None) -> Article:
    if not permissions.can_write(actor):
        raise PermissionDenied
    _check_text(data.title, data.body)
    original = data.translation_of
    if original is not None and original.translation_of_id is not None:
        original = original.translation_of  # link to the original, never a chain
    _check_translation(None, original, data.language)
    tags = clean_tags(data.tags)
    article = Article.objects.create(
        title=data.title.strip(),
        body=data.body,
        language=data.language,
        visibility=data.visibility,
        author=actor,
        tags=tags,
        tags_text=" ".join(tags),
        review_due=data.review_due,
        translation_of=original,
        source_ticket=source,
    )
    article.services.set(data.services)
    article.catalog_items.set(data.catalog_items)
    _record(article, actor, EventKind.CREATED)
    return article


@transaction.atomic
def update_article(actor: User, article: Article, changes: dict[str, object]) -> Article:
    """Edit; a published article stays published (its next publish keeps a new version)."""
    if not permissions.can_write(actor):
        raise PermissionDenied
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError({name: [_("This field cannot be changed here.")] for name in unknown})
    article = _lock(article)
    if article.status not in workflow.EDITABLE:
        raise IllegalTransition(_("A retired article is kept as it was: it cannot be edited."))
    title = str(changes.get("title", article.title))
    body = str(changes.get("body", article.body))
    _check_text(title, body)
    language = str(changes.get("language", article.language))
    original = changes.get("translation_of", article.translation_of)
    if original is not None and not isinstance(original, Article):
        raise DomainError({"translation_of": [_("Choose an article.")]})
    if original is not None and original.translation_of_id is not None:
        original = original.translation_of
    _check_translation(article, original, language)
    changed: list[str] = []
    for name in ("title", "body", "language", "visibility", "review_due"):
        if name in changes and changes[name] != getattr(article, name):
            setattr(article, name, changes[name] if name != "title" else title.strip())
            changed.append(name)
    if (
        "translation_of" in changes
        and (original.pk if original else None) != article.translation_of_id
    ):
        article.translation_of = original
        changed.append("translation_of")
    if "tags" in changes:
        raw = changes["tags"]
        if not isinstance(raw, list):
            raise DomainError({"tags": [_("A list of words.")]})
        tags = clean_tags(str(t) for t in raw)
        if tags != article.tags:
            article.tags, article.tags_text = tags, " ".join(tags)
            changed.append("tags")
    article.save()
    for name in ("services", "catalog_items"):
        if name in changes:
            values = changes[name]
            if isinstance(values, str) or not isinstance(values, Iterable):
                raise DomainError({name: [_("A list of ids.")]})
            values = list(values)
            before = set(getattr(article, name).values_list("pk", flat=True))
            if before != {v.pk for v in values}:
                getattr(article, name).set(values)
                changed.append(name)
    if changed:
        _record(article, actor, EventKind.EDITED, ", ".join(changed))
    return article


@transaction.atomic
def transition(actor: User, article: Article, action: str) -> Article:
    """submit, publish or retire (knowledge.workflow.ACTIONS)."""
    row = workflow.ACTIONS.get(action)
    if row is None:
        raise DomainError({"action": [_("Unknown action.")]})
    if not permissions.may_take(actor, action):
        raise PermissionDenied
    article = _lock(article)
    if not row.allows(article.status):
        raise IllegalTransition(
            _("This article is %(status)s: it cannot be %(action)s from there.")
            % {"status": article.get_status_display(), "action": str(row.label).lower()}
        )
    now = timezone.now()
    article.status = row.target
    if action == "publish":
        article.version += 1
        article.published_at = now
        article.retired_at = None
        ArticleVersion.objects.create(
            article=article,
            number=article.version,
            title=article.title,
            body=article.body,
            published_by=actor,
            published_at=now,
        )
    elif action == "retire":
        article.retired_at = now
    article.save()
    _record(article, actor, _EVENT_OF[action])
    return article


def _draft_body(ticket: Ticket) -> str:
    """The ticket's description and resolution as Markdown; never its comments (work notes)."""
    problem, solution = _("Problem"), _("Solution")
    parts = [
        f"## {problem}",
        ticket.description.strip() or ticket.title,
        f"## {solution}",
        (ticket.resolution_notes or "").strip() or _("(Describe the solution.)"),
    ]
    return "\n\n".join(parts) + "\n"


def draft_from_ticket(actor: User, ticket: Ticket) -> Article:
    """A draft built from the ticket's title, description and resolution, linked to it."""
    if not permissions.can_write(actor):
        raise PermissionDenied
    language = Language.ZH_HANS if _has_cjk(ticket.title + ticket.description) else Language.EN
    with transaction.atomic():
        item = ticket.catalog_item
        data = ArticleData(
            title=ticket.title[: rules.TITLE_MAX] or str(ticket),
            body=_draft_body(ticket)[: rules.BODY_MAX],
            language=language,
            services=[item.service] if item is not None else [],
            catalog_items=[item] if item is not None else [],
        )
        article = create_article(actor, data, source=ticket)
        link_article(actor, ticket, article)
    return article


def _has_cjk(text: str) -> bool:
    import re

    return re.search(f"[{CJK}]", text) is not None


@transaction.atomic
def link_article(actor: User, ticket: Ticket, article: Article) -> TicketArticle:
    """Link an article to a ticket (again: nothing changes)."""
    if not permissions.can_write(actor):
        raise PermissionDenied
    link, created = TicketArticle.objects.get_or_create(
        ticket=ticket, article=article, defaults={"linked_by": actor}
    )
    if created:
        _record(article, actor, EventKind.LINKED, ticket.number or "")
    return link


def record_view(article: Article) -> None:
    """One more read of the article page (a counter, not history)."""
    Article.objects.filter(pk=article.pk).update(views=F("views") + 1)


@transaction.atomic
def vote(user: User, article: Article, helpful: bool) -> Feedback:
    """ "Was this helpful?": the user's one vote on the article; voting again changes it."""
    if not isinstance(helpful, bool):
        raise DomainError({"helpful": [_("Must be true or false.")]})
    if not permissions.can_give_feedback(user, article):
        raise PermissionDenied
    article = _lock(article)
    previous = Feedback.objects.select_for_update().filter(article=article, user=user).first()
    if previous is not None and previous.helpful == helpful:
        return previous
    gained, lost = ("helpful_count", "not_helpful_count")[:: 1 if helpful else -1]
    counts: dict[str, Combinable] = {gained: F(gained) + 1}
    if previous is not None:
        counts[lost] = F(lost) - 1
        previous.helpful = helpful
        previous.save(update_fields=["helpful", "updated_at"])
        feedback = previous
    else:
        feedback = Feedback.objects.create(article=article, user=user, helpful=helpful)
    Article.objects.filter(pk=article.pk).update(**counts)
    return feedback


def mark_solved(
    user: User, article: Article, catalog_item: CatalogItem | None = None
) -> tuple[Deflection, bool]:
    """The reader's problem was solved without a ticket: one deflection per user, article
    and day (in the desk's time zone); (the row, whether it is new)."""
    if not permissions.can_give_feedback(user, article):
        raise PermissionDenied
    now = timezone.now()
    day = timezone.localdate(now)
    existing = Deflection.objects.filter(article=article, user=user, day=day).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            row = Deflection.objects.create(
                article=article, user=user, day=day, catalog_item=catalog_item, created_at=now
            )
    except IntegrityError:  # the same click twice at once: the other one counted
        return Deflection.objects.get(article=article, user=user, day=day), False
    return row, True


def add_image(actor: User, article: Article, upload: UploadedFile | None) -> ArticleImage:
    """An image for the article's body (PNG, JPEG, GIF or WebP, judged by its bytes)."""
    if not permissions.can_write(actor):
        raise PermissionDenied
    if upload is None:
        raise DomainError({"file": [_("Attach an image.")]})
    size = upload.size or 0
    if size > rules.IMAGE_MAX_BYTES:
        raise PayloadTooLarge(
            _("The file is larger than %(mb)s MB.")
            % {"mb": round(rules.IMAGE_MAX_BYTES / 2**20, 1)}
        )
    head = upload.read(2048)
    upload.seek(0)
    content_type = uploads.sniff(head)
    if content_type not in rules.IMAGE_TYPES:
        raise DomainError({"file": [_("Only PNG, JPEG, GIF and WebP images are accepted.")]})
    name = (upload.name or "image").replace("\\", "/").rsplit("/", 1)[-1][:200]
    with transaction.atomic():
        image = ArticleImage(
            article=article,
            uploaded_by=actor,
            original_name=name,
            content_type=content_type,
            size=size,
        )
        image.file.save(f"{timezone.now():%Y%m%d%H%M%S}-{name}", upload, save=False)
        image.save()
    return image
