"""Small helpers shared by tests."""

import contextlib

from kombu import pools

from itsm.celery import app


def _reset_broker_connections() -> None:
    # Celery caches connections and producers per broker URL: drop them so the next
    # message uses the URL configured now.
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


@contextlib.contextmanager
def broker_unreachable():
    """Point Celery at a port where nothing listens (a broker outage), then restore it."""
    previous_url, previous_eager = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.conf.task_always_eager = False
    _reset_broker_connections()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager = previous_url, previous_eager
        _reset_broker_connections()
