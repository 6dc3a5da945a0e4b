"""Base serializers shared by every app's API."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


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
