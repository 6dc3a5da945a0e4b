"""Celery tasks: thin wrappers around approvals.services (idempotent there)."""

from typing import Any

from celery import Celery, shared_task

from approvals import services
from itsm.celery import app


@shared_task(ignore_result=True)
def remind_overdue_approvals() -> None:
    services.remind_overdue()


@app.on_after_finalize.connect
def schedule(sender: Celery, **kwargs: Any) -> None:
    sender.add_periodic_task(
        300.0, remind_overdue_approvals.s(), name="remind approvers past their due time"
    )
