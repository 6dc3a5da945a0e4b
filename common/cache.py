"""The cache, degrading instead of failing: the one way the product reads and writes it.

The cache (Redis in production) holds only what can be recomputed or forgotten: login
failure counters, a large list's total. When it does not answer, every call here logs a
warning and behaves as a cache that holds nothing (reads give the default, writes are
dropped), so a Redis outage never turns a page, a login or an API call into a 500.
`/healthz` tells the outage (`itsm.views`).
"""

import logging
from typing import Any

from django.core.cache import cache

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
