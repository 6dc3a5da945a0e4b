"""The dashboard card's lists (knowledge.queries): the articles with the most ticket links
or deflections, most first then by id, counted on the links alone."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from knowledge import queries
from knowledge.models import Deflection, TicketArticle
from tests import factories

pytestmark = pytest.mark.django_db


def test_most_linked_counts_links_most_first_then_by_id():
    a, b, c, _unlinked = factories.ArticleFactory.create_batch(4)
    agent = factories.UserFactory(role="agent")
    for article, n in ((a, 1), (b, 3), (c, 1)):
        for ticket in factories.TicketFactory.create_batch(n):
            TicketArticle.objects.create(ticket=ticket, article=article, linked_by=agent)
    with CaptureQueriesContext(connection) as sql:
        top = queries.most_linked(limit=2)
    assert [(x.pk, x.tickets) for x in top] == [(b.pk, 3), (a.pk, 1)]
    assert len(sql.captured_queries) == 1
    assert [(x.pk, x.tickets) for x in queries.most_linked()] == [(b.pk, 3), (a.pk, 1), (c.pk, 1)]


def test_deflections_per_article_counts_the_period_only():
    a, b = factories.ArticleFactory.create_batch(2)
    now = timezone.now()
    for article, when in (
        (a, now),
        (b, now),
        (b, now - dt.timedelta(days=1)),
        (a, now - dt.timedelta(days=40)),
    ):
        Deflection.objects.create(
            article=article, user=factories.UserFactory(), day=when.date(), created_at=when
        )
    week = queries.deflections_per_article(now - dt.timedelta(days=7), now + dt.timedelta(hours=1))
    assert [(x.pk, x.solved) for x in week] == [(b.pk, 2), (a.pk, 1)]
    assert (
        queries.deflections_per_article(now + dt.timedelta(hours=1), now + dt.timedelta(days=1))
        == []
    )
