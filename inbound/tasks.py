"""Celery tasks: thin wrappers around inbound.services (beat polls every mailbox)."""

from typing import Any

from celery import Celery, shared_task
from django.conf import settings

from inbound.services import mailboxes
from itsm.celery import app


@shared_task(ignore_result=True)
def poll_mailboxes() -> None:
    mailboxes.poll_all()


@app.on_after_finalize.connect
def schedule(sender: Celery, **kwargs: Any) -> None:
    sender.add_periodic_task(
        float(settings.EMAIL_POLL_SECONDS), poll_mailboxes.s(), name="poll mailboxes"
    )
