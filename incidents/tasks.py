"""Celery tasks: thin wrappers around incidents.services."""

from typing import Any

from celery import Celery, shared_task

from incidents import services
from itsm.celery import app


@shared_task(ignore_result=True)
def auto_close_resolved() -> None:
    services.auto_close_resolved()


@shared_task(ignore_result=True)
def remind_promises() -> None:
    services.remind_promises()


@shared_task(ignore_result=True)
def purge_creation_keys() -> None:
    services.purge_creation_keys()


@app.on_after_finalize.connect
def schedule(sender: Celery, **kwargs: Any) -> None:
    sender.add_periodic_task(600.0, auto_close_resolved.s(), name="auto-close resolved tickets")
    sender.add_periodic_task(60.0, remind_promises.s(), name="remind promised replies")
    sender.add_periodic_task(3600.0, purge_creation_keys.s(), name="forget old idempotency keys")
