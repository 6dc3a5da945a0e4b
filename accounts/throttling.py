"""Throttling of failed logins: the one module the login page and the token endpoint use.

Two counters, each over `LOGIN_FAILURE_WINDOW` seconds:

- **per account** (the user name as typed, folded to lower case; unknown names count the
  same, so the answer never tells whether a user exists): after `LOGIN_FAILURE_LIMIT`
  failures the account is locked until the window ends, whatever the password; a
  successful login resets it. Guessing one person's password is what it stops.
- **per client address**: only after `LOGIN_ADDRESS_FAILURE_LIMIT` failures (100 by
  default), so an office behind one NAT or proxy address is not locked out by a few typos
  or by someone trying names; it stops one machine spraying guesses over many accounts.
  Successes do not reset it (one valid account must not buy unlimited guesses).

The client address is `REMOTE_ADDR`, or, behind the TLS proxy (`DJANGO_BEHIND_PROXY`),
the hop that the trusted proxies (`DJANGO_PROXY_COUNT`, default 1) saw in
`X-Forwarded-For`: the rightmost entries are theirs, what lies left of them the client may
have forged.

The counters live in the cache; when it does not answer, logins are not throttled (fail
open, with a warning logged by `common.cache`) rather than refused for everyone.
"""

import hashlib
import ipaddress

from django.conf import settings
from django.http import HttpRequest

from common import cache


def _account_key(username: str) -> str:
    digest = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:32]
    return f"login-fail:user:{digest}"


def _address_key(address: str) -> str:
    return f"login-fail:addr:{address or '-'}"


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address of the client, as far as the deployment lets us trust it."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [hop for hop in forwarded.split(",") if hop.strip()]
    count = max(1, int(settings.PROXY_COUNT))
    if len(hops) < count:
        return remote
    return _valid_ip(hops[-count]) or remote


def is_locked(username: str, address: str) -> bool:
    """True when the account or the address has used up its failures in the window."""
    counts = cache.get_many([_account_key(username), _address_key(address)])
    return (counts.get(_account_key(username)) or 0) >= settings.LOGIN_FAILURE_LIMIT or (
        counts.get(_address_key(address)) or 0
    ) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


def record_failure(username: str, address: str) -> None:
    window = settings.LOGIN_FAILURE_WINDOW
    cache.incr(_account_key(username), window)
    cache.incr(_address_key(address), window)


def record_success(username: str) -> None:
    """A successful login forgets the account's failures (not the address's)."""
    cache.delete(_account_key(username))
