"""Celery tasks: thin wrappers around satisfaction.services (idempotent there)."""

from typing import Any

from celery import Celery, shared_task

from itsm.celery import app
from satisfaction import services


@shared_task(ignore_result=True)
def send_survey(survey_id: int) -> None:
    services.send_survey(survey_id)


@shared_task(ignore_result=True)
def send_due_surveys() -> None:
    services.send_due_surveys()


@shared_task(ignore_result=True)
def remind_surveys() -> None:
    services.remind_surveys()


@app.on_after_finalize.connect
def schedule(sender: Celery, **kwargs: Any) -> None:
    sender.add_periodic_task(60.0, send_due_surveys.s(), name="send due satisfaction surveys")
    sender.add_periodic_task(900.0, remind_surveys.s(), name="remind unanswered surveys")
