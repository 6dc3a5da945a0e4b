"""Pages whose count stops at a cap: a broad search over a million tickets says "1000+"
instead of counting every match (the count is what costs, not the page)."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """A Paginator over a QuerySet that counts at most `cap` rows; `capped` says whether
    there are more. The pages stop at the cap too: refine the search to see further."""

    def __init__(self, object_list, per_page, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _found(self) -> int:
        # Bare ids, no ORDER BY: any cap + 1 rows say "more"; nothing to join or sort.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._found, self.cap)

    @property
    def capped(self) -> bool:
        return self._found > self.cap

    def page(self, number):
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
        return self._get_page(self.object_list[bottom:top], number, self)
