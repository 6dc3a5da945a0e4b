"""Celery tasks: thin wrappers around sla.sweep."""

from typing import Any

from celery import Celery, shared_task
from django.conf import settings

from itsm.celery import app
from sla import sweep


@shared_task(ignore_result=True)
def sweep_timers() -> None:
    sweep.sweep()


@app.on_after_finalize.connect
def schedule(sender: Celery, **kwargs: Any) -> None:
    seconds = float(settings.SLA_SWEEP_SECONDS)
    sender.add_periodic_task(seconds, sweep_timers.s(), name="SLA warnings and breaches")
