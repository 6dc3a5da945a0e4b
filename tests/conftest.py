"""Fixtures shared by every test: API clients per role, a clean cache, eager Celery."""

import os

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone, translation
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from accounts.roles import Role
from itsm.celery import app as celery_app
from tests import factories

# CI explores the same examples every run, so a red build always reproduces; developers'
# runs stay random and keep searching for new counterexamples.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _default_language_and_zone():
    """Pages activate the user's language and zone in this thread: reset them per test."""
    yield
    translation.deactivate()
    timezone.deactivate()


@pytest.fixture(autouse=True)
def _clean_cache():
    """Throttling counters live in the cache (Redis in CI): no test sees another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Unit tests run tasks in-process; integration tests use a real worker."""
    if request.node.get_closest_marker("integration"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def at():
    """`with at(instant):` runs the block at that instant (the clock does not tick)."""

    def travel(instant):
        return time_machine.travel(instant, tick=False)

    return travel


@pytest.fixture
def api_client():
    return APIClient()


def _client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def requester(db):
    return factories.UserFactory(role=Role.REQUESTER)


@pytest.fixture
def other_requester(db):
    return factories.UserFactory(role=Role.REQUESTER)


@pytest.fixture
def group(db):
    return factories.SupportGroupFactory()


@pytest.fixture
def agent(group):
    user = factories.UserFactory(role=Role.AGENT)
    group.members.add(user)
    return user


@pytest.fixture
def manager(group):
    user = factories.UserFactory(role=Role.MANAGER)
    group.manager = user
    group.save()
    return user


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(role=Role.ADMIN)


@pytest.fixture
def client_for():
    """`client_for(user)` → an APIClient authenticated as that user."""
    return _client_for
