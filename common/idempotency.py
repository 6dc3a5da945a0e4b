"""`Idempotency-Key`: a client's name for one attempt at a creation, so that retrying the
same request (a timeout, a double click, a proxy's replay) gives the same result.

The header and the body's fingerprint are read here; each creating endpoint stores them
with what it made (tickets: `incidents.models.CreationKey`).
"""

import datetime
import hashlib
import json
import re

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

HEADER = "Idempotency-Key"
# A key is remembered this long; after it the same key makes a new object.
WINDOW = datetime.timedelta(hours=24)
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"  # visible ASCII, as a UUID or a random token is
_KEY = re.compile(KEY_PATTERN)

SCHEMA = {"type": "string", "minLength": 1, "maxLength": 255, "pattern": KEY_PATTERN}
DESCRIPTION = (
    "Optional. A unique value per creation attempt (a UUID): the same key and body from the "
    "same user within 24 hours return the ticket made the first time (200, header "
    "`Idempotent-Replayed: true`) instead of a second ticket; the same key with a different "
    "body is a 422. 1–255 visible ASCII characters."
)


def key(request) -> str | None:
    """The request's Idempotency-Key, None without one; a malformed key is a 400."""
    value = request.headers.get(HEADER)
    if value is None:
        return None
    if not _KEY.match(value):
        raise ValidationError(
            {HEADER: [_("Send 1 to 255 visible ASCII characters, such as a UUID.")]}
        )
    return value


def fingerprint(data) -> str:
    """SHA-256 of the body in canonical JSON: the same fields and values in any order or
    spacing give the same fingerprint."""
    if hasattr(data, "lists"):  # a form body (QueryDict): every value of every field
        data = dict(data.lists())
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()
