"""Read side of the inbound channels: who a mail is from, what it answers, the lists."""

from __future__ import annotations

import datetime
from email.utils import parseaddr

from django.conf import settings
from django.db.models import QuerySet

from accounts.models import User
from assets.models import Asset
from inbound.models import AlertThread, InboundMessage, Integration, Mailbox, Outcome
from incidents.models import Ticket
from notifications.models import Notification


def own_addresses() -> frozenset[str]:
    """Addresses the desk sends from or reads: mail from them is never a ticket (loops)."""
    found = {parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()}
    for address, username in Mailbox.objects.values_list("address", "username"):
        found.add(address.lower())
        if "@" in username:
            found.add(username.lower())
    found.discard("")
    return frozenset(found)


def user_by_email(address: str) -> User | None:
    """The user an address belongs to (addresses are unique without case)."""
    return User.objects.filter(email__iexact=address).order_by("-is_active", "pk").first()


def mails_acted_on_since(sender: str, since: datetime.datetime) -> int:
    """Tickets and replies a sender's mail made since `since` (the rate limit's count)."""
    return InboundMessage.objects.filter(
        sender=sender,
        created_at__gte=since,
        outcome__in=[Outcome.CREATED, Outcome.APPENDED],
    ).count()


def ticket_by_message_ids(message_ids: list[str]) -> Ticket | None:
    """The ticket a reply answers: a notification we sent it, or a mail we read for it."""
    if not message_ids:
        return None
    sent = (
        Notification.objects.filter(message_id__in=message_ids, ticket__isnull=False)
        .order_by("-created_at")
        .values_list("ticket_id", flat=True)
        .first()
    )
    if sent is None:
        sent = (
            InboundMessage.objects.filter(message_id__in=message_ids, ticket__isnull=False)
            .order_by("-created_at")
            .values_list("ticket_id", flat=True)
            .first()
        )
    return Ticket.objects.filter(pk=sent).first() if sent is not None else None


def ticket_by_number(number: str) -> Ticket | None:
    return Ticket.objects.filter(number=number).first()


def mailboxes() -> QuerySet[Mailbox]:
    return Mailbox.objects.select_related("assignment_group", "catalog_item")


def active_mailbox_ids() -> list[int]:
    return list(Mailbox.objects.filter(active=True).values_list("pk", flat=True))


def recent_messages(mailbox: Mailbox, limit: int = 50) -> QuerySet[InboundMessage]:
    return mailbox.messages.select_related("ticket").order_by("-created_at", "-id")[:limit]


def integrations() -> QuerySet[Integration]:
    return Integration.objects.select_related("assignment_group", "catalog_item")


def integration_by_token_hash(token_hash: str) -> Integration | None:
    return (
        Integration.objects.select_related("assignment_group", "catalog_item")
        .filter(token_hash=token_hash, active=True)
        .first()
    )


def recent_threads(integration: Integration, limit: int = 50) -> QuerySet[AlertThread]:
    return integration.threads.select_related("ticket", "asset").order_by("-first_fired_at")[:limit]


def alerts_of_asset(asset: Asset, limit: int = 25) -> QuerySet[AlertThread]:
    """A CI's alert history, newest first (its page's panel)."""
    return (
        AlertThread.objects.filter(asset=asset)
        .select_related("ticket", "integration")
        .order_by("-first_fired_at", "-id")[:limit]
    )


def asset_by_tag(tag: str) -> Asset | None:
    return Asset.objects.filter(tag=tag).first()
