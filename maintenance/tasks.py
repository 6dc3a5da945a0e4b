"""Celery tasks: thin wrappers around maintenance.services (idempotent there)."""

from typing import Any

from celery import Celery, shared_task
from django.conf import settings

from itsm.celery import app
from maintenance import services


@shared_task(ignore_result=True)
def open_due_occurrences() -> int:
    return services.open_due_occurrences()


@app.on_after_finalize.connect
def schedule(sender: Celery, **kwargs: Any) -> None:
    seconds = float(settings.MAINTENANCE_SWEEP_SECONDS)
    sender.add_periodic_task(seconds, open_due_occurrences.s(), name="open planned maintenance")
