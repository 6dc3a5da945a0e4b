"""A catalog item's approval steps: their shape and their check (docs/api.md, "Approvals").

An ordered list of `{"kind": "requester_manager" | "group" | "users", "group"?: id,
"users"?: [id], "mode": "any" | "all"}`: `any` (或签) is settled by the first decision,
`all` (会签) needs everyone. Who the approvers are for a given ticket is the `approvals`
app's business; this module only says what a valid list is.
"""

from __future__ import annotations

from typing import TypedDict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import SupportGroup, User

REQUESTER_MANAGER, GROUP, USERS = "requester_manager", "group", "users"
KINDS = (REQUESTER_MANAGER, GROUP, USERS)
ANY, ALL = "any", "all"
MODES = (ANY, ALL)
# More steps or named approvers than this is a mistake, not a process.
STEPS_MAX = 10
USERS_MAX = 20


class Step(TypedDict, total=False):
    kind: str
    group: int
    users: list[int]
    mode: str


def _id(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return None
    return value


def validate_steps(value: object) -> list[Step]:
    """The steps as stored (ids checked to exist), or a ValidationError saying what is
    wrong with which step (numbered from 1, as people count them)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(_("Approval steps must be a list."))
    if len(value) > STEPS_MAX:
        raise ValidationError(_("At most %(count)d approval steps.") % {"count": STEPS_MAX})
    steps: list[Step] = []
    errors: list[str] = []
    for number, raw in enumerate(value, start=1):
        problem, step = _check(raw)
        if problem:
            errors.append(
                _("Step %(number)d: %(problem)s") % {"number": number, "problem": problem}
            )
        elif step is not None:
            steps.append(step)
    if errors:
        raise ValidationError(errors)
    return steps


def _check(raw: object) -> tuple[str, Step | None]:
    if not isinstance(raw, dict):
        return _("each step is an object with a kind and a mode."), None
    unknown = sorted(set(raw) - {"kind", "group", "users", "mode"})
    if unknown:
        return _("unknown keys %(keys)s.") % {"keys": ", ".join(map(str, unknown))}, None
    kind, mode = raw.get("kind"), raw.get("mode", ANY)
    if kind not in KINDS:
        return _("the kind is requester_manager, group or users."), None
    if mode not in MODES:
        return _("the mode is any (或签) or all (会签)."), None
    step: Step = {"kind": str(kind), "mode": str(mode)}
    if kind == GROUP:
        group = _id(raw.get("group"))
        if group is None or not SupportGroup.objects.filter(pk=group).exists():
            return _("choose an existing support group."), None
        if "users" in raw:
            return _("a group step names no users."), None
        step["group"] = group
    elif kind == USERS:
        users = raw.get("users")
        ids = [_id(u) for u in users] if isinstance(users, list) else []
        if not ids or None in ids or len(ids) > USERS_MAX:
            return _("name between 1 and %(max)d approvers.") % {"max": USERS_MAX}, None
        unique = sorted({i for i in ids if i is not None})
        if User.objects.filter(pk__in=unique, is_active=True).count() != len(unique):
            return _("every approver must be an active user."), None
        if "group" in raw:
            return _("a users step names no group."), None
        step["users"] = unique
    elif "group" in raw or "users" in raw:
        return _("the requester's manager step names no group or users."), None
    return "", step
