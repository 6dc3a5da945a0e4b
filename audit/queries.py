"""Read side of the audit log: one time-ordered list over every audited history table.

A page is one UNION query (ids and dates only), then, per model on the page, one query
for its rows and one for the versions before them, and one per referenced model to name
foreign keys: a constant number of queries whatever the page size.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from django.db.models import (
    CharField,
    F,
    Field,
    ForeignObject,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)

from audit.registry import IGNORED_FIELDS, audited_models

if TYPE_CHECKING:
    from accounts.models import User

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}

# A row of a history table: django-simple-history builds these models at run time (the
# audited model's fields plus history_id, history_date, history_type, history_user), so
# their attributes are known to no checker.
Historical: TypeAlias = Any
# A row of `index()`: (history_id, history_date, audited model's label).
IndexRow: TypeAlias = tuple[int, dt.datetime, str]
# `{(related model, pk): object}` of the objects a page refers to.
Related: TypeAlias = dict[tuple[type[Model], int], Model]
Names: TypeAlias = dict[tuple[type[Model], int], str]
# `{history_id: {m2m field name: member pks}}`.
Snapshots: TypeAlias = dict[int, dict[str, frozenset[int]]]


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class Entry:
    key: str
    at: dt.datetime
    actor: "User | None"
    model: str
    model_name: str
    object_id: int
    object_repr: str
    action: str
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class Filters:
    model: str | None = None
    actor: int | None = None
    object_id: int | None = None
    action: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


def _history_model(model: type[Model]) -> type[Historical]:
    # `history` is added by simple_history at run time: no checker knows it.
    history_model: type[Historical] = getattr(model, "history").model  # noqa: B009
    return history_model


def index(filters: Filters = Filters()) -> "QuerySet[Any, IndexRow]":
    """The UNION of every audited history table, newest first: `history_id, history_date,
    model` rows, filtered; supports count() and slicing (a Paginator takes it)."""
    parts: list[QuerySet[Any, IndexRow]] = []
    for name, model in audited_models().items():
        if filters.model and filters.model != name:
            continue
        qs = _history_model(model).objects.all()
        if filters.actor is not None:
            qs = qs.filter(history_user_id=filters.actor)
        if filters.object_id is not None:
            qs = qs.filter(id=filters.object_id)
        if filters.action:
            code = {v: k for k, v in ACTIONS.items()}.get(filters.action)
            qs = qs.filter(history_type=code)
        if filters.since:
            qs = qs.filter(history_date__gte=filters.since)
        if filters.until:
            qs = qs.filter(history_date__lt=filters.until)
        parts.append(
            qs.annotate(model=Value(name, output_field=CharField()), at=F("history_date"))
            .values_list("history_id", "at", "model")
            .order_by()
        )
    if not parts:
        nothing: QuerySet[Any, IndexRow] = (
            _history_model(audited_models()["accounts.user"])
            .objects.none()
            .values_list("history_id", "history_date", "history_id")
        )
        return nothing
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return union.order_by("-at", "-history_id")


def _value(record: Historical, field_obj: "Field[Any, Any]", names: Names) -> str:
    if field_obj.is_relation and field_obj.many_to_one:
        pk = getattr(record, field_obj.attname)
        if pk is None:
            return ""
        return names.get((_target(field_obj), pk), f"#{pk}")
    value = getattr(record, field_obj.attname)
    if value is None:
        return ""
    if field_obj.choices:
        return str(dict(field_obj.flatchoices).get(value, value))
    return str(value)


def _m2m(model: type[Model], records: Sequence[Historical]) -> Snapshots:
    """Members (and other m2m snapshots) of each historical row: one query per m2m field."""
    result: Snapshots = {r.history_id: {} for r in records}
    history_model = _history_model(model)
    for m2m_field in getattr(history_model, "_history_m2m_fields", []):
        through = getattr(history_model, m2m_field.attname).model
        target = m2m_field.m2m_reverse_field_name()
        rows = through.objects.filter(history_id__in=result).values_list(
            "history_id", f"{target}_id"
        )
        sets: dict[int, set[int]] = {hid: set() for hid in result}
        for hid, pk in rows:
            sets[hid].add(pk)
        for hid, pks in sets.items():
            result[hid][m2m_field.name] = frozenset(pks)
    return result


def entries(rows: Iterable[IndexRow]) -> list[Entry]:
    """Turn a slice of `index()` into entries with their changes (old → new)."""
    models = audited_models()
    by_model: dict[str, list[int]] = {}
    for history_id, _at, name in rows:
        by_model.setdefault(name, []).append(history_id)
    records: dict[tuple[str, int], Historical] = {}
    previous: dict[tuple[str, int], Historical | None] = {}
    m2m: dict[str, Snapshots] = {}
    for name, ids in by_model.items():
        hist = _history_model(models[name])
        before = hist.objects.filter(
            id=OuterRef("id"), history_date__lt=OuterRef("history_date")
        ).order_by("-history_date", "-history_id")
        found = list(
            hist.objects.filter(history_id__in=ids)
            .select_related("history_user")
            .annotate(previous_id=Subquery(before.values("history_id")[:1]))
        )
        prior = hist.objects.in_bulk([r.previous_id for r in found if r.previous_id])
        for r in found:
            records[(name, r.history_id)] = r
            previous[(name, r.history_id)] = prior.get(r.previous_id)
        snapshot = _m2m(models[name], [*found, *prior.values()])
        m2m[name] = snapshot
    related = _related(models, records, previous, m2m)
    names = {key: str(obj) for key, obj in related.items()}
    result: list[Entry] = []
    for history_id, _at, name in rows:
        record = records[(name, history_id)]
        result.append(
            _entry(
                models[name], name, record, previous[(name, history_id)], m2m[name], names, related
            )
        )
    return result


def _tracked(model: type[Model]) -> "list[Field[Any, Any]]":
    return [
        f for f in model._meta.concrete_fields if f.name not in IGNORED_FIELDS and not f.primary_key
    ]


def _to_one(f: "Field[Any, Any]") -> bool:
    return bool(f.is_relation and (f.many_to_one or f.one_to_one))


def _target(f: "Field[Any, Any]") -> type[Model]:
    """The model a relation field points at (audited relations name real models)."""
    target = f.related_model
    if not isinstance(target, type):
        raise TypeError(f"{f} is not a relation to a model")
    return target


def _related(
    models: dict[str, type[Model]],
    records: dict[tuple[str, int], Historical],
    previous: dict[tuple[str, int], Historical | None],
    m2m: dict[str, Snapshots],
) -> Related:
    """`{(related model, pk): object}` for every foreign key, one-to-one and m2m member on
    the page."""
    wanted: dict[type[Model], set[int]] = {}
    for (name, _hid), record in records.items():
        model = models[name]
        for rec in (record, previous[(name, _hid)]):
            if rec is None:
                continue
            for f in _tracked(model):
                if _to_one(f):
                    pk = getattr(rec, f.attname)
                    if pk is not None:
                        wanted.setdefault(_target(f), set()).add(pk)
        for m2m_field in model._meta.many_to_many:
            for snapshot in m2m[name].values():
                for pk in snapshot.get(m2m_field.name, ()):
                    wanted.setdefault(_target(m2m_field), set()).add(pk)
    objects: Related = {}
    for related, pks in wanted.items():
        for obj in related._default_manager.filter(pk__in=pks):
            objects[(related, obj.pk)] = obj
    return objects


def _repr(model: type[Model], record: Historical, related: Related) -> str:
    """`str()` of the object as it was, built from the historical row alone (simple_history's
    `instance` would fetch excluded fields such as the password from the live row), with the
    page's related objects (a survey rule is named after its service) already loaded."""
    values = {
        f.attname: getattr(record, f.attname)
        for f in model._meta.concrete_fields
        if hasattr(record, f.attname)
    }
    instance = model(**values)
    for f in model._meta.concrete_fields:
        if isinstance(f, ForeignObject) and _to_one(f):
            pk = values.get(f.attname)
            target = related.get((_target(f), pk)) if pk is not None else None
            if target is not None:
                f.set_cached_value(instance, target)
    return str(instance)


def _entry(
    model: type[Model],
    name: str,
    record: Historical,
    prior: Historical | None,
    m2m: Snapshots,
    names: Names,
    related: Related,
) -> Entry:
    changes: list[Change] = []
    for f in _tracked(model):
        new = _value(record, f, names)
        old = _value(prior, f, names) if prior is not None else ""
        if record.history_type == "-" or old == new:
            continue
        changes.append(Change(f.name, str(f.verbose_name), old, new))
    for m2m_field in model._meta.many_to_many:
        if m2m_field.name not in m2m.get(record.history_id, {}):
            continue
        now = m2m[record.history_id][m2m_field.name]
        before = (
            m2m.get(prior.history_id, {}).get(m2m_field.name, frozenset()) if prior else frozenset()
        )
        if now != before and record.history_type != "-":
            members = _target(m2m_field)

            def show(pks: frozenset[int], related: type[Model] = members) -> str:
                return ", ".join(sorted(names.get((related, pk), f"#{pk}") for pk in pks))

            changes.append(
                Change(m2m_field.name, str(m2m_field.verbose_name), show(before), show(now))
            )
    return Entry(
        key=f"{name}:{record.history_id}",
        at=record.history_date,
        actor=record.history_user,
        model=name,
        model_name=str(model._meta.verbose_name),
        object_id=record.id,
        object_repr=_repr(model, record, related),
        action=ACTIONS[record.history_type],
        changes=changes,
    )
