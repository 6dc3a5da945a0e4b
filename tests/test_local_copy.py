"""`common.cache.LocalCopy`: a process keeps rows that rarely change (the SLA policies) and
loads them again only after a change commits; never a copy of uncommitted rows, never a
stale copy when the cache does not answer."""

import pytest
from django.db import transaction

from common.cache import LocalCopy
from sla.models import SLAPolicy
from sla.services import ACTIVE_POLICIES, match_policy
from tests import factories
from tests.test_cache_outage import DOWN

pytestmark = pytest.mark.django_db


class Loads:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> int:
        self.count += 1
        return self.count


def test_a_copy_is_kept_until_a_change_commits(django_capture_on_commit_callbacks):
    loads = Loads()
    rows = LocalCopy("test-rows", loads)
    assert (rows.get(), rows.get(), loads.count) == (1, 1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        rows.changed()
        assert rows.get() == 2  # the changing transaction reads afresh...
        assert rows.get() == 3  # ...and keeps nothing it may roll back
    assert (rows.get(), rows.get()) == (4, 4)  # committed: one load, kept again


def test_without_the_cache_every_read_loads(settings):
    settings.CACHES = DOWN
    loads = Loads()
    rows = LocalCopy("test-rows-down", loads)
    assert (rows.get(), rows.get()) == (1, 2)


def test_a_cache_of_one_process_keeps_no_copy(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    loads = Loads()
    rows = LocalCopy("test-rows-local", loads)
    assert (rows.get(), rows.get()) == (1, 2)  # other processes' changes would go unseen


def test_a_copy_is_kept_no_longer_than_its_age(monkeypatch):
    loads = Loads()
    rows = LocalCopy("test-rows-aged", loads, max_age=60)
    clock = [1000.0]
    monkeypatch.setattr("common.cache.time.monotonic", lambda: clock[0])
    assert (rows.get(), rows.get()) == (1, 1)
    clock[0] += 61  # a change whose stamp was lost (the cache down as it committed)
    assert (rows.get(), rows.get()) == (2, 2)


def test_a_forgotten_stamp_loads_again():
    from django.core.cache import cache

    loads = Loads()
    rows = LocalCopy("test-rows-flushed", loads)
    assert (rows.get(), rows.get()) == (1, 1)
    cache.clear()  # evicted, or Redis flushed
    assert (rows.get(), rows.get()) == (2, 2)


def test_policies_are_read_once_per_process_and_again_after_a_change(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        policy = factories.SLAPolicyFactory(name="Default")
    assert match_policy(None, None, 3).name == "Default"
    with django_assert_num_queries(0):
        assert match_policy(None, None, 3).name == "Default"
    with django_capture_on_commit_callbacks(execute=True):
        factories.SLAPolicyFactory(name="P3", priority=3, calendar=policy.calendar)
    with django_assert_num_queries(1):
        assert match_policy(None, None, 3).name == "P3"
    assert match_policy(None, None, 2).name == "Default"
    with django_capture_on_commit_callbacks(execute=True):
        policy.calendar.hours = {"mon": [["08:00", "12:00"]]}
        policy.calendar.save()  # a calendar change is a change of the policies' copy
    assert match_policy(None, None, 2).calendar.hours == {"mon": [["08:00", "12:00"]]}
    with django_capture_on_commit_callbacks(execute=True):
        policy.delete()
    assert match_policy(None, None, 2) is None


def test_bulk_writes_of_policies_count_as_changes(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        policy = factories.SLAPolicyFactory(name="Default")
    assert match_policy(None, None, 3).name == "Default"
    with django_capture_on_commit_callbacks(execute=True):
        SLAPolicy.objects.filter(pk=policy.pk).update(is_active=False)
    assert match_policy(None, None, 3) is None
    with django_capture_on_commit_callbacks(execute=True):
        SLAPolicy.objects.bulk_create(
            [
                SLAPolicy(
                    name="Again",
                    calendar=policy.calendar,
                    response_minutes=60,
                    resolution_minutes=480,
                )
            ]
        )
    assert match_policy(None, None, 3).name == "Again"


def test_a_rolled_back_change_is_never_kept(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        policy = factories.SLAPolicyFactory(name="Default")
    assert match_policy(None, None, 3).name == "Default"
    with pytest.raises(RuntimeError), transaction.atomic():
        policy.is_active = False
        policy.save()
        assert match_policy(None, None, 3) is None  # this transaction sees its change
        raise RuntimeError
    assert match_policy(None, None, 3).name == "Default"
    assert ACTIVE_POLICIES.get()[0].is_active


def test_a_matched_policy_is_the_callers_own():
    policy = factories.SLAPolicyFactory(name="Default")
    first, second = match_policy(None, None, 3), match_policy(None, None, 3)
    assert first == second == policy and first is not second
