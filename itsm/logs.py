"""Log lines: JSON on stdout, timestamps in UTC with their offset.

Django sets the process's local time to `TIME_ZONE`, while honcho, gunicorn and the
container runtime stamp lines with the host's clock: an explicit UTC instant reads the same
beside all of them (`make run` also runs honcho in UTC).
"""

import datetime as dt

from pythonjsonlogger.json import JsonFormatter


class UTCJsonFormatter(JsonFormatter):
    def formatTime(self, record, datefmt=None) -> str:
        instant = dt.datetime.fromtimestamp(record.created, tz=dt.UTC)
        return instant.isoformat(timespec="milliseconds")
