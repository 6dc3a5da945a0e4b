from datetime import datetime

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts import tokens
from accounts.models import (
    CustomerUnit,
    SupportGroup,
    User,
    validate_delegation,
    validate_email_free,
)
from accounts.phone import normalize_phone
from common.api.serializers import StrictModelSerializer, StrictSerializer


class CustomerUnitSerializer(StrictModelSerializer):
    class Meta:
        model = CustomerUnit
        fields = ["id", "code", "name", "manager", "created_at", "updated_at"]


class SupportGroupSerializer(StrictModelSerializer):
    manager = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False
    )
    members = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), many=True, required=False
    )

    class Meta:
        model = SupportGroup
        fields = ["id", "code", "name", "email", "manager", "members", "created_at", "updated_at"]


class UserSerializer(StrictModelSerializer):
    """Users as admins manage them; `password` is write-only and validated."""

    groups = serializers.PrimaryKeyRelatedField(
        source="support_groups", many=True, queryset=SupportGroup.objects.all(), required=False
    )
    password = serializers.CharField(
        write_only=True, required=False, style={"input_type": "password"}, max_length=128
    )
    created_at = serializers.DateTimeField(source="date_joined", read_only=True)
    protected_fields = ("is_staff", "is_superuser")

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "display_name",
            "phone",
            "role",
            "groups",
            "customer_unit",
            "language",
            "timezone",
            "is_active",
            "manager",
            "delegate",
            "delegate_until",
            "password",
            "created_at",
            "updated_at",
        ]

    def validate_phone(self, value: str) -> str:
        return normalize_phone(value) or value if value else value

    def validate_email(self, value: str) -> str:
        try:
            validate_email_free(value, self.instance)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict["email"]) from exc
        return value

    def validate(self, attrs):
        self._validate_people(attrs)
        password = attrs.get("password")
        if self.instance is None and not password:
            raise serializers.ValidationError({"password": [_("This field is required.")]})
        if password:
            candidate = self.instance or User(
                username=attrs.get("username", ""), email=attrs.get("email", "")
            )
            try:
                validate_password(password, candidate)
            except Exception as exc:  # Django's ValidationError, re-keyed on the field
                raise serializers.ValidationError({"password": list(exc.messages)}) from exc
        return attrs

    def _validate_people(self, attrs):
        """A manager other than oneself; the delegation rule (accounts.models) on the
        values the user will have after this change."""
        instance = self.instance
        manager = attrs.get("manager")
        if manager is not None and instance is not None and manager.pk == instance.pk:
            raise serializers.ValidationError(
                {"manager": [_("A user cannot be their own manager.")]}
            )
        if "delegate" in attrs or "delegate_until" in attrs:
            delegate = attrs.get("delegate", instance.delegate if instance else None)
            until = attrs.get("delegate_until", instance.delegate_until if instance else None)
            try:
                validate_delegation(instance or User(), delegate, until)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(
                    {k: list(v) for k, v in exc.message_dict.items()}
                ) from exc

    def create(self, validated_data):
        groups = validated_data.pop("support_groups", [])
        password = validated_data.pop("password")
        user = User(**validated_data)
        user.set_password(password)
        user.save()
        user.support_groups.set(groups)
        return user

    def update(self, instance, validated_data):
        groups = validated_data.pop("support_groups", None)
        password = validated_data.pop("password", None)
        for field, value in validated_data.items():
            setattr(instance, field, value)
        if password:
            instance.set_password(password)
        instance.save()
        if groups is not None:
            instance.support_groups.set(groups)
        return instance


class MeSerializer(UserSerializer):
    """`/users/me/`: anyone may read themselves but change only their contact details."""

    class Meta(UserSerializer.Meta):
        read_only_fields = [
            f
            for f in UserSerializer.Meta.fields
            if f
            not in {
                "display_name",
                "phone",
                "email",
                "language",
                "timezone",
                "delegate",
                "delegate_until",
            }
        ]
        extra_kwargs = {"password": {"read_only": True}}

    def get_fields(self):
        fields = super().get_fields()
        fields.pop("password", None)
        for name in self.Meta.read_only_fields:
            if name in fields:
                fields[name].read_only = True
        return fields


class TokenRequestSerializer(StrictSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})

    def validate(self, attrs):
        user = authenticate(
            request=self.context.get("request"),
            username=attrs["username"],
            password=attrs["password"],
        )
        if user is None:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Unable to log in with the given username and password.")]},
                code="authorization",
            )
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(source="key", read_only=True)
    expires_at = serializers.SerializerMethodField()

    def get_expires_at(self, token) -> datetime:
        return serializers.DateTimeField().to_representation(tokens.expires_at(token))
