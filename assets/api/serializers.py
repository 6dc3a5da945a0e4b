from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import CustomerUnit, User
from assets import tags
from assets.models import Asset, AssetCategory, AssetRelation, Building, Room
from assets.services import save_asset
from common.api.serializers import ModelCleanMixin, StrictModelSerializer


class BuildingSerializer(ModelCleanMixin, StrictModelSerializer):
    class Meta:
        model = Building
        fields = ["id", "code", "name", "created_at", "updated_at"]


class RoomSerializer(ModelCleanMixin, StrictModelSerializer):
    floor = serializers.CharField(read_only=True)

    class Meta:
        model = Room
        fields = ["id", "building", "code", "floor", "name", "key", "created_at", "updated_at"]
        read_only_fields = ["key"]

    def validate(self, attrs):
        attrs = super().validate(attrs)  # the model's rules: a room holding items stays put
        building = attrs.get("building", getattr(self.instance, "building", None))
        code = attrs.get("code", getattr(self.instance, "code", None))
        clash = Room.objects.filter(building=building, code=code)
        if self.instance:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError({"code": [_("This room already exists.")]})
        return attrs


class AssetCategorySerializer(StrictModelSerializer):
    class Meta:
        model = AssetCategory
        fields = ["id", "code", "name", "created_at", "updated_at"]


class AssetSerializer(StrictModelSerializer):
    tag = serializers.CharField(max_length=tags.MAX_INPUT_LENGTH)
    category = serializers.PrimaryKeyRelatedField(queryset=AssetCategory.objects.all())
    customer_unit = serializers.PrimaryKeyRelatedField(
        queryset=CustomerUnit.objects.all(), allow_null=True, required=False
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False
    )
    building = serializers.SerializerMethodField()
    room = serializers.SerializerMethodField()
    position = serializers.IntegerField(read_only=True)

    class Meta:
        model = Asset
        fields = [
            "id",
            "tag",
            "name",
            "category",
            "customer_unit",
            "status",
            "owner",
            "serial_number",
            "model",
            "ip_address",
            "notes",
            "building",
            "room",
            "position",
            "created_at",
            "updated_at",
        ]
        # Uniqueness is checked after normalising the tag, in the model.
        validators = []
        extra_kwargs = {"tag": {"validators": []}}

    def get_building(self, obj) -> int:
        return obj.room.building_id

    def get_room(self, obj) -> int:
        return obj.room.pk

    def _save(self, asset: Asset, validated) -> Asset:
        for name, value in validated.items():
            setattr(asset, name, value)
        try:
            return save_asset(asset)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc

    def create(self, validated_data):
        return self._save(Asset(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)


class AssetBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Asset
        fields = ["id", "tag", "name", "status"]


class ImpactSerializer(serializers.Serializer):
    assets = AssetBriefSerializer(many=True)
    services = serializers.SerializerMethodField()
    truncated = serializers.BooleanField()

    def get_services(self, obj) -> list[dict]:
        return [{"id": s.pk, "code": s.code, "name": s.name} for s in obj.services]


class AssetRelationSerializer(ModelCleanMixin, StrictModelSerializer):
    class Meta:
        model = AssetRelation
        fields = ["id", "source", "target", "kind", "created_at", "updated_at"]
        validators = []

    def validate(self, attrs):
        attrs = super().validate(attrs)  # the model's rules: not related to itself
        source = attrs.get("source", getattr(self.instance, "source", None))
        target = attrs.get("target", getattr(self.instance, "target", None))
        kind = attrs.get("kind", getattr(self.instance, "kind", None))
        clash = AssetRelation.objects.filter(source=source, target=target, kind=kind)
        if self.instance:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError({"target": [_("This relation already exists.")]})
        return attrs


class NextTagSerializer(serializers.Serializer):
    tag = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.DictField())
