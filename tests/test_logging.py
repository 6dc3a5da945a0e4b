"""Logs: one JSON line per record, in UTC, and quiet while nothing happens."""

import json
import logging
import re

import pytest
from django.conf import settings
from django.utils.log import configure_logging
from kombu import Connection

from itsm.celery import app as celery_app
from notifications import services as outbox
from notifications.models import Notification
from tests import factories


@pytest.fixture
def product_logging():
    """Apply the product's LOGGING as a process does at start (Django's defaults first)."""
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    yield
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def handlers_reached(name: str) -> list[logging.Handler]:
    """The handlers that print a record on logger `name` (walking up while it propagates;
    not pytest's capture handlers nor Celery's NullHandlers)."""
    reached, logger = [], logging.getLogger(name)
    while logger is not None:
        reached += [
            handler
            for handler in logger.handlers
            if not isinstance(handler, logging.NullHandler)
            and not type(handler).__module__.startswith("_pytest")
        ]
        if not logger.propagate:
            break
        logger = logger.parent
    return reached


@pytest.mark.parametrize("name", ["django.request", "django.server", "celery.app.trace", "itsm"])
def test_a_record_reaches_one_handler_the_json_one(product_logging, name):
    reached = handlers_reached(name)
    assert len(reached) == 1, reached
    assert type(reached[0].formatter).__name__ == "UTCJsonFormatter"


def test_a_warning_is_one_json_line_stamped_in_utc(product_logging, capsys):
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)  # bind to the captured stdout
    logging.getLogger("django.request").warning("Not Found: %s", "/nowhere")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["message"] == "Not Found: /nowhere"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", record["time"])


def test_celery_leaves_logging_to_django(product_logging):
    before = handlers_reached("celery.worker.strategy")
    celery_app.log.setup(loglevel="INFO")
    assert handlers_reached("celery.worker.strategy") == before
    assert len(before) == 1


def test_celery_task_chatter_is_below_the_default_level(product_logging):
    for name in ("celery.app.trace", "celery.worker.strategy", "celery.beat"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO)
    assert logging.getLogger("celery.app.trace").isEnabledFor(logging.ERROR)


@pytest.mark.django_db
def test_the_outbox_sweep_logs_only_when_it_sent_something(caplog, mailoutbox):
    caplog.set_level(logging.DEBUG, logger="notifications.services")
    assert outbox.deliver_pending() == 0
    assert caplog.records == []
    user = factories.UserFactory(email="liu@example.com")
    Notification.objects.create(
        recipient=user, email=user.email, subject="s", body="b", dedupe_key="k"
    )
    assert outbox.deliver_pending() == 1
    assert [r.getMessage() for r in caplog.records] == ["outbox: 1 notification(s) sent"]


@pytest.mark.skipif(bool(settings.REDIS_URL), reason="the filesystem broker is the default only")
def test_the_filesystem_broker_keeps_every_folder_under_var_and_names_its_host():
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        assert options[key].startswith(str(settings.VAR_DIR)), key
    assert Connection(settings.CELERY_BROKER_URL).hostname
