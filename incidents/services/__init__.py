"""The only place tickets change: create, edit, the workflow actions, comments, attachments.

Every function runs in one transaction, locks the ticket it changes, checks the actor's
rights (incidents.permissions) and the state machine (incidents.workflow), writes history,
and publishes domain events (incidents.events): `sla`, `satisfaction` and `notifications`
subscribe to them, so this package names none of those apps.

Split by sub-topic: `tickets` (create, edit), `actions` (the workflow), `conversation`
(comments, attachments), `periodic` (beat work); `common` holds what they share.
"""

from incidents.services.actions import BULK_ASSIGN_MAX, BulkOutcome, bulk_assign, perform
from incidents.services.calls import log_call
from incidents.services.common import Invalid
from incidents.services.conversation import (
    CommentPosted,
    acknowledge_customer_update,
    add_attachment,
    add_comment,
    post_comment,
)
from incidents.services.periodic import auto_close_resolved, purge_creation_keys, remind_promises
from incidents.services.tickets import (
    SLA_SCOPE,
    NewTicket,
    count_alert_occurrence,
    create_ticket,
    create_ticket_once,
    update_ticket,
)

__all__ = [
    "BULK_ASSIGN_MAX",
    "SLA_SCOPE",
    "BulkOutcome",
    "CommentPosted",
    "Invalid",
    "NewTicket",
    "acknowledge_customer_update",
    "add_attachment",
    "add_comment",
    "auto_close_resolved",
    "bulk_assign",
    "count_alert_occurrence",
    "create_ticket",
    "create_ticket_once",
    "log_call",
    "perform",
    "post_comment",
    "purge_creation_keys",
    "remind_promises",
    "update_ticket",
]
