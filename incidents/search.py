"""Ticket search: the number, the title, the description and the comments.

Requesters' searches never look at internal work notes (their ticket list is already only
their own tickets). On PostgreSQL, for staff, the comments that match are looked up first,
from their trigram index, when there are at most COMMENT_CANDIDATES of them: the ticket
query is then `title … OR description … OR id IN (…)`, which the planner answers either
from the indexes (a rare word) or by walking the newest tickets (a common one). When more
comments match, the word is common and the query keeps `EXISTS (…)`, which the walk checks
ticket by ticket; so does a requester's search, over their own few tickets.
"""

from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from common import search, searchterms
from incidents import permissions
from incidents.models import Comment, Ticket

if TYPE_CHECKING:
    from accounts.models import User

COMMENT_CANDIDATES = 2000
# Which fields are searched, and whether each is short (see common.searchterms).
TICKET_FIELDS = {"title": True, "description": False}
COMMENT_FIELDS = {"body": False}


def matching(queryset: QuerySet[Ticket], value: str, *, reader: "User | None") -> QuerySet[Ticket]:
    """The tickets of `queryset` whose number is `value`, or whose text contains it, in
    the comments `reader` may read (`permissions.readable_rows`: work notes for agents)."""
    term = searchterms.parse(value)
    if not term.text:
        return queryset
    # Numbers are stored upper-case: an equality the unique index answers.
    condition = Q(number=term.text.upper())
    commented, common = _commented(term, reader)
    text = search.any_field_matches(term, TICKET_FIELDS, grams=not common)
    if text is not None:
        condition |= text
    if commented is not None:
        condition |= commented
    return queryset.filter(condition)


def _comments(
    term: searchterms.Term, reader: "User | None", grams: bool
) -> QuerySet[Comment] | None:
    text = search.any_field_matches(term, COMMENT_FIELDS, grams=grams)
    if text is None:
        return None
    return permissions.readable_rows(reader, Comment.objects.filter(text))


def _commented(term: searchterms.Term, reader: "User | None") -> tuple[Q | None, bool]:
    """The condition on comments, and whether the term is common (more comments match it
    than COMMENT_CANDIDATES)."""
    internal = permissions.sees_internal(reader)
    comments = _comments(term, reader, grams=True)
    if comments is None:
        return None, False
    if connection.vendor != "postgresql":
        return Q(Exists(comments.filter(ticket=OuterRef("pk")))), False
    if internal:
        ticket_ids = comments.order_by().values_list("ticket_id", flat=True)
        rows = list(ticket_ids[: COMMENT_CANDIDATES + 1])
        if len(rows) <= COMMENT_CANDIDATES:
            return Q(pk__in=set(rows)), False
    # A common word, or a requester's list (their own tickets, a few): the tickets are
    # checked one by one. `id <= ticket_id <= id` rather than `=` keeps PostgreSQL from
    # hashing every matching comment of every ticket first.
    comments = _comments(term, reader, grams=False)
    if comments is None:  # the same term and fields as above: never
        return None, False
    nearby = comments.filter(ticket__gte=OuterRef("pk"), ticket__lte=OuterRef("pk"))
    return Q(Exists(nearby)), internal  # staff get here only for a common word
