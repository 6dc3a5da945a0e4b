"""The ticket rules that the model, the service, the API, the forms and the templates all
read: each limit and field list is written here once (docs/conventions.md, "Rules and
where they live"). Pure data, no Django imports, so the models can read it too."""

from typing import Final

from incidents import workflow

# Lengths, in characters.
TITLE_MAX: Final = 200
# An attachment's name as the uploader gave it (longer ones are cut).
FILE_NAME_MAX: Final = 200
# Descriptions, replies, work notes and resolution notes.
TEXT_MAX: Final = 20000
# Why a ticket waits, is reopened or cancelled; why its priority differs from the matrix.
REASON_MAX: Final = 500
# One checklist step of a ticket (from a maintenance plan or a catalog item's task template).
TASK_TEXT_MAX: Final = 300
# The fields `PATCH /tickets/{id}/` and the desk's edit panel may change; everything else
# changes through an action (status, assignment) or never (number, requester, counters).
EDITABLE_FIELDS: Final = frozenset(
    {
        "title",
        "catalog_item",
        "description",
        "impact",
        "urgency",
        "priority",
        "priority_override_reason",
        "asset",
        "customer_unit",
        "promised_reply_at",
        "callback_phone",
        "channel",
    }
)
# Once a ticket is closed or cancelled, it takes no public reply and no edit: the customer
# opens a new ticket instead. Work notes stay possible.
LOCKED_STATUSES: Final = frozenset(workflow.FINAL_STATUSES)


def accepts_public_replies(status: str) -> bool:
    """Whether a ticket in `status` takes public replies and public files."""
    return status not in LOCKED_STATUSES


def accepts_edits(status: str) -> bool:
    """Whether a ticket in `status` may still have its fields edited."""
    return status not in LOCKED_STATUSES


def accepts_task_changes(status: str) -> bool:
    """Whether a ticket's checklist may still be ticked: while the ticket is open (a
    resolved, closed or cancelled ticket keeps its checklist as it was)."""
    return status in workflow.OPEN_STATUSES


# History rows of approvals (field names of `TicketEvent`, kind "field"): the `approvals`
# app writes them, incidents.history tells them as sentences and shows them to requesters.
# `requested`: old = the step, new = the approvers asked (empty: nobody to ask, the step
# passed); `approved`/`rejected`: the actor decided, old = on whose behalf (a delegation),
# new = the comment.
APPROVAL_REQUESTED = "approval_requested"
APPROVAL_APPROVED = "approval_approved"
APPROVAL_REJECTED = "approval_rejected"
APPROVAL_FIELDS = frozenset({APPROVAL_REQUESTED, APPROVAL_APPROVED, APPROVAL_REJECTED})
