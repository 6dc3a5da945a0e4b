"""What every app shares: domain errors, input parsing, lists and filters, search,
spreadsheets, uploads, the page and API plumbing. Project wiring (settings, URLs, Celery,
WSGI) stays in `itsm/`."""
