"""Read side of approvals: who sees which request, my pending ones, overdue ones."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts import roles
from accounts.models import SupportGroup, User
from approvals import permissions
from approvals.models import Approval, State
from common import cache
from incidents import workflow

if TYPE_CHECKING:
    from accounts.roles import RequestUser

PENDING_COUNT_SECONDS = 60


def with_related(qs: QuerySet[Approval]) -> QuerySet[Approval]:
    return qs.select_related(
        "ticket",
        "ticket__requester",
        "ticket__catalog_item",
        "ticket__catalog_item__service",
        "approver",
        "on_behalf_of",
    )


def visible_to(user: RequestUser) -> QuerySet[Approval]:
    """Staff see all; anyone else their own requests (asked of them, or on their behalf)
    and every request on a ticket they requested or are asked to approve."""
    qs = with_related(Approval.objects.all())
    if not user.is_authenticated:
        return qs.none()
    if permissions.sees_all(user):
        return qs
    own_tickets = Approval.objects.filter(Q(approver=user) | Q(on_behalf_of=user)).values(
        "ticket_id"
    )
    return qs.filter(
        Q(approver=user)
        | Q(on_behalf_of=user)
        | Q(ticket__requester=user)
        | Q(ticket_id__in=own_tickets)
    )


def mine_pending(user: User) -> QuerySet[Approval]:
    """The caller's requests waiting for their decision, the oldest due first."""
    return with_related(
        Approval.objects.filter(
            approver=user, state=State.PENDING, ticket__status=workflow.AWAITING_APPROVAL
        )
    ).order_by("due_at", "id")


def pending_count(user: RequestUser) -> int:
    """The menu's count, cached a minute (and forgotten when a request is written)."""
    if not user.is_authenticated:
        return 0
    from approvals.services import pending_count_key

    key = pending_count_key(user.pk)
    count = cache.get(key)
    if isinstance(count, int):
        return count
    count = Approval.objects.filter(
        approver_id=user.pk, state=State.PENDING, ticket__status=workflow.AWAITING_APPROVAL
    ).count()
    cache.set(key, count, PENDING_COUNT_SECONDS)
    return count


def overdue_for_manager(user: User, now: dt.datetime | None = None) -> QuerySet[Approval]:
    """Pending requests past their due time on items of the groups `user` manages (all for
    admins): what the manager chases."""
    now = now or timezone.now()
    qs = with_related(
        Approval.objects.filter(
            state=State.PENDING,
            due_at__lt=now,
            ticket__status=workflow.AWAITING_APPROVAL,
        )
    ).order_by("due_at", "id")
    groups = roles.reportable_group_ids(user)
    if groups is None:
        return qs
    return qs.filter(ticket__catalog_item__assignment_group_id__in=groups)


def chain_of(ticket_id: int) -> list[Approval]:
    """Every request of one ticket's chain, in step order (the portal's and desk's panel)."""
    return list(
        Approval.objects.filter(ticket_id=ticket_id)
        .select_related("approver", "on_behalf_of")
        .order_by("step", "id")
    )


def possible_delegates(user: User | None) -> QuerySet[User]:
    """Whom a user may name as their stand-in: any other active user."""
    qs = User.objects.filter(is_active=True).order_by("display_name", "username")
    return qs.exclude(pk=user.pk) if user is not None else qs


def decided_by(user: User, limit: int = 20) -> list[Approval]:
    """The caller's latest decisions (the My approvals page's history)."""
    return list(
        with_related(
            Approval.objects.filter(approver=user, state__in=(State.APPROVED, State.REJECTED))
        ).order_by("-decided_at", "-id")[:limit]
    )


def group_choices() -> list[tuple[int, str]]:
    return [(g.pk, g.name) for g in SupportGroup.objects.order_by("name")]


def user_choices() -> list[tuple[int, str]]:
    return [(u.pk, str(u)) for u in possible_delegates(None)]
