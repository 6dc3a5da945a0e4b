"""The admission checklist (新业务准入): system checks and the state of a service's list.

System checks are plain functions registered by name; an `AdmissionCriterion` of kind
`system` names one. Other apps register theirs (the SLA app adds "an SLA policy covers
it") with `register`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Expression
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # catalog.models reads the registered checks
    from accounts.models import User
    from catalog.models import AdmissionCriterion, Service

# A system check: `check(service) -> bool`.
Check = Callable[["Service"], bool]
SYSTEM_CHECKS: dict[str, tuple[str | Promise, Check]] = {}
# What checks read from the services of a list instead of querying once per service:
# `{attribute: () -> expression}`, annotated by `queries.with_checklist`.
ANNOTATIONS: dict[str, Callable[[], Expression]] = {}


def register(
    name: str,
    description: str | Promise,
    check: Check,
    annotations: dict[str, Callable[[], Expression]] | None = None,
) -> None:
    """`check(service) -> bool`; `annotations` name the expressions it reads when present."""
    SYSTEM_CHECKS[name] = (description, check)
    ANNOTATIONS.update(annotations or {})


def _owner_group_has_members(service: "Service") -> bool:
    # annotated by queries.with_checklist
    count: int | None = getattr(service, "owner_member_count", None)
    if count is None:
        group = service.owner_group if service.owner_group_id else None
        count = group.members.count() if group is not None else 0
    return bool(service.owner_group_id) and count > 0


def _has_active_item(service: "Service") -> bool:
    count: int | None = getattr(service, "active_item_count", None)
    if count is None:
        count = service.items.filter(is_active=True).count()
    return count > 0


def _has_support_hours(service: "Service") -> bool:
    return bool(service.support_hours.strip())


register("owner_group", _("An owner group with members"), _owner_group_has_members)
register("active_item", _("At least one active catalog item"), _has_active_item)
register("support_hours", _("Support hours stated"), _has_support_hours)


@dataclass
class ChecklistLine:
    criterion: "AdmissionCriterion"
    done: bool
    done_by: "User | None" = None
    done_at: datetime.datetime | None = None
    note: str = ""


def active_criteria() -> list["AdmissionCriterion"]:
    from catalog.models import AdmissionCriterion

    return list(AdmissionCriterion.objects.filter(is_active=True))


def evaluate(
    service: "Service", criteria: list["AdmissionCriterion"] | None = None
) -> list[ChecklistLine]:
    """Every active criterion with whether the service meets it.

    Pass `criteria` (from `active_criteria()`) and a service from
    `queries.with_checklist()` to evaluate a whole list in a constant number of queries.
    """
    from catalog.models import CriterionKind

    ticks = {t.criterion_id: t for t in service.ticks.all()}
    lines: list[ChecklistLine] = []
    for criterion in criteria if criteria is not None else active_criteria():
        if criterion.kind == CriterionKind.SYSTEM:
            entry = SYSTEM_CHECKS.get(criterion.system_check)
            lines.append(ChecklistLine(criterion, bool(entry and entry[1](service))))
        else:
            tick = ticks.get(criterion.pk)
            lines.append(
                ChecklistLine(
                    criterion,
                    tick is not None,
                    tick.done_by if tick else None,
                    tick.done_at if tick else None,
                    tick.note if tick else "",
                )
            )
    return lines


def missing(service: "Service") -> list["AdmissionCriterion"]:
    return [line.criterion for line in evaluate(service) if not line.done]
