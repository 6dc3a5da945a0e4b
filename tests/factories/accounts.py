"""Factories for accounts: users, support groups, customer units."""

import factory
from django.conf import settings

from accounts.models import CustomerUnit, SupportGroup, User
from accounts.roles import Role

__all__ = ["CustomerUnitFactory", "SupportGroupFactory", "UserFactory"]


class CustomerUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"CU{n:03d}")
    name = factory.Sequence(lambda n: f"Customer unit {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"User {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    role = Role.REQUESTER
    password = factory.PostGenerationMethodCall("set_password", settings.DEMO_PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SupportGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportGroup

    code = factory.Sequence(lambda n: f"G{n:03d}")
    name = factory.Sequence(lambda n: f"Group {n}")
    email = factory.LazyAttribute(lambda o: f"{o.code.lower()}@example.com")
