"""The only place services change lifecycle state or checklist ticks."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from catalog import checklist
from catalog.lifecycle import TRANSITIONS
from catalog.models import (
    AdmissionCriterion,
    AdmissionTick,
    CriterionKind,
    Service,
    ServiceTransition,
)
from common.errors import Conflict, DomainError, IllegalTransition


class ChecklistIncomplete(Conflict):
    """Publishing needs every admission criterion met; `missing` names those that are not."""

    def __init__(self, missing: list[AdmissionCriterion]) -> None:
        super().__init__(_("The admission checklist is not complete."))
        self.extra = {"missing": [{"code": c.code, "label": c.display_label} for c in missing]}


def transition(service: Service, action: str, actor: User, reason: str = "") -> Service:
    """Apply a lifecycle action; record who, when and why."""
    if not roles.is_manager(actor):
        raise PermissionDenied
    spec = TRANSITIONS.get(action)
    if spec is None:
        raise IllegalTransition(_("Unknown action."))
    reason = (reason or "").strip()
    if spec.needs_reason and not reason:
        raise DomainError(_("Give a reason."), field="reason")
    if len(reason) > 2000:
        raise DomainError(_("At most 2000 characters."), field="reason")
    with transaction.atomic():
        locked = Service.objects.select_for_update().get(pk=service.pk)
        if locked.status not in spec.sources:
            raise IllegalTransition(
                _("A %(status)s service cannot be “%(action)s”.")
                % {"status": locked.get_status_display(), "action": spec.label}
            )
        if spec.needs_checklist:
            missing = checklist.missing(locked)
            if missing:
                raise ChecklistIncomplete(missing)
        ServiceTransition.objects.create(
            service=locked,
            action=action,
            from_status=locked.status,
            to_status=spec.target,
            actor=actor,
            reason=reason,
        )
        locked.status = spec.target
        locked.save(update_fields=["status", "updated_at"])
    return locked


def set_tick(
    service: Service, criterion: AdmissionCriterion, actor: User, done: bool, note: str = ""
) -> None:
    """Tick or untick a manual criterion for a service (managers and admins)."""
    if not roles.is_manager(actor):
        raise PermissionDenied
    if criterion.kind != CriterionKind.MANUAL:
        raise DomainError(_("The system checks this item itself."), field="criterion")
    with transaction.atomic():
        AdmissionTick.objects.filter(service=service, criterion=criterion).delete()
        if done:
            AdmissionTick.objects.create(
                service=service, criterion=criterion, done_by=actor, note=(note or "")[:500]
            )
