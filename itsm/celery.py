"""The Celery app. Workers and beat start with `celery -A itsm worker` / `celery -A itsm beat`.

Apps declare their periodic tasks in their own `tasks.py` by connecting to
`app.on_after_finalize` and calling `sender.add_periodic_task(...)`, so no app edits
the settings of another.
"""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itsm.settings")

app = Celery("itsm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def use_django_logging(**kwargs) -> None:
    """Workers and beat log through Django's LOGGING (JSON lines, UTC) instead of Celery's
    own handler and format: connecting here is how Celery is told to leave logging alone."""
