"""What the desk's pages and the portal's ticket pages share: the ticket a reader may open,
its timeline, the guided form's answers, the search note, and where a ticket is shown to a
given reader. Read-only; the portal app imports it, never the other way round."""

from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import roles
from catalog.formschema import labelled_answers
from common import searchterms
from incidents import history, permissions
from incidents.models import EventKind, Ticket
from incidents.queries import tickets_visible_to

if TYPE_CHECKING:
    from accounts.models import User

# The portal's ticket page, by URL name: the workflow's page actions return a requester there.
PORTAL_TICKET_URL = "portal:ticket"
DESK_TICKET_URL = "incidents:desk-ticket"


def visible_ticket(user: "User", pk: int) -> Ticket:
    """The ticket if this reader may see it, else 404."""
    return get_object_or_404(tickets_visible_to(user), pk=pk)


def timeline(ticket: Ticket, user: "User") -> list[dict[str, object]]:
    """Comments, files and history sentences in one list, oldest first; work notes and
    the desk's own history rows only for agents (incidents.history decides which)."""
    internal = permissions.sees_internal(user)
    comments = permissions.readable_rows(user, ticket.comments.select_related("author"))
    # Comments and files are listed themselves; their history rows would repeat them.
    events = permissions.readable_rows(
        user,
        ticket.events.select_related("actor").exclude(
            kind__in=(EventKind.COMMENT, EventKind.ATTACHMENT)
        ),
    )
    attachments = permissions.readable_rows(user, ticket.attachments.select_related("uploaded_by"))
    items: list[dict[str, object]] = [
        {"type": "comment", "at": c.created_at, "obj": c} for c in comments
    ]
    items += [
        {"type": "event", **line}
        for line in history.timeline_lines(list(events), requester_view=not internal)
    ]
    items += [{"type": "attachment", "at": a.created_at, "obj": a} for a in attachments]
    return sorted(items, key=lambda i: (i["at"], i["type"] != "event"))


def answers(ticket: Ticket) -> list[tuple[str, str]]:
    """The guided form's answers under their labels, in the form's order."""
    item = ticket.catalog_item
    schema = item.form_schema if item is not None else []
    return labelled_answers(schema, ticket.form_data)


def search_note(text: str) -> str:
    """Said beside the results when a search looks at titles only."""
    term = searchterms.parse(text)
    if term.text and not term.searches(short_field=False):
        return _("Searches of one or two letters or digits look at titles only.")
    return ""


def opens_on_desk(user: "User", ticket: Ticket) -> bool:
    """Staff read other people's tickets on the desk; everyone reads their own on the portal."""
    return roles.is_agent(user) and ticket.requester_id != user.pk


def ticket_url(user: "User", ticket: Ticket) -> str:
    """Where this reader reads this ticket: the desk's page or the portal's."""
    name = DESK_TICKET_URL if opens_on_desk(user, ticket) else PORTAL_TICKET_URL
    return reverse(name, args=[ticket.pk])
