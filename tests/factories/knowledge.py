"""Factories for knowledge articles (a published public one by default)."""

import factory
from django.utils import timezone

from accounts.roles import Role
from knowledge.models import Article
from tests.factories.accounts import UserFactory

__all__ = ["ArticleFactory"]


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    body = "Some **help**."
    language = "en"
    visibility = "public"
    status = "published"
    author = factory.SubFactory(UserFactory, role=Role.AGENT)
    version = factory.LazyAttribute(lambda o: 1 if o.status == "published" else 0)
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == "published" else None
    )
    tags_text = factory.LazyAttribute(lambda o: " ".join(o.tags))
    tags = factory.LazyFunction(list)
