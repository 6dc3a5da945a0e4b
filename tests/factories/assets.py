"""Factories for the CMDB."""

import factory

from assets.models import Asset, AssetCategory, AssetRelation, Building, Room

__all__ = [
    "AssetCategoryFactory",
    "AssetFactory",
    "AssetRelationFactory",
    "BuildingFactory",
    "RoomFactory",
]


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building
        django_get_or_create = ("code",)

    code = "01"
    name = "Office Building 1"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room
        django_get_or_create = ("building", "code")

    building = factory.SubFactory(BuildingFactory)
    code = "0210"
    name = "Finance office"


class AssetCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssetCategory
        django_get_or_create = ("code",)

    code = "PC"
    name = "Desktop PC"


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asset

    room = factory.SubFactory(RoomFactory)
    tag = factory.LazyAttributeSequence(
        lambda o, n: f"D{o.room.building.code}{o.room.code}-{n % 999 + 1:03d}"
    )
    name = factory.Sequence(lambda n: f"Device {n}")
    category = factory.SubFactory(AssetCategoryFactory)


class AssetRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssetRelation

    source = factory.SubFactory(AssetFactory)
    target = factory.SubFactory(AssetFactory)
    kind = "depends_on"
