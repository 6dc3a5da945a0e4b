"""Factories for the service catalog."""

import factory

from catalog.models import CatalogItem, Service, ServiceCategory

__all__ = ["CatalogItemFactory", "ServiceCategoryFactory", "ServiceFactory"]


class ServiceCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCategory
        django_get_or_create = ("code",)

    code = "HW"
    name = "Hardware"
    name_zh = "硬件设备"
    icon = "bi-pc-display"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    code = factory.Sequence(lambda n: f"SVC{n}")
    name = factory.Sequence(lambda n: f"Service {n}")
    category = factory.SubFactory(ServiceCategoryFactory)
    support_hours = "Mon–Fri 09:00–18:00"


class CatalogItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogItem

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Item {n}")
    kind = "request"
    form_schema = factory.LazyFunction(list)
