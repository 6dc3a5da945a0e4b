"""Free-text search conditions shared by the ticket and CMDB lists (see common.searchterms).

The condition means `icontains` on every backend; on PostgreSQL a term too short for
trigrams is also (or, when they say the same, only) compared with the field's grams, which
the gram indexes answer.
"""

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, TextField, Value
from django.db.models.lookups import Contains

from common.searchterms import Term


class Grams(Func):
    """`itsm_search_grams(column, short)`, the expression the gram indexes are built on."""

    function = "itsm_search_grams"
    output_field = TextField()

    def __init__(self, field: str, short_field: bool) -> None:
        super().__init__(F(field), Value(short_field, output_field=BooleanField()))


def field_matches(field: str, term: Term, *, short_field: bool, grams: bool = True) -> Q | None:
    """`field` contains the term; None when that field is not searched for this term.
    `grams=False` for a term known to be common: the newest rows are read one by one
    then, and LIKE costs each far less than computing its grams."""
    if not term.searches(short_field):
        return None
    contains = Q(**{f"{field}__icontains": term.text})
    use_grams = grams and connection.vendor == "postgresql"
    patterns = term.grams(short_field) if use_grams else []
    if not patterns:
        return contains
    conditions = [Q(Contains(Grams(field, short_field), pattern)) for pattern in patterns]
    # Without a redundant LIKE beside them the planner estimates the matches right.
    condition = conditions.pop() if term.grams_decide(short_field) else contains
    for gram in conditions:
        condition &= gram
    return condition


def any_field_matches(term: Term, fields: dict[str, bool], *, grams: bool = True) -> Q | None:
    """OR of `field_matches` over `{field: short_field}`."""
    found = [field_matches(f, term, short_field=s, grams=grams) for f, s in fields.items()]
    conditions = [c for c in found if c is not None]
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined
