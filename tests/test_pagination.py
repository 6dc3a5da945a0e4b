"""The capped paginator of searches (itsm.pagination)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from itsm.pagination import CappedPaginator
from tests import factories

pytestmark = pytest.mark.django_db


def test_counts_up_to_the_cap_and_pages_stop_there():
    factories.UserFactory.create_batch(5)
    paginator = CappedPaginator(User.objects.order_by("pk"), 2, cap=3)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (3, True, 2)
    assert len(paginator.page(2).object_list) == 1
    exact = CappedPaginator(User.objects.order_by("pk"), 2, cap=10)
    assert (exact.count, exact.capped) == (5, False)


def test_a_single_match_still_asks_for_a_whole_page():
    # `LIMIT 1` would let PostgreSQL walk the whole table in index order looking for it.
    factories.UserFactory()
    with CaptureQueriesContext(connection) as queries:
        page = CappedPaginator(User.objects.order_by("pk"), 25).page(1)
        assert len(page.object_list) == 1
    assert "LIMIT 25" in queries[-1]["sql"]
