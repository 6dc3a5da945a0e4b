"""The CMDB: locations (buildings, rooms), device categories, configuration items, relations.

Integrity lives in the database as well as in Python: a CHECK constraint holds the tag
shape, the item's room is a foreign key on the building+room key that the tag names, and a
second CHECK ties the two together, so neither a bulk insert nor raw SQL can store a bad or
inconsistent tag.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assets import tags
from common.models import TimeStampedModel

building_code_validator = RegexValidator(
    r"^[0-9]{2}$", _("A building code is two digits, e.g. 01."), code="invalid_building"
)
room_code_validator = RegexValidator(
    r"^[0-9]{4}$",
    _("A room code is four digits: floor and room, e.g. 0210 (floor 02, room 10)."),
    code="invalid_room",
)
category_code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9_-]{0,15}$",
    _("Use 1–16 upper-case letters, digits, hyphens or underscores, e.g. PC or SRV."),
    code="invalid_category",
)


def tag_error_message() -> str:
    return _(
        "A tag is D, two digits for the building, four for floor and room, a hyphen and "
        "three for the machine (001–999), e.g. %(example)s."
    ) % {"example": tags.EXAMPLE}


def building_code_frozen_message() -> str:
    return _("The code of a building with rooms cannot change: tags name it.")


def room_code_frozen_message() -> str:
    return _("The code of a room with items cannot change: tags name it.")


def validate_tag(value: str) -> None:
    if not tags.is_valid(value):
        raise ValidationError(tag_error_message(), code="invalid_tag")


class Building(TimeStampedModel):
    """楼栋."""

    code = models.CharField(
        _("code"), max_length=2, unique=True, validators=[building_code_validator]
    )
    name = models.CharField(_("name"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{2}$"), name="building_code_two_digits"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def clean(self):
        """Tags name the building: its code is frozen once it has rooms (every path: admin,
        API, pages)."""
        super().clean()
        if self.pk is None:
            return
        stored = Building.objects.filter(pk=self.pk).values_list("code", flat=True).first()
        if (
            stored is not None
            and stored != self.code
            and Room.objects.filter(building_id=self.pk).exists()
        ):
            raise ValidationError({"code": building_code_frozen_message()}, code="code_frozen")


class Room(TimeStampedModel):
    """A room (楼层房间) in a building; `key` is building code + room code ("010210")."""

    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="rooms"
    )
    code = models.CharField(_("code"), max_length=4, validators=[room_code_validator])
    name = models.CharField(_("name"), max_length=200, blank=True)
    key = models.CharField(_("key"), max_length=6, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["building", "code"], name="room_unique_in_building"),
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{4}$"), name="room_code_four_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(key__regex=r"^[0-9]{6}$"), name="room_key_six_digits"
            ),
        ]

    def __str__(self) -> str:
        label = f"{self.building.code}-{self.code}"
        return f"{label} · {self.name}" if self.name else label

    @property
    def floor(self) -> str:
        return self.code[:2]

    def clean(self):
        """Tags name the room: its building and code are frozen once it holds items."""
        super().clean()
        if self.pk is None:
            return
        stored = Room.objects.filter(pk=self.pk).values("building_id", "code", "key").first()
        if stored is None:
            return
        moved = (stored["building_id"], stored["code"]) != (self.building_id, self.code)
        if moved and Asset.objects.filter(room_id=stored["key"]).exists():
            raise ValidationError({"code": room_code_frozen_message()}, code="code_frozen")

    def save(self, *args, **kwargs):
        self.key = f"{self.building.code}{self.code}"
        super().save(*args, **kwargs)


class AssetCategory(TimeStampedModel):
    """设备类别."""

    code = models.CharField(
        _("code"), max_length=16, unique=True, validators=[category_code_validator]
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("asset category")
        verbose_name_plural = _("asset categories")

    def __str__(self) -> str:
        return self.name


class AssetStatus(models.TextChoices):
    IN_USE = "in_use", _("In use")
    IN_STOCK = "in_stock", _("In stock")
    MAINTENANCE = "maintenance", _("In maintenance")
    RETIRED = "retired", _("Retired")


class Asset(TimeStampedModel):
    """A configuration item (配置项): one IT device, named by its tag."""

    tag = models.CharField(_("tag"), max_length=11, unique=True, validators=[validate_tag])
    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(
        AssetCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="assets"
    )
    customer_unit = models.ForeignKey(
        "accounts.CustomerUnit",
        verbose_name=_("customer unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assets",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AssetStatus.choices, default=AssetStatus.IN_USE
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assets",
    )
    serial_number = models.CharField(_("serial number"), max_length=100, blank=True)
    model = models.CharField(_("model"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    # Derived from the tag; the constraints below keep them in step.
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        to_field="key",
        db_column="room_key",
        on_delete=models.PROTECT,
        related_name="assets",
        editable=False,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["tag"]
        verbose_name = _("configuration item")
        verbose_name_plural = _("configuration items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tag__regex=tags.TAG_REGEX), name="asset_tag_shape"
            ),
            models.CheckConstraint(
                condition=models.Q(room_id=Substr("tag", 2, 6)), name="asset_room_matches_tag"
            ),
        ]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["name"]),
            models.Index(fields=["serial_number"]),
            models.Index(fields=["ip_address"]),
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.tag} {self.name}"

    @property
    def parsed_tag(self) -> tags.Tag:
        return tags.parse(self.tag)

    @property
    def position(self) -> int:
        """The machine's number in its room, counted from the door (U shape, right to left)."""
        return self.parsed_tag.machine

    @property
    def building_code(self) -> str:
        return self.parsed_tag.building

    def clean(self):
        super().clean()
        self.apply_tag(self.tag)

    def apply_tag(self, value: str) -> None:
        """Normalise the tag and point the item at the room it names; errors name `tag`."""
        try:
            parsed = tags.parse(value)
        except tags.InvalidTag:
            raise ValidationError({"tag": tag_error_message()}) from None
        room = Room.objects.filter(key=parsed.room_key).select_related("building").first()
        if room is None:
            if not Building.objects.filter(code=parsed.building).exists():
                message = _("Building %(building)s does not exist. Create it first.")
            else:
                message = _("Room %(room)s does not exist in building %(building)s.")
            raise ValidationError(
                {"tag": message % {"building": parsed.building, "room": parsed.room}}
            )
        self.tag = str(parsed)
        self.room = room

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.room_id or self.room_id != tags.normalize(self.tag)[1:7]:
            self.apply_tag(self.tag)
        else:
            self.tag = tags.normalize(self.tag)
        super().save(*args, **kwargs)


class RelationKind(models.TextChoices):
    DEPENDS_ON = "depends_on", _("depends on")
    RUNS_ON = "runs_on", _("runs on")
    CONNECTED_TO = "connected_to", _("connected to")


class AssetRelation(TimeStampedModel):
    """`source` depends on / runs on / is connected to `target`."""

    source = models.ForeignKey(
        Asset, verbose_name=_("source"), on_delete=models.CASCADE, related_name="relations_out"
    )
    target = models.ForeignKey(
        Asset, verbose_name=_("target"), on_delete=models.CASCADE, related_name="relations_in"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RelationKind.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["source_id", "kind", "target_id"]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="asset_relation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="asset_relation_not_self"
            ),
        ]
        indexes = [models.Index(fields=["target", "kind"])]

    def __str__(self) -> str:
        return f"{self.source.tag} {self.get_kind_display()} {self.target.tag}"

    def clean(self):
        super().clean()
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": _("An item cannot be related to itself.")})
