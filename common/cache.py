"""The cache, degrading instead of failing: the one way the product reads and writes it.

The cache (Redis in production) holds only what can be recomputed or forgotten: login
failure counters, a large list's total, the stamps of `LocalCopy`. When it does not
answer, every call here logs a warning and behaves as a cache that holds nothing (reads
give the default, writes are dropped), so a Redis outage never turns a page, a login or an
API call into a 500. `/healthz` tells the outage (`itsm.views`).
"""

import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction

logger = logging.getLogger(__name__)

# What a cache that does not answer raises: redis-py's ConnectionError and TimeoutError
# (neither is an OSError), socket and file errors (OSError) from the file-based cache.
try:
    from redis.exceptions import RedisError

    UNAVAILABLE: tuple[type[BaseException], ...] = (RedisError, OSError)
except ImportError:  # pragma: no cover - redis is a dependency; the file cache needs none
    UNAVAILABLE = (OSError,)


def _down(operation: str, key: str, exc: BaseException) -> None:
    logger.warning(
        "cache unavailable, %s(%s) degraded: %s: %s",
        operation,
        key,
        exc.__class__.__name__,
        exc,
        extra={"cache_operation": operation, "cache_key": key},
    )


def get(key: str, default: Any = None) -> Any:
    try:
        return cache.get(key, default)
    except UNAVAILABLE as exc:
        _down("get", key, exc)
        return default


def get_many(keys: list[str]) -> dict[str, Any]:
    try:
        return cache.get_many(keys)
    except UNAVAILABLE as exc:
        _down("get_many", ",".join(keys), exc)
        return {}


def set(key: str, value: Any, timeout: int | None) -> None:
    try:
        cache.set(key, value, timeout)
    except UNAVAILABLE as exc:
        _down("set", key, exc)


def incr(key: str, timeout: int) -> int | None:
    """Add one to a counter that expires `timeout` seconds after its first count; the new
    value, or None when the cache does not answer."""
    try:
        if cache.add(key, 1, timeout=timeout):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=timeout)
            return 1
    except UNAVAILABLE as exc:
        _down("incr", key, exc)
        return None


def delete(key: str) -> None:
    try:
        cache.delete(key)
    except UNAVAILABLE as exc:
        _down("delete", key, exc)


T = TypeVar("T")


class LocalCopy(Generic[T]):
    """A process's own copy of a few rows that rarely change and are read on hot paths (the
    SLA policies, for every ticket opened): loaded once, loaded again after any process
    changed them.

    Whoever changes the rows calls `changed()` (the models' signals do, `sla.apps`): after
    the transaction commits, a new stamp is written to the shared cache. A reader compares
    the stamp of its copy with the shared one (one cache read, ~20 times cheaper than the
    query it saves) and loads afresh when they differ, the stamp read before the rows, so
    a copy is never newer than its stamp says. Inside a transaction that changed the rows,
    the thread reads them from the database, uncommitted changes included, and keeps no
    copy of them (they may yet be rolled back). When the cache does not answer, or is not
    shared between processes (a local-memory cache), every read loads from the database.
    A copy is never kept longer than `max_age` seconds either: a change whose new stamp
    was lost (the cache down at that commit) shows within that time.
    """

    def __init__(self, name: str, load: Callable[[], T], max_age: float = 300) -> None:
        self.key = f"local-copy:{name}"
        self.load = load
        self.max_age = max_age
        self._copy: tuple[str, float, T] | None = None
        self._writing = threading.local()

    def get(self) -> T:
        writing = getattr(self._writing, "transaction", None)
        if writing is not None:
            if connection.in_atomic_block and connection.atomic_blocks[0] is writing:
                return self.load()
            self._writing.transaction = None
        stamp = self._stamp()
        if stamp is None:
            return self.load()
        kept = self._copy
        now = time.monotonic()
        if kept is not None and kept[0] == stamp and now - kept[1] < self.max_age:
            return kept[2]
        value = self.load()
        self._copy = (stamp, now, value)
        return value

    def changed(self) -> None:
        """The rows changed (or will, in the current transaction): every process loads them
        again once it commits."""
        if connection.in_atomic_block:
            # Its outermost block names this transaction for `get`.
            self._writing.transaction = connection.atomic_blocks[0]
        transaction.on_commit(self._renew)

    def _renew(self) -> None:
        self._writing.transaction = None
        set(self.key, uuid.uuid4().hex, None)

    def _stamp(self) -> str | None:
        if isinstance(caches["default"], LocMemCache):
            return None  # a stamp only this process sees would never tell of the others' writes
        stamp = get(self.key)
        if stamp is None:
            # Never stamped, or forgotten (evicted, flushed): the first reader stamps it.
            try:
                cache.add(self.key, uuid.uuid4().hex, None)
            except UNAVAILABLE as exc:
                _down("add", self.key, exc)
                return None
            stamp = get(self.key)
        return stamp if isinstance(stamp, str) else None
