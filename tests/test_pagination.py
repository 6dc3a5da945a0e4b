"""The capped paginator of searches (common.pagination)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from common.pagination import CappedPaginator
from tests import factories

pytestmark = pytest.mark.django_db


def test_counts_up_to_the_cap_and_pages_stop_there():
    factories.UserFactory.create_batch(5)
    paginator = CappedPaginator(User.objects.order_by("pk"), 2, cap=3)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (3, True, 2)
    assert len(paginator.page(2).object_list) == 1
    exact = CappedPaginator(User.objects.order_by("pk"), 2, cap=10)
    assert (exact.count, exact.capped) == (5, False)


def test_a_search_past_the_cap_is_remembered_and_one_below_it_is_not():
    from django.core.cache import cache

    cache.clear()
    factories.UserFactory.create_batch(4)
    users = User.objects.order_by("pk")
    assert CappedPaginator(users, 2, cap=3).capped
    with CaptureQueriesContext(connection) as queries:
        again = CappedPaginator(users, 2, cap=3)
        assert (again.capped, again.count) == (True, 3)
    assert len(queries) == 0
    few = users.filter(pk__lte=users[1].pk)
    assert not CappedPaginator(few, 2, cap=3).capped
    with CaptureQueriesContext(connection) as queries:
        assert CappedPaginator(few, 2, cap=3).count == 2
    assert len(queries) == 1  # counted live every time


def test_a_single_match_still_asks_for_a_whole_page():
    # `LIMIT 1` would let PostgreSQL walk the whole table in index order looking for it.
    factories.UserFactory()
    with CaptureQueriesContext(connection) as queries:
        page = CappedPaginator(User.objects.order_by("pk"), 25).page(1)
        assert len(page.object_list) == 1
    assert "LIMIT 25" in queries[-1]["sql"]


# --- ScalePaginator: every other list ------------------------------------------------------


def test_counts_are_exact_and_large_ones_cached_for_a_while(monkeypatch):
    from django.core.cache import cache

    from common import pagination

    cache.clear()
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 3)
    factories.UserFactory.create_batch(3)
    users = User.objects.order_by("pk")
    assert pagination.ScalePaginator(users, 2).count == 3  # at the threshold: exact, live
    factories.UserFactory.create_batch(2)
    assert pagination.ScalePaginator(users, 2).count == 5  # above it: counted once...
    factories.UserFactory()
    assert pagination.ScalePaginator(users, 2).count == 5  # ...and kept a while
    assert pagination.ScalePaginator(users.filter(pk__gt=0), 2).count == 6  # another query
    cache.clear()
    assert pagination.ScalePaginator(users, 2).count == 6


def test_a_list_known_to_be_large_runs_no_count_at_all(monkeypatch):
    from django.core.cache import cache

    from common import pagination

    cache.clear()
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 2)
    factories.UserFactory.create_batch(4)
    users = User.objects.order_by("pk")
    assert pagination.ScalePaginator(users, 2).count == 4
    with CaptureQueriesContext(connection) as queries:
        assert pagination.ScalePaginator(users, 2).count == 4
    assert len(queries) == 0  # the cached total, not even the bounded count


def test_deep_pages_read_ids_first_and_keep_the_order(monkeypatch):
    from django.core.paginator import Paginator

    from common import pagination

    monkeypatch.setattr(pagination, "DEEP_OFFSET", 4)
    factories.UserFactory.create_batch(11)
    users = User.objects.order_by("-username", "-pk")
    plain, scale = Paginator(users, 3), pagination.ScalePaginator(users, 3)
    for number in range(1, plain.num_pages + 1):
        assert list(scale.page(number)) == list(plain.page(number))
    with CaptureQueriesContext(connection) as queries:
        list(scale.page(3))
    assert queries[0]["sql"].startswith('SELECT "accounts_user"."id" AS "pk" FROM')  # ids first
