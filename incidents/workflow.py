"""The ticket state machine as one table (docs/api.md, "The state machine").

Each `Action` row says everything about one workflow action: its name, the states it
leaves from and goes to (and those it keeps), its label and button on the desk's action
bar, the body fields it takes (which are required), who may do it, the service handler
that applies it and the domain event that follows it. Everything else is derived from
`ACTIONS`: the API routes and their OpenAPI text (incidents.api.views), the page buttons
and panels (incidents.views, incidents/_action_bar.html), the permission checks
(incidents.permissions) and the service dispatch (incidents.services.actions).
tests/incidents/test_workflow_table.py ties every row to a route, a button and a label.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from incidents import events

NEW, ASSIGNED, IN_PROGRESS, PENDING = "new", "assigned", "in_progress", "pending"
RESOLVED, CLOSED, CANCELLED = "resolved", "closed", "cancelled"
# A ticket from a catalog item with approval steps waits here, unrouted and untimed.
AWAITING_APPROVAL = "awaiting_approval"
STATUSES = (AWAITING_APPROVAL, NEW, ASSIGNED, IN_PROGRESS, PENDING, RESOLVED, CLOSED, CANCELLED)
OPEN_STATUSES = (NEW, ASSIGNED, IN_PROGRESS, PENDING)
FINAL_STATUSES = (CLOSED, CANCELLED)


class Input(enum.StrEnum):
    """How a body field is asked for on the page (its panel's widget)."""

    TEXT = "text"
    PENDING_REASON = "pending_reason"  # text, the usual reasons offered (PendingReason)
    TEXTAREA = "textarea"
    GROUP = "group"  # a support group (select)
    AGENT = "agent"  # a member of the ticket's group (select)
    RESOLUTION_CODE = "resolution_code"  # an active resolution code (select)
    CHECKBOX = "checkbox"  # a yes/no flag (sent as "1" by the page, a boolean by the API)


@dataclass(frozen=True)
class BodyField:
    """One field of an action's body (API and page form)."""

    name: str
    label: Promise
    input: Input = Input.TEXT
    required: bool = False
    # The limit's name in incidents.rules (REASON_MAX, TEXT_MAX), where limits are kept.
    limit: str = ""
    # The page element's id and data-testid (the page hooks of docs/api.md).
    hook: str = ""
    placeholder: Promise | None = None
    # Shown on the page only when the template's context flag of this name is true (the
    # resolve panel's force and reason appear while the ticket has open tasks).
    shown_when: str = ""

    @property
    def max_length(self) -> int | None:
        # Read when used: incidents.rules imports this module (its final states).
        from incidents import rules

        value = getattr(rules, self.limit) if self.limit else None
        return value if isinstance(value, int) else None


class Style(enum.StrEnum):
    """Bootstrap button colour of an action."""

    PRIMARY = "primary"
    SUCCESS = "success"
    WARNING = "warning"
    DANGER = "danger"
    OUTLINE = "outline-primary"


@dataclass(frozen=True)
class Action:
    name: str
    sources: frozenset[str]
    target: str
    label: Promise
    # Dotted path of the service function `(actor, ticket, body) -> changed fields`.
    handler: str
    # States that an action leaves as they are (assign keeps in_progress and pending).
    keeps: frozenset[str] = frozenset()
    # A requester may perform it on a ticket they requested (incidents.permissions).
    requester_may: bool = False
    fields: tuple[BodyField, ...] = ()
    # The event published after it (besides `StatusChanged` when the status moves).
    publishes: type[events.ActionDone] | None = None
    style: Style = Style.PRIMARY
    # A button on the desk's action bar when allowed; otherwise in its "More" menu.
    primary: bool = False
    # Also a button while the ticket is in one of these states (assign while new).
    primary_in: frozenset[str] = frozenset()
    # Asked to confirm before the page sends it.
    confirm: Promise | None = None

    @property
    def requires(self) -> tuple[str, ...]:
        """Body fields that must be given."""
        return tuple(f.name for f in self.fields if f.required)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def has_panel(self) -> bool:
        """Its page form asks for input first (a panel under the bar)."""
        return bool(self.fields)

    def is_primary(self, status: str) -> bool:
        return self.primary or status in self.primary_in

    def describe(self) -> str:
        """One line for the OpenAPI text: from, to, kept, body, who."""
        keeps = f" (keeps {', '.join(sorted(self.keeps))})" if self.keeps else ""
        body = ", ".join(f"{f.name}{'' if f.required else '?'}" for f in self.fields) or "none"
        who = "agents working the ticket" + (", or its requester" if self.requester_may else "")
        return (
            f"From {', '.join(s for s in STATUSES if s in self.sources)} to "
            f"{self.target}{keeps}. Body: {body} (optional `version`). Who: {who}."
        )


_OPEN = frozenset(OPEN_STATUSES)
_REASON_LABEL = _("Reason (the requester reads it)")

ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            "assign",
            _OPEN,
            ASSIGNED,
            _("Assign"),
            "incidents.services.actions.assign",
            keeps=frozenset({IN_PROGRESS, PENDING}),
            fields=(
                BodyField(
                    "assignment_group", _("Group"), Input.GROUP, required=True, hook="assign-group"
                ),
                BodyField("assignee", _("Agent"), Input.AGENT, hook="assign-agent"),
            ),
            publishes=events.TicketAssigned,
            primary_in=frozenset({NEW}),
        ),
        Action(
            "start",
            frozenset({NEW, ASSIGNED}),
            IN_PROGRESS,
            _("Start work"),
            "incidents.services.actions.start",
            primary=True,
        ),
        Action(
            "pend",
            frozenset({ASSIGNED, IN_PROGRESS}),
            PENDING,
            _("Put on hold"),
            "incidents.services.actions.pend",
            fields=(
                BodyField(
                    "reason",
                    _("Waiting for"),
                    Input.PENDING_REASON,
                    required=True,
                    limit="REASON_MAX",
                    hook="pend-reason",
                    placeholder=_("Waiting for…"),
                ),
            ),
            style=Style.WARNING,
        ),
        Action(
            "resume",
            frozenset({PENDING}),
            IN_PROGRESS,
            _("Resume"),
            "incidents.services.actions.resume",
            primary=True,
        ),
        Action(
            "resolve",
            frozenset({ASSIGNED, IN_PROGRESS, PENDING}),
            RESOLVED,
            _("Resolve"),
            "incidents.services.actions.resolve",
            fields=(
                BodyField(
                    "resolution_code",
                    _("Resolution"),
                    Input.RESOLUTION_CODE,
                    required=True,
                    hook="resolution-code",
                ),
                BodyField(
                    "resolution_notes",
                    _("What was done (the requester reads this)"),
                    Input.TEXTAREA,
                    required=True,
                    limit="TEXT_MAX",
                    hook="resolution-notes",
                ),
                # Open checklist tasks refuse the resolve (409) unless it is forced with a
                # reason (incidents.services.checklist.check_tasks_before_resolve).
                BodyField(
                    "force",
                    _("Resolve with open tasks"),
                    Input.CHECKBOX,
                    hook="resolve-force",
                    shown_when="open_tasks",
                ),
                BodyField(
                    "reason",
                    _("Why the open tasks are not needed"),
                    limit="REASON_MAX",
                    hook="resolve-force-reason",
                    shown_when="open_tasks",
                ),
            ),
            publishes=events.TicketResolved,
            style=Style.SUCCESS,
            primary=True,
        ),
        Action(
            "reopen",
            frozenset({RESOLVED}),
            IN_PROGRESS,
            _("Reopen"),
            "incidents.services.actions.reopen",
            requester_may=True,
            fields=(
                BodyField(
                    "reason",
                    _("Reason (optional, the requester reads it)"),
                    limit="REASON_MAX",
                    hook="reopen-reason",
                ),
            ),
            publishes=events.TicketReopened,
            primary=True,
        ),
        Action(
            "close",
            frozenset({RESOLVED}),
            CLOSED,
            _("Confirm and close"),
            "incidents.services.actions.close",
            requester_may=True,
            style=Style.SUCCESS,
            primary=True,
        ),
        Action(
            "cancel",
            _OPEN | {AWAITING_APPROVAL},
            CANCELLED,
            _("Cancel ticket"),
            "incidents.services.actions.cancel",
            requester_may=True,
            fields=(
                BodyField(
                    "reason",
                    _REASON_LABEL,
                    required=True,
                    limit="REASON_MAX",
                    hook="cancel-reason",
                ),
            ),
            style=Style.DANGER,
            confirm=_("Cancel this ticket?"),
        ),
    )
}

# Every field any action takes (what a page form may send).
BODY_FIELDS: tuple[str, ...] = tuple(
    dict.fromkeys(f.name for a in ACTIONS.values() for f in a.fields)
)


class NotAllowed(Exception):
    """The action does not exist or the current status does not allow it."""


def next_status(action: str, current: str) -> str:
    spec = ACTIONS.get(action)
    if spec is None or current not in spec.sources:
        raise NotAllowed(f"{action} from {current}")
    return current if current in spec.keeps else spec.target


def actions_from(current: str) -> list[str]:
    return [name for name, spec in ACTIONS.items() if current in spec.sources]


def label(action: str) -> str:
    spec = ACTIONS.get(action)
    return str(spec.label) if spec else action
