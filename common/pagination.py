"""Pages over a million rows.

`CappedPaginator`: the count stops at a cap; a broad search over a million tickets says
"1000+" instead of counting every match (the count is what costs, not the page), and
remembers for a while that it went past the cap.

`ScalePaginator` (the desk, the CMDB and every API list): the count is exact; when it
passes `EXACT_UP_TO` rows it is counted once and kept in the cache for
`LIST_COUNT_CACHE_SECONDS` (a total over ten thousand may be up to that old, never the rows
shown); without a cache (Redis down) it is counted every time. Deep pages read their ids
first, from the index of the order, then those rows.
"""

import hashlib
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from common import cache

COUNT_CAP = 1000
EXACT_UP_TO = 10_000
DEEP_OFFSET = 1_000

# Paginator is generic for the checker only (Django's class takes no type argument).
if TYPE_CHECKING:
    BasePaginator = Paginator[Any]
else:
    BasePaginator = Paginator


def count_rows(queryset: QuerySet[Any]) -> int:
    """Exact up to EXACT_UP_TO (a bounded count); above, an exact count cached for a while
    under a key made of the query (so of its filters and of who may see what). A cached
    total is read first: a list known to be large skips even the bounded count (10,001
    index entries on every request), so its total may be up to the cache's age old even
    when the list has since shrunk below the threshold."""
    bare = queryset.order_by().values("pk")
    sql, params = bare.query.sql_with_params()
    key = "list-count:" + hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    total: int | None = cache.get(key)
    if total is not None:
        return total
    found = bare[: EXACT_UP_TO + 1].count()
    if found <= EXACT_UP_TO:
        return found
    total = bare.count()
    cache.set(key, total, settings.LIST_COUNT_CACHE_SECONDS)
    return total


class ScalePaginator(BasePaginator):
    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return count_rows(self.object_list)
        return super().count

    def page(self, number: int | str) -> Page[Any]:
        """As Paginator.page; past DEEP_OFFSET rows, the page's ids come first (an
        index-only walk of the order), then the rows with their related objects."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < DEEP_OFFSET or not isinstance(self.object_list, QuerySet):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids).order_by()}
        # Paginator's own hook for making a page, which the stubs do not declare.
        return self._get_page(  # type: ignore[attr-defined,no-any-return]
            [rows[pk] for pk in ids if pk in rows], number, self
        )


class CappedPaginator(BasePaginator):
    """A Paginator over a QuerySet that counts at most `cap` rows; `capped` says whether
    there are more. The pages stop at the cap too: refine the search to see further."""

    object_list: QuerySet[Any]

    def __init__(
        self, object_list: QuerySet[Any], per_page: int, cap: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _found(self) -> int:
        """Matches counted up to cap + 1. A search that went past the cap is remembered
        for LIST_COUNT_CACHE_SECONDS, as large list totals are: its next pages, and the
        desk's refresh every minute, say "more than 1000" without counting again (a
        common word's count checks thousands of tickets); below the cap, always live."""
        # Bare ids, no ORDER BY: any cap + 1 rows say "more"; nothing to join or sort.
        bare = self.object_list.order_by().values("pk")
        sql, params = bare.query.sql_with_params()
        key = f"list-capped:{self.cap}:" + hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        if cache.get(key):
            return self.cap + 1
        found = bare[: self.cap + 1].count()
        if found > self.cap:
            cache.set(key, True, settings.LIST_COUNT_CACHE_SECONDS)
        return found

    @cached_property
    def count(self) -> int:
        return min(self._found, self.cap)

    @property
    def capped(self) -> bool:
        return self._found > self.cap

    def page(self, number: int | str) -> Page[Any]:
        """As Paginator.page, but the query asks for a whole page even at the end: a search
        with one match must not say `LIMIT 1`, or PostgreSQL, expecting a few matches, walks
        the newest tickets for it and reads them all."""
        if self.orphans:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if self.capped:  # the pages stop at the cap
            top = min(top, self.count)
        return self._get_page(  # type: ignore[attr-defined,no-any-return]
            self.object_list[bottom:top], number, self
        )
