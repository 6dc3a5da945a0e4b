"""Base serializers shared by every app's API."""

import copy
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject


class StrictFieldsMixin:
    """Refuse fields the client may not write, instead of silently ignoring them.

    A PATCH that sends `role` or `priority` to an endpoint that does not take it gets a
    400 naming the field, so a client never believes it changed what it did not.
    """

    default_error_messages = {
        "read_only": _("This field cannot be changed here."),
        "unknown": _("Unknown field."),
    }

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            writable = {name for name, f in self.fields.items() if not f.read_only}
            known = set(self.fields)
            errors = {}
            for key in data:
                if key in writable:
                    continue
                errors[key] = [
                    _("This field cannot be changed here.")
                    if key in known or key in getattr(self, "protected_fields", ())
                    else _("Unknown field.")
                ]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class StrictModelSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    pass


class StrictSerializer(StrictFieldsMixin, serializers.Serializer):
    pass


class ModelCleanMixin:
    """Run the model's own clean() (the one rule, also used by the admin and the pages) and
    report its errors per field, so no rule lives only in a serializer."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance or self.Meta.model()
        many = {f.name for f in instance._meta.many_to_many}
        plain = [name for name in attrs if name not in many]
        for name in plain:
            setattr(instance, name, attrs[name])
        try:
            instance.clean()
        except DjangoValidationError as exc:
            errors = dict(exc.message_dict)
            if NON_FIELD_ERRORS in errors:
                errors["non_field_errors"] = errors.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(errors) from exc
        for name in plain:
            attrs[name] = getattr(instance, name)
        return attrs


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """An id among what the caller may read: a hidden object gets the same "does not exist"
    answer as an id that was never used, so a create error reveals nothing.

    `visible(user)` is the app's read rule (e.g. `assets_visible_to`); without a request in
    the context (schema generation) the field falls back to `queryset`.
    """

    def __init__(self, visible, **kwargs):
        self.visible = visible
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return super().get_queryset()
        return self.visible(request.user)


class FieldsOnceMixin:
    """A serializer's fields made once per class, then copied for each serializer: DRF
    makes them anew for every one (a ModelSerializer from the model, ~2 ms for a ticket; a
    Serializer by deep-copying its declarations, querysets included). A leaf field is
    copied shallowly (binding it sets only its own attributes; its querysets are re-read
    on each use); a field with children (nested serializers, list fields, many-related
    fields) deeply, as DRF copies it."""

    def get_fields(self) -> dict[str, serializers.Field]:
        cls = type(self)
        made: dict[str, serializers.Field] | None = cls.__dict__.get("_fields_once")
        if made is None:
            made = super().get_fields()  # type: ignore[misc]
            cls._fields_once = made  # type: ignore[attr-defined]
        return {
            name: copy.deepcopy(field) if _has_children(field) else copy.copy(field)
            for name, field in made.items()
        }


def _has_children(field: serializers.Field) -> bool:
    return (
        isinstance(field, serializers.BaseSerializer)
        or hasattr(field, "child")
        or hasattr(field, "child_relation")
    )


# How one field of a row is rendered: (name, read the instance, render a non-None value;
# None: the read value is the answer as it is).
Step = tuple[str, Callable[[Any], Any], Callable[[Any], Any] | None]


class DirectReadMixin:
    """`to_representation` for a ModelSerializer of long lists, with DRF's output: a field
    that shows a model column is read with a plain `getattr`, a foreign key as its
    `<name>_id` column, a method field by calling its method; only the other fields (dotted
    sources, nested serializers) take DRF's generic path, whose `get_attribute` (source
    walk, callable checks, PK-only objects) costs more than the value itself on a page of
    200 rows of 40 fields. The plan is made once per serializer (a list's rows share its
    child) from its own bound fields, so every declaration and `Meta` option still holds.
    """

    def to_representation(self, instance: Any) -> dict[str, Any]:
        steps: list[Step] | None = self.__dict__.get("_direct_steps")
        if steps is None:
            steps = self._direct_steps = [self._step(f) for f in self._readable_fields]  # type: ignore[attr-defined]
        row: dict[str, Any] = {}
        for name, read, render in steps:
            value = read(instance)
            if render is None or value is None:
                if value is not _ABSENT:
                    row[name] = value
            else:
                row[name] = render(value)
        return row

    def _step(self, field: serializers.Field) -> Step:
        name = field.field_name
        if isinstance(field, serializers.SerializerMethodField):
            return name, getattr(self, field.method_name), None
        column = self._model_field(field)
        if column is not None and not column.is_relation:
            return name, attrgetter(column.attname), field.to_representation
        if (
            column is not None
            and column.many_to_one
            and isinstance(field, serializers.PrimaryKeyRelatedField)
            and field.pk_field is None
            and field.use_pk_only_optimization()
        ):
            return name, attrgetter(column.attname), None
        return name, _generic(field), None

    def _model_field(self, field: serializers.Field) -> models.Field | None:
        """The model's concrete field that `field` shows by its own name, if any."""
        if len(field.source_attrs) != 1:
            return None
        try:
            column = self.Meta.model._meta.get_field(field.source_attrs[0])  # type: ignore[attr-defined]
        except Exception:  # a property or method of the model, not a column
            return None
        return column if getattr(column, "concrete", False) else None


# A field that skips itself (SkipField): left out of the row, as DRF does.
_ABSENT = object()


def _generic(field: serializers.Field) -> Callable[[Any], Any]:
    """DRF's own rendering of one field (the body of Serializer.to_representation's loop)."""

    def read(instance: Any) -> Any:
        try:
            attribute = field.get_attribute(instance)
        except SkipField:
            return _ABSENT
        if attribute is None or (isinstance(attribute, PKOnlyObject) and attribute.pk is None):
            return None
        return field.to_representation(attribute)

    return read
