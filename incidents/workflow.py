"""The ticket state machine as data (API.md): action → from-states → to-state → who.

Read by the service functions (allow or refuse), the API (`allowed_actions`) and the
pages (which buttons to show). Pure logic, no Django imports.
"""

from dataclasses import dataclass

NEW, ASSIGNED, IN_PROGRESS, PENDING = "new", "assigned", "in_progress", "pending"
RESOLVED, CLOSED, CANCELLED = "resolved", "closed", "cancelled"
STATUSES = (NEW, ASSIGNED, IN_PROGRESS, PENDING, RESOLVED, CLOSED, CANCELLED)
OPEN_STATUSES = (NEW, ASSIGNED, IN_PROGRESS, PENDING)
FINAL_STATUSES = (CLOSED, CANCELLED)


@dataclass(frozen=True)
class Action:
    name: str
    sources: frozenset[str]
    target: str
    # States that an action leaves as they are (assign keeps in_progress and pending).
    keeps: frozenset[str] = frozenset()
    # A requester may perform it on a ticket they requested.
    requester_may: bool = False
    # Body fields that must be given.
    requires: tuple[str, ...] = ()


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            "assign",
            frozenset({NEW, ASSIGNED, IN_PROGRESS, PENDING}),
            ASSIGNED,
            keeps=frozenset({IN_PROGRESS, PENDING}),
            requires=("assignment_group",),
        ),
        Action("start", frozenset({NEW, ASSIGNED}), IN_PROGRESS),
        Action("pend", frozenset({ASSIGNED, IN_PROGRESS}), PENDING, requires=("reason",)),
        Action("resume", frozenset({PENDING}), IN_PROGRESS),
        Action(
            "resolve",
            frozenset({ASSIGNED, IN_PROGRESS, PENDING}),
            RESOLVED,
            requires=("resolution_code", "resolution_notes"),
        ),
        Action("reopen", frozenset({RESOLVED}), IN_PROGRESS, requester_may=True),
        Action("close", frozenset({RESOLVED}), CLOSED, requester_may=True),
        Action(
            "cancel",
            frozenset({NEW, ASSIGNED, IN_PROGRESS, PENDING}),
            CANCELLED,
            requester_may=True,
            requires=("reason",),
        ),
    )
}


class NotAllowed(Exception):
    """The action does not exist or the current status does not allow it."""


def next_status(action: str, current: str) -> str:
    spec = ACTIONS.get(action)
    if spec is None or current not in spec.sources:
        raise NotAllowed(f"{action} from {current}")
    return current if current in spec.keeps else spec.target


def actions_from(current: str) -> list[str]:
    return [name for name, spec in ACTIONS.items() if current in spec.sources]
