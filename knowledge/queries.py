"""Read side of the knowledge base: what each reader sees, search, suggestions, figures."""

import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Combinable

from common import search, searchterms
from knowledge import permissions, rules, terms, workflow
from knowledge.models import Article, ArticleVersion, Deflection, TicketArticle, Visibility

if TYPE_CHECKING:
    from accounts.roles import Person
    from catalog.models import Service
    from incidents.models import Ticket

# Which fields are searched, and whether each is short (see common.searchterms).
ARTICLE_FIELDS = {"title": True, "body": False, "tags_text": True}
# A suggestion's rank: each typed word found counts WORD_WEIGHT, plus where it was found
# (so an article with more of the words ranks first, then the one with them in its title).
WORD_WEIGHT = 10
WEIGHTS = {"title": 4, "tags_text": 3, "body": 1}
# An article linked to the catalog item being filled in counts this much (of the newest
# ITEM_ARTICLES linked to it).
ITEM_WEIGHT = 3
ITEM_ARTICLES = 200


def articles_with_related() -> QuerySet[Article]:
    return Article.objects.select_related("author", "translation_of").prefetch_related(
        "services", "catalog_items", "translations"
    )


def readable_filter(user: "Person") -> Q | None:
    """The condition on articles a reader may see; None for nothing at all (anonymous)."""
    if permissions.sees_unpublished(user):
        return Q()
    if user is None or not user.is_authenticated:
        return None
    return Q(status=workflow.PUBLISHED, visibility=Visibility.PUBLIC)


def articles_visible_to(user: "Person", *, related: bool = True) -> QuerySet[Article]:
    """The articles `user` may read; `related=False` for one article acted on (no lists)."""
    condition = readable_filter(user)
    qs = articles_with_related() if related else Article.objects.all()
    return qs.none() if condition is None else qs.filter(condition)


def published_for(user: "Person", *, related: bool = False) -> QuerySet[Article]:
    """Published articles the reader may read (the portal's lists and suggestions)."""
    return articles_visible_to(user, related=related).filter(status=workflow.PUBLISHED)


# Where `prefetch_ticket_links` leaves a ticket's links: a plain list.
LINKS = "linked_article_rows"


def prefetch_ticket_links() -> "Prefetch[str, QuerySet[TicketArticle]]":
    """A ticket list's linked articles in one query (`ticket.articles[]`), kept as a list on
    each ticket (`to_attr`: no related manager and queryset built per ticket)."""
    return Prefetch(
        "article_links", queryset=TicketArticle.objects.select_related("article"), to_attr=LINKS
    )


def matching(queryset: QuerySet[Article], value: str) -> QuerySet[Article]:
    """`?search=`: title, body or tags contain the text (Chinese included)."""
    term = searchterms.parse(value)
    if not term.text:
        return queryset
    condition = search.any_field_matches(term, ARTICLE_FIELDS)
    return queryset if condition is None else queryset.filter(condition)


def _word_score(word: str) -> tuple[Q | None, Case | None]:
    """Where the word is (the indexes' condition, to find candidates) and its points (plain
    `icontains`: computing grams again for every candidate would cost far more)."""
    term = searchterms.parse(word)
    any_field: Q | None = None
    whens = []
    # A word too short for trigrams (`断开`, `OA`) is looked for in titles and tags only:
    # in bodies only the grams could find it, computed again for each of thousands of rows.
    fields = WEIGHTS if term.trigram else {k: v for k, v in WEIGHTS.items() if k != "body"}
    for field, weight in fields.items():
        condition = search.field_matches(field, term, short_field=ARTICLE_FIELDS[field])
        if condition is None:
            continue
        plain = Q(**{f"{field}__icontains": term.text})
        whens.append(When(plain, then=Value(WORD_WEIGHT + weight)))
        any_field = condition if any_field is None else any_field | condition
    if not whens:
        return None, None
    return any_field, Case(*whens, default=Value(0), output_field=IntegerField())


def suggest(user: "Person", text: str, catalog_item_id: int | None = None) -> list[Article]:
    """Up to SUGGEST_LIMIT published articles the reader may read, best first: the most
    typed words found, where (a title counts most, then tags, then the body), an article of
    the catalog item being filled in, then the most helpful and the most read."""
    words = terms.split(text, rules.SUGGEST_TERMS_MAX)
    found: Q | None = None
    score: Combinable | None = None
    for word in words:
        condition, points = _word_score(word)
        if condition is None or points is None:
            continue
        found = condition if found is None else found | condition
        score = points if score is None else score + points
    if catalog_item_id is not None:
        # The item's articles as ids (a few): an index condition beside the words', where an
        # EXISTS in an OR would make PostgreSQL read every article.
        ids = list(
            Article.catalog_items.through.objects.filter(catalogitem_id=catalog_item_id)
            .order_by("-article_id")
            .values_list("article_id", flat=True)[:ITEM_ARTICLES]
        )
        if ids:
            item_points = Case(
                When(pk__in=ids, then=Value(ITEM_WEIGHT)),
                default=Value(0),
                output_field=IntegerField(),
            )
            found = Q(pk__in=ids) if found is None else found | Q(pk__in=ids)
            score = item_points if score is None else score + item_points
    if found is None or score is None:
        return []
    qs = (
        published_for(user)
        .filter(found)
        .annotate(rank=score, net=F("helpful_count") - F("not_helpful_count"))
        .order_by("-rank", "-net", "-views", "-id")
    )
    return list(qs[: rules.SUGGEST_LIMIT])


def ticket_suggestions(user: "Person", ticket: "Ticket") -> list[Article]:
    """Articles that may answer a ticket (its title and catalog item), for the resolve form."""
    linked = {a.pk for a in linked_articles(user, ticket)}
    found = suggest(user, ticket.title, ticket.catalog_item_id)
    return [a for a in found if a.pk not in linked]


def none_linked(ticket: "Ticket") -> None:
    """Record on a ticket just opened that it has no linked article, as
    `prefetch_ticket_links` would find: articles are linked to tickets that exist
    (`services.link_article`), so its answer need not ask the database."""
    setattr(ticket, LINKS, [])


def linked_articles(user: "Person", ticket: "Ticket") -> list[Article]:
    """The ticket's linked articles the reader may read (ticket.articles[], the desk panel).
    Reads `article_links` as prefetched (prefetch_ticket_links), else once per ticket."""
    cache = ticket.__dict__.setdefault("_knowledge_links", {})
    if "links" not in cache:
        links = getattr(ticket, LINKS, None)
        if links is None:
            links = ticket.article_links.all()
            if "article_links" not in getattr(ticket, "_prefetched_objects_cache", {}):
                links = links.select_related("article")
        cache["links"] = [link.article for link in links]
    return [a for a in cache["links"] if permissions.can_read(user, a)]


def versions_of(article: Article) -> QuerySet[ArticleVersion]:
    return article.versions.select_related("published_by")


def most_viewed(user: "Person", limit: int = 5) -> list[Article]:
    return list(published_for(user).order_by("-views", "-id")[:limit])


class ServiceCount(TypedDict):
    service: "Service"
    count: int


def services_with_articles(user: "Person") -> list[ServiceCount]:
    """Services that have published articles the reader may read, with how many."""
    from catalog.models import Service

    condition = readable_filter(user)
    if condition is None:
        return []
    prefixed = Q(articles__status=workflow.PUBLISHED)
    if not permissions.sees_unpublished(user):
        prefixed &= Q(articles__visibility=Visibility.PUBLIC)
    rows = (
        Service.objects.annotate(n=Count("articles", filter=prefixed, distinct=True))
        .filter(n__gt=0)
        .order_by("name")
    )
    return [{"service": s, "count": s.n} for s in rows]


def review_due(user: "Person", today: dt.date) -> Q:
    """Articles whose review date has come (the management list's "Review due" filter)."""
    return Q(review_due__lte=today) & ~Q(status=workflow.RETIRED)


# Figures for reports (reports.metrics reads these; reports own the period).


def deflections_between(since: dt.datetime, until: dt.datetime) -> int:
    return Deflection.objects.filter(created_at__gte=since, created_at__lt=until).count()


def published_between(since: dt.datetime, until: dt.datetime) -> int:
    """Articles published (first or again) in the period, each counted once."""
    return (
        ArticleVersion.objects.filter(published_at__gte=since, published_at__lt=until)
        .values("article_id")
        .distinct()
        .count()
    )


def least_helpful(limit: int = 5) -> list[Article]:
    """Published articles with more "not helpful" votes than helpful ones, worst first."""
    return list(
        Article.objects.filter(status=workflow.PUBLISHED, not_helpful_count__gt=0)
        .annotate(net=F("helpful_count") - F("not_helpful_count"))
        .filter(net__lt=0)
        .order_by("net", "-not_helpful_count", "id")[:limit]
    )


def most_linked(limit: int = 5) -> list[Article]:
    """Articles linked to the most tickets (annotated `tickets`), ties by id. Counted on the
    links alone (`_top_articles`), not over every article."""
    return _top_articles(TicketArticle.objects.all(), "tickets", limit)


def _top_articles(links: QuerySet[Any], name: str, limit: int) -> list[Article]:
    """The `limit` articles with the most of these rows (ticket links, deflections), each
    annotated with its count as `name`, most first then by id: the rows are grouped by
    article on their own index, and only the chosen articles are read (one query)."""
    top = links.values("article_id").annotate(n=Count("pk")).order_by("-n", "article_id")
    count = links.filter(article=OuterRef("pk")).order_by().values("article")
    return list(
        Article.objects.filter(pk__in=top[:limit].values("article_id"))
        .annotate(**{name: Subquery(count.annotate(n=Count("pk")).values("n")[:1])})
        .order_by(f"-{name}", "id")
    )


def linked_ticket_count() -> int:
    return TicketArticle.objects.values("ticket_id").distinct().count()


def top_viewed(limit: int = 5) -> list[Article]:
    return list(Article.objects.filter(status=workflow.PUBLISHED).order_by("-views", "id")[:limit])


def deflections_per_article(
    since: dt.datetime, until: dt.datetime, limit: int = 5
) -> list[Article]:
    """Articles that solved the most problems in the period (annotated `solved`)."""
    period = Deflection.objects.filter(created_at__gte=since, created_at__lt=until)
    return _top_articles(period, "solved", limit)
