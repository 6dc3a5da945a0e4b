"""Who approves a step of a catalog item's chain for a requester (pure reads, no writes).

`requester_manager`: the requester's manager, else their customer unit's manager, else the
manager of the item's assignment group. `group`: the group's active members. `users`: the
named active users. An approver who is the requester is skipped; an approver whose
delegation holds today hands the request to their delegate (who acts on their behalf).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import CustomerUnit, SupportGroup, User
from catalog.approvalsteps import GROUP, REQUESTER_MANAGER, USERS, Step
from catalog.models import CatalogItem


@dataclass(frozen=True)
class Candidate:
    """One approval request to write: who decides, and for whom when delegated.
    `skipped`: the approver is the requester (kept, visibly skipped)."""

    approver: User
    on_behalf_of: User | None = None
    skipped: bool = False


def delegation_holds(user: User, today: dt.date) -> bool:
    """The one delegation rule: a delegate is named, active, and the end date (inclusive)
    is not past."""
    return (
        user.delegate_id is not None
        and user.delegate is not None
        and user.delegate.is_active
        and user.delegate_until is not None
        and user.delegate_until >= today
    )


def _manager_of(requester: User, unit: CustomerUnit | None, item: CatalogItem) -> User | None:
    for candidate in (
        requester.manager if requester.manager_id else None,
        unit.manager if unit is not None and unit.manager_id else None,
        _group_manager(item),
    ):
        if candidate is not None and candidate.is_active:
            return candidate
    return None


def _group_manager(item: CatalogItem) -> User | None:
    group: SupportGroup | None = item.assignment_group if item.assignment_group_id else None
    return group.manager if group is not None and group.manager_id else None


def step_people(
    step: Step, requester: User, unit: CustomerUnit | None, item: CatalogItem
) -> list[User]:
    """The people a step names, before delegation and the requester's own skip."""
    kind = step.get("kind")
    if kind == REQUESTER_MANAGER:
        manager = _manager_of(requester, unit, item)
        return [manager] if manager is not None else []
    if kind == GROUP:
        return list(
            User.objects.filter(support_groups__pk=step.get("group"), is_active=True)
            .select_related("delegate")
            .order_by("pk")
        )
    if kind == USERS:
        return list(
            User.objects.filter(pk__in=step.get("users", []), is_active=True)
            .select_related("delegate")
            .order_by("pk")
        )
    return []


def candidates(
    step: Step,
    requester: User,
    unit: CustomerUnit | None,
    item: CatalogItem,
    today: dt.date | None = None,
) -> list[Candidate]:
    """The approval requests a step opens, one per approver (delegation applied, the
    requester skipped, duplicates merged). Nobody at all: the item's group manager."""
    today = today or timezone.localdate()
    people = step_people(step, requester, unit, item)
    if not people:
        fallback = _group_manager(item)
        people = [fallback] if fallback is not None and fallback.is_active else []
    found: dict[int, Candidate] = {}
    for person in people:
        if person.pk == requester.pk:
            found.setdefault(person.pk, Candidate(person, skipped=True))
            continue
        approver, behalf = person, None
        if delegation_holds(person, today):
            delegate = person.delegate
            if delegate is not None and delegate.pk != requester.pk:
                approver, behalf = delegate, person
        if approver.pk not in found or found[approver.pk].skipped:
            found[approver.pk] = Candidate(approver, behalf)
    return list(found.values())
