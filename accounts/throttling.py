"""Throttling of failed logins, shared by the login page and the token endpoint.

Failures are counted in the cache per username and per client address over a window;
past the limit, further attempts are refused (429 in the API, a form error on the page)
whatever the password, with a message that does not tell whether the user exists.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(username: str, address: str) -> list[str]:
    digest = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:32]
    return [f"login-fail:user:{digest}", f"login-fail:addr:{address or '-'}"]


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def is_locked(username: str, address: str) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    return any((cache.get(key) or 0) >= limit for key in _keys(username, address))


def record_failure(username: str, address: str) -> None:
    window = settings.LOGIN_FAILURE_WINDOW
    for key in _keys(username, address):
        if cache.add(key, 1, timeout=window):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window)


def reset(username: str, address: str) -> None:
    cache.delete(_keys(username, address)[0])
