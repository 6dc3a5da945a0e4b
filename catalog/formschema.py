"""Guided forms (怎样引导用户更准确地描述故障细节): one module for the whole rule.

A catalog item's `form_schema` is a list of fields:
`{name, label, label_zh?, type, required?, help_text?, help_text_zh?, choices?, max_length?,
min?, max?}` with `type` one of text, textarea, number, date, choice, asset, phone.

- `validate_schema(schema)` checks a schema when it is saved;
- `validate_form_data(schema, data, requester)` checks answers given through the API and
  returns them cleaned, or raises `FormDataInvalid` with errors per field;
- `build_form(schema, requester, data=None)` gives the portal a Django form whose
  validation is that same function, so the page and the API can never disagree.
"""

import datetime
import json
import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Required, TypedDict, TypeGuard, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.phone import normalize_phone
from common.i18n import pick

if TYPE_CHECKING:
    from accounts.models import User

FIELD_TYPES = ("text", "textarea", "number", "date", "choice", "asset", "phone")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
ALLOWED_KEYS = {
    "name",
    "label",
    "label_zh",
    "type",
    "required",
    "help_text",
    "help_text_zh",
    "choices",
    "max_length",
    "min",
    "max",
}
MAX_FIELDS = 40
DEFAULT_MAX_LENGTH = {"text": 200, "textarea": 4000}
LIMIT_MAX_LENGTH = {"text": 1000, "textarea": 20000}
NUMBER_LIMIT = 10**12


class Choice(TypedDict, total=False):
    """A choice given as an object (a choice may also be plain text)."""

    value: Required[str]
    label: str
    label_zh: str


class SchemaField(TypedDict, total=False):
    """One field of a schema that `validate_schema` accepted."""

    name: Required[str]
    label: Required[str]
    type: Required[str]
    label_zh: str
    required: bool
    help_text: str
    help_text_zh: str
    choices: list[str | Choice]
    max_length: int
    min: int | float | str  # numbers for number fields, YYYY-MM-DD for date fields
    max: int | float | str


# A cleaned answer: text (dates as YYYY-MM-DD, phones and asset tags normalized) or a number.
Answer = str | int | float


class FormDataInvalid(Exception):
    """Answers that break the schema; `errors` maps field names to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def _choice_values(field: SchemaField) -> list[str]:
    return [c["value"] if isinstance(c, dict) else c for c in field.get("choices") or []]


def choice_options(field: SchemaField) -> list[tuple[str, str]]:
    """(value, label in the active language) for a choice field."""
    options: list[tuple[str, str]] = []
    for choice in field.get("choices") or []:
        if isinstance(choice, dict):
            options.append(
                (
                    choice["value"],
                    pick(choice.get("label") or choice["value"], choice.get("label_zh")),
                )
            )
        else:
            options.append((choice, choice))
    return options


def _text(value: object, limit: int) -> bool:
    return isinstance(value, str) and 0 < len(value.strip()) <= limit


def _schema_field_errors(index: int, field: object) -> list[str]:
    where = _("Field %(n)d") % {"n": index + 1}
    if not isinstance(field, dict):
        return [
            _("%(where)s: each field is an object with name, label and type.") % {"where": where}
        ]
    errors: list[str] = []
    unknown = sorted(set(field) - ALLOWED_KEYS)
    if unknown:
        errors.append(
            _("%(where)s: unknown keys %(keys)s.") % {"where": where, "keys": ", ".join(unknown)}
        )
    name = field.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        errors.append(
            _(
                "%(where)s: name must be lower-case letters, digits and _, "
                "starting with a letter (at most 50)."
            )
            % {"where": where}
        )
    else:
        where = f"“{name}”"
    if not _text(field.get("label"), 200):
        errors.append(_("%(where)s: a label of 1–200 characters is required.") % {"where": where})
    for key in ("label_zh", "help_text", "help_text_zh"):
        if key in field and not (isinstance(field[key], str) and len(field[key]) <= 500):
            errors.append(
                _("%(where)s: %(key)s must be text of at most 500 characters.")
                % {"where": where, "key": key}
            )
    kind = field.get("type")
    if kind not in FIELD_TYPES:
        errors.append(
            _("%(where)s: type must be one of %(types)s.")
            % {"where": where, "types": ", ".join(FIELD_TYPES)}
        )
        return errors
    if "required" in field and not isinstance(field["required"], bool):
        errors.append(_("%(where)s: required must be true or false.") % {"where": where})
    if kind == "choice":
        choices = field.get("choices")
        if not isinstance(choices, list) or not choices:
            errors.append(
                _("%(where)s: a choice field needs a non-empty list of choices.") % {"where": where}
            )
        else:
            values: list[object] = []
            for choice in choices:
                if isinstance(choice, dict):
                    value = choice.get("value")
                    if set(choice) - {"value", "label", "label_zh"}:
                        errors.append(
                            _("%(where)s: a choice has keys value, label, label_zh.")
                            % {"where": where}
                        )
                else:
                    value = choice
                if not _text(value, 200):
                    errors.append(
                        _("%(where)s: each choice is text of 1–200 characters.") % {"where": where}
                    )
                values.append(value)
            if len(set(map(str, values))) != len(values):
                errors.append(
                    _("%(where)s: choices must be different from each other.") % {"where": where}
                )
            if len(values) > 100:
                errors.append(_("%(where)s: at most 100 choices.") % {"where": where})
    elif "choices" in field:
        errors.append(_("%(where)s: only choice fields take choices.") % {"where": where})
    if "max_length" in field:
        limit = LIMIT_MAX_LENGTH.get(kind)
        value = field["max_length"]
        if limit is None:
            errors.append(
                _("%(where)s: only text and textarea fields take max_length.") % {"where": where}
            )
        elif not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= limit:
            errors.append(
                _("%(where)s: max_length must be a whole number from 1 to %(limit)d.")
                % {"where": where, "limit": limit}
            )
    for key in ("min", "max"):
        if key in field:
            value = field[key]
            if kind == "number":
                if not _is_number(value):
                    errors.append(
                        _("%(where)s: %(key)s must be a number.") % {"where": where, "key": key}
                    )
            elif kind == "date":
                if _parse_date(value) is None:
                    errors.append(
                        _("%(where)s: %(key)s must be a date YYYY-MM-DD.")
                        % {"where": where, "key": key}
                    )
            else:
                errors.append(
                    _("%(where)s: only number and date fields take min and max.") % {"where": where}
                )
    if not errors and "min" in field and "max" in field:
        low, high = field["min"], field["max"]
        if kind == "date":
            low, high = _parse_date(low), _parse_date(high)
        if low > high:
            errors.append(_("%(where)s: min is greater than max.") % {"where": where})
    return errors


def validate_schema(schema: object) -> None:
    """Raise ValidationError (all messages) unless `schema` is a valid form schema."""
    if not isinstance(schema, list):
        raise ValidationError(_("The form schema must be a list of fields."))
    if len(schema) > MAX_FIELDS:
        raise ValidationError(_("A form has at most %(max)d fields.") % {"max": MAX_FIELDS})
    errors: list[str] = []
    names: set[str] = set()
    for index, field in enumerate(schema):
        errors.extend(_schema_field_errors(index, field))
        if isinstance(field, dict) and isinstance(field.get("name"), str):
            if field["name"] in names:
                errors.append(_("The name “%(name)s” is used twice.") % {"name": field["name"]})
            names.add(field["name"])
    if errors:
        raise ValidationError(errors)


def _is_number(value: object) -> TypeGuard[int | float]:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and abs(value) < NUMBER_LIMIT
    )


def _parse_date(value: object) -> datetime.date | None:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _clean_value(field: SchemaField, value: object, requester: "User | None") -> Answer:
    """The cleaned answer, or raise ValueError with the message for the user."""
    kind = field["type"]
    if kind in ("text", "textarea"):
        if not isinstance(value, str):
            raise ValueError(_("Enter text."))
        limit = field.get("max_length", DEFAULT_MAX_LENGTH[kind])
        value = value.strip()
        if len(value) > limit:
            raise ValueError(
                _("At most %(max)d characters (you typed %(n)d).") % {"max": limit, "n": len(value)}
            )
        return value
    if kind == "number":
        if isinstance(value, str):
            try:
                value = float(value.strip()) if value.strip() else None
            except ValueError:
                raise ValueError(_("Enter a number.")) from None
            if value is not None and value.is_integer():
                value = int(value)
        if not _is_number(value):
            raise ValueError(_("Enter a number."))
        # A saved schema's min and max are numbers for a number field (validate_schema).
        low, high = field.get("min"), field.get("max")
        if isinstance(low, (int, float)) and value < low:
            raise ValueError(_("At least %(min)s.") % {"min": low})
        if isinstance(high, (int, float)) and value > high:
            raise ValueError(_("At most %(max)s.") % {"max": high})
        return value
    if kind == "date":
        parsed = _parse_date(value.strip() if isinstance(value, str) else value)
        if parsed is None:
            raise ValueError(_("Enter a real date as YYYY-MM-DD."))
        # A saved schema's min and max are dates (validate_schema).
        earliest = _parse_date(field["min"]) if "min" in field else None
        latest = _parse_date(field["max"]) if "max" in field else None
        if earliest is not None and parsed < earliest:
            raise ValueError(_("On or after %(date)s.") % {"date": field["min"]})
        if latest is not None and parsed > latest:
            raise ValueError(_("On or before %(date)s.") % {"date": field["max"]})
        return parsed.isoformat()
    if kind == "choice":
        if not isinstance(value, str) or value not in _choice_values(field):
            raise ValueError(_("Choose one of the offered options."))
        return value
    if kind == "phone":
        normalized = normalize_phone(value) if isinstance(value, str) else None
        if normalized is None:
            raise ValueError(
                _("Enter a Chinese mobile (13812345678) or landline (021-12345678) number.")
            )
        return normalized
    if kind == "asset":
        from assets import tags
        from assets.queries import assets_owned_by

        if not isinstance(value, str) or not tags.is_valid(value):
            raise ValueError(_("Choose one of your devices by its tag."))
        tag = tags.normalize(value)
        if requester is None or not assets_owned_by(requester).filter(tag=tag).exists():
            raise ValueError(_("%(tag)s is not one of your devices.") % {"tag": tag})
        return tag
    raise ValueError(_("Unknown field type."))


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def validate_form_data(
    schema: list[SchemaField], data: object, requester: "User | None"
) -> dict[str, Answer]:
    """Check answers against the schema; return them cleaned or raise FormDataInvalid."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FormDataInvalid(
            {"non_field_errors": [_("Answers must be an object of field: value.")]}
        )
    errors: dict[str, list[str]] = {}
    known = {field["name"] for field in schema}
    for key in data:
        if key not in known:
            errors[str(key)[:60]] = [_("Unknown field.")]
    cleaned: dict[str, Answer] = {}
    for field in schema:
        name = field["name"]
        value = data.get(name)
        if _is_empty(value):
            if field.get("required"):
                errors[name] = [_("This field is required.")]
            continue
        try:
            cleaned[name] = _clean_value(field, value, requester)
        except ValueError as exc:
            errors[name] = [str(exc)]
    if errors:
        raise FormDataInvalid(errors)
    return cleaned


class GuidedForm(forms.Form):
    """A portal form built from a schema; `clean()` is `validate_form_data`."""

    def __init__(
        self, *args: Any, schema: list[SchemaField], requester: "User | None", **kwargs: Any
    ) -> None:
        self.schema = schema
        self.requester = requester
        super().__init__(*args, **kwargs)
        for field in schema:
            self.fields[field["name"]] = _django_field(field, requester)

    def clean(self) -> dict[str, Any]:
        raw = {f["name"]: self.data.get(self.add_prefix(f["name"]), "") for f in self.schema}
        try:
            self.cleaned_answers = validate_form_data(self.schema, raw, self.requester)
        except FormDataInvalid as exc:
            for name, messages in exc.errors.items():
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        return self.cleaned_data


def _django_field(field: SchemaField, requester: "User | None") -> forms.Field:
    """A field for rendering only: every check is made by validate_form_data."""
    label = pick(field["label"], field.get("label_zh"))
    help_text = pick(field.get("help_text", ""), field.get("help_text_zh"))
    common: dict[str, Any] = {
        "label": label,
        "help_text": help_text,
        "required": False,
        "template_name": "catalog/_guided_field.html",
    }
    required_attr: dict[str, str] = {"required": "required"} if field.get("required") else {}
    kind = field["type"]
    if kind == "textarea":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4, **required_attr}), **common)
    if kind == "number":
        attrs = {
            k: v for k, v in (("min", field.get("min")), ("max", field.get("max"))) if k in field
        }
        return forms.CharField(
            widget=forms.NumberInput(attrs={"step": "any", **attrs, **required_attr}), **common
        )
    if kind == "date":
        return forms.CharField(
            widget=forms.DateInput(attrs={"type": "date", **required_attr}), **common
        )
    if kind == "choice":
        options = [("", "—"), *choice_options(field)]
        return forms.ChoiceField(
            choices=options, widget=forms.Select(attrs=required_attr), **common
        )
    if kind == "asset":
        from assets.queries import assets_owned_by

        owned = list(assets_owned_by(requester).values_list("tag", "name")) if requester else []
        options = [("", _("Choose a device…") if owned else _("You have no registered device"))]
        options += [(tag, f"{tag} · {name}") for tag, name in owned]
        return forms.ChoiceField(
            choices=options, widget=forms.Select(attrs=required_attr), **common
        )
    if kind == "phone":
        return forms.CharField(
            widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", **required_attr}),
            **common,
        )
    max_length = field.get("max_length", DEFAULT_MAX_LENGTH["text"])
    return forms.CharField(
        widget=forms.TextInput(attrs={"maxlength": max_length, **required_attr}), **common
    )


def build_form(
    schema: list[SchemaField],
    requester: "User | None",
    data: Mapping[str, Any] | None = None,
    prefix: str = "f",
) -> GuidedForm:
    """The portal's guided form for `schema`, bound when `data` is given."""
    return GuidedForm(data=data, schema=schema, requester=requester, prefix=prefix)


FIELD_TYPE_LABELS = {
    "text": gettext_lazy("Short text"),
    "textarea": gettext_lazy("Long text"),
    # A context of its own: the desk's "Number" column (a ticket number, 编号) is another word.
    "number": pgettext_lazy("form field type", "Number"),
    "date": gettext_lazy("Date"),
    "choice": gettext_lazy("Choice"),
    "asset": gettext_lazy("One of my devices"),
    "phone": gettext_lazy("Phone number"),
}


def labelled_answers(schema: object, data: object) -> list[tuple[str, str]]:
    """A ticket's answers as (field label, answer label) in the active language: the
    schema's fields in its order, then any key the schema no longer knows, as stored."""
    if not isinstance(data, dict) or not data:
        return []
    # A stored schema passed `validate_schema` when it was saved.
    fields = (
        [cast(SchemaField, f) for f in schema if isinstance(f, dict)]
        if isinstance(schema, list)
        else []
    )
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for field in fields:
        name = field.get("name")
        if name not in data or not isinstance(name, str):
            continue
        seen.add(name)
        value = data[name]
        if field.get("type") == "choice":
            value = dict(choice_options(field)).get(value, value)
        rows.append((pick(str(field.get("label") or name), field.get("label_zh")), _shown(value)))
    rows += [(str(key), _shown(value)) for key, value in data.items() if key not in seen]
    return rows


def _shown(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
