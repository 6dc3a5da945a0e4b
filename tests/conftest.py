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


# The service levels that sla's initial migration ships, as the migrations wrote them.
SHIPPED_SERVICE_LEVELS: dict = {"calendars": [], "policies": []}
# The reference rows the migrations wrote, read before any test changed them.
MIGRATED_ROWS: dict = {"resolution_codes": [], "admission_criteria": []}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Tests start from a desk without service levels, as they were written: each builds the
    calendars and policies it reasons about. The shipped ones (sla/0001_initial) are kept
    aside for the tests that ask for them (`shipped_service_levels`)."""
    from catalog.models import AdmissionCriterion
    from incidents.models import ResolutionCode
    from sla.models import BusinessCalendar, SLAPolicy

    with django_db_blocker.unblock():
        MIGRATED_ROWS["resolution_codes"] = list(ResolutionCode.objects.values("code", "order"))
        MIGRATED_ROWS["admission_criteria"] = list(
            AdmissionCriterion.objects.values("code", "kind", "order")
        )
        SHIPPED_SERVICE_LEVELS["calendars"] = list(BusinessCalendar.objects.all())
        SHIPPED_SERVICE_LEVELS["policies"] = list(SLAPolicy.objects.all())
        SLAPolicy.objects.all().delete()
        BusinessCalendar.objects.all().delete()


@pytest.fixture
def shipped_service_levels(db):
    """The calendar and policies a fresh install has (put back as the migrations wrote them;
    a reused test database ran the migrations earlier, so the migration's code runs again)."""
    from django.apps import apps

    from sla import defaults
    from sla.models import BusinessCalendar, SLAPolicy

    if SHIPPED_SERVICE_LEVELS["calendars"]:
        BusinessCalendar.objects.bulk_create(SHIPPED_SERVICE_LEVELS["calendars"])
        SLAPolicy.objects.bulk_create(SHIPPED_SERVICE_LEVELS["policies"])
    else:
        defaults.create(
            apps.get_model("sla", "BusinessCalendar"),
            apps.get_model("sla", "SLAPolicy"),
            timezone.localdate().year,
        )
    return SLAPolicy.objects.select_related("calendar").order_by("priority")


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
