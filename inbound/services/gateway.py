"""The account mail and alerts act as when they open tickets and write work notes.

An agent-role account without a password and without groups: it cannot sign in, is
offered for no assignment, and may work only the tickets it opened itself (the role
table's rule for whoever logs a call), which is what resolving a cleared alert needs."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from accounts.models import User
from accounts.roles import Role

GATEWAY_USERNAME = "inbound-gateway"


def gateway_user() -> User:
    """The gateway account, made on first use (two first uses at once make one)."""
    user = User.objects.filter(username=GATEWAY_USERNAME).first()
    if user is not None:
        return user
    try:
        with transaction.atomic():
            user = User(
                username=GATEWAY_USERNAME,
                display_name="Mail and monitoring gateway · 邮件与监控网关",
                role=Role.AGENT,
            )
            user.set_unusable_password()
            user.save()
    except IntegrityError:
        user = User.objects.get(username=GATEWAY_USERNAME)
    return user
