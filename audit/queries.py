"""Read side of the audit log: one time-ordered list over every audited history table.

A page is one UNION query (ids and dates only), then, per model on the page, one query
for its rows and one for the versions before them, and one per referenced model to name
foreign keys: a constant number of queries whatever the page size.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import CharField, F, OuterRef, Subquery, Value

from audit.registry import IGNORED_FIELDS, audited_models

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


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
    actor: object
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


def _history_model(model):
    return model.history.model


def index(filters: Filters = Filters()):
    """The UNION of every audited history table, newest first: `history_id, history_date,
    model` rows, filtered; supports count() and slicing (a Paginator takes it)."""
    parts = []
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
        return (
            _history_model(audited_models()["accounts.user"])
            .objects.none()
            .values_list("history_id", "history_date", "history_id")
        )
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return union.order_by("-at", "-history_id")


def _value(record, field_obj, names: dict) -> str:
    if field_obj.is_relation and field_obj.many_to_one:
        pk = getattr(record, field_obj.attname)
        if pk is None:
            return ""
        return names.get((field_obj.related_model, pk), f"#{pk}")
    value = getattr(record, field_obj.attname)
    if value is None:
        return ""
    if field_obj.choices:
        return str(dict(field_obj.flatchoices).get(value, value))
    return str(value)


def _m2m(model, records) -> dict[int, dict[str, frozenset[int]]]:
    """Members (and other m2m snapshots) of each historical row: one query per m2m field."""
    result: dict[int, dict[str, frozenset[int]]] = {r.history_id: {} for r in records}
    history = model.history
    for m2m_field in getattr(history.model, "_history_m2m_fields", []):
        through = getattr(history.model, m2m_field.attname).model
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


def entries(rows) -> list[Entry]:
    """Turn a slice of `index()` into entries with their changes (old → new)."""
    models = audited_models()
    by_model: dict[str, list[int]] = {}
    for history_id, _at, name in rows:
        by_model.setdefault(name, []).append(history_id)
    records, previous, m2m = {}, {}, {}
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
    result = []
    for history_id, _at, name in rows:
        record = records[(name, history_id)]
        result.append(
            _entry(
                models[name], name, record, previous[(name, history_id)], m2m[name], names, related
            )
        )
    return result


def _tracked(model):
    return [
        f for f in model._meta.concrete_fields if f.name not in IGNORED_FIELDS and not f.primary_key
    ]


def _to_one(f) -> bool:
    return f.is_relation and (f.many_to_one or f.one_to_one)


def _related(models, records, previous, m2m) -> dict:
    """`{(related model, pk): object}` for every foreign key, one-to-one and m2m member on
    the page."""
    wanted: dict[type, set[int]] = {}
    for (name, _hid), record in records.items():
        model = models[name]
        for rec in (record, previous[(name, _hid)]):
            if rec is None:
                continue
            for f in _tracked(model):
                if _to_one(f):
                    pk = getattr(rec, f.attname)
                    if pk is not None:
                        wanted.setdefault(f.related_model, set()).add(pk)
        for m2m_field in model._meta.many_to_many:
            for snapshot in m2m[name].values():
                for pk in snapshot.get(m2m_field.name, ()):
                    wanted.setdefault(m2m_field.related_model, set()).add(pk)
    objects = {}
    for related, pks in wanted.items():
        for obj in related._default_manager.filter(pk__in=pks):
            objects[(related, obj.pk)] = obj
    return objects


def _repr(model, record, related: dict) -> str:
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
        if _to_one(f):
            target = related.get((f.related_model, values.get(f.attname)))
            if target is not None:
                f.set_cached_value(instance, target)
    return str(instance)


def _entry(model, name, record, prior, m2m, names, related) -> Entry:
    changes = []
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

            def show(pks, related=m2m_field.related_model):
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
