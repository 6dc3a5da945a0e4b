"""Celery beat: rebuild the days of the reports' roll-up that changed, and today's hours
(reports/rollup.py)."""

from typing import Any

from celery import Celery, shared_task
from django.conf import settings

from itsm.celery import app
from reports import rollup


@shared_task(ignore_result=True)
def refresh_rollup() -> None:
    if rollup.available():
        rollup.refresh()


@app.on_after_finalize.connect
def schedule(sender: Celery, **kwargs: Any) -> None:
    sender.add_periodic_task(
        float(settings.REPORTS_ROLLUP_SECONDS), refresh_rollup.s(), name="Reports roll-up"
    )
