"""WSGI entry point (gunicorn itsm.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itsm.settings")

application = get_wsgi_application()

# What a worker loads before its first request lives as long as it does: Django, the apps,
# and (imported here rather than by the first request) the URLconf with every view, ~200,000
# objects. Frozen, the garbage collector no longer walks them: its full collections, one
# every ~15 lists of 200 tickets, took ~150 ms each, a few ms after.
get_resolver().url_patterns  # noqa: B018
gc.collect()
gc.freeze()
