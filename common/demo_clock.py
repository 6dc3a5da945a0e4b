"""The demo's replay clock: past work done through the real service functions, at its time.

`seed_demo` does not invent timestamps row by row (events, timers and comments would then
disagree with each other): it runs each step of the month at the moment it happened, with
`timezone.now()` showing that moment. Everything the services write — history, comments,
SLA timer segments and due times, surveys, outbox rows — is dated consistently by the same
code that dates them in production.

During a replay, work queued "after commit" (sending the outbox, survey tasks) is dropped:
it belongs to the moment it was queued, long past; the seed records it as done instead.
"""

import contextlib
import datetime as dt
from collections.abc import Iterator
from unittest import mock

from django.db import transaction
from django.utils import timezone


class Clock:
    """Callable standing in for `timezone.now`; `at` is the moment being replayed."""

    def __init__(self, at: dt.datetime):
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


@contextlib.contextmanager
def replay(start: dt.datetime) -> Iterator[Clock]:
    """`with replay(t0) as clock: clock.at = t; ...`: services run as if at `clock.at`."""
    clock = Clock(start)
    with (
        mock.patch.object(timezone, "now", clock),
        mock.patch.object(transaction, "on_commit", _dropped),
    ):
        yield clock


def _dropped(func, using=None, robust=False) -> None:
    """Nothing runs after commit during a replay (see the module docstring)."""
