"""The account mail and alerts act as when they open tickets and write work notes.

An agent-role account without a password and without groups: it cannot sign in, is
offered for no assignment, and may work only the tickets it opened itself (the role
table's rule for whoever logs a call), which is what resolving a cleared alert needs."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from accounts.models import User
from accounts.roles import Role

GATEWAY_USERNAME = "inbound-gateway"


def gateway_user() -> User:
    """The gateway account, made on first use (two first uses at once make one)."""
    found: User | None = User.objects.filter(username=GATEWAY_USERNAME).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            user: User = User.objects.create(
                username=GATEWAY_USERNAME,
                display_name="Mail and monitoring gateway · 邮件与监控网关",
                role=Role.AGENT,
                password=make_password(None),  # unusable: it never signs in
            )
    except IntegrityError:
        user = User.objects.get(username=GATEWAY_USERNAME)
    return user
