"""The Celery app. Workers and beat start with `celery -A itsm worker` / `celery -A itsm beat`.

Apps declare their periodic tasks in their own `tasks.py` by connecting to
`app.on_after_finalize` and calling `sender.add_periodic_task(...)`, so no app edits
the settings of another.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itsm.settings")

app = Celery("itsm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
