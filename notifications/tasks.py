"""Celery tasks: thin wrappers around notifications.services."""

from typing import Any

from celery import Celery, shared_task

from itsm.celery import app
from notifications import services


@shared_task(ignore_result=True)
def deliver(notification_id: int) -> None:
    services.deliver(notification_id)


@shared_task(ignore_result=True)
def deliver_pending() -> None:
    services.deliver_pending()


@app.on_after_finalize.connect
def schedule(sender: Celery, **kwargs: Any) -> None:
    sender.add_periodic_task(30.0, deliver_pending.s(), name="deliver pending notifications")
