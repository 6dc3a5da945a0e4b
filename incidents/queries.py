"""Read-side helpers: which tickets a user sees, and the querysets of queues and pages."""

from django.db.models import Q, QuerySet

from accounts import roles
from incidents import workflow
from incidents.models import Ticket
from sla.queries import breaching_soon, earliest_due, prefetch_timers


def tickets_with_related() -> QuerySet[Ticket]:
    return Ticket.objects.select_related(
        "requester",
        "assignee",
        "assignment_group",
        "customer_unit",
        "catalog_item",
        "catalog_item__service",
        "asset",
    ).prefetch_related(prefetch_timers())


def tickets_visible_to(user) -> QuerySet[Ticket]:
    qs = tickets_with_related()
    if roles.is_agent(user):
        return qs
    if roles.has_role(user, roles.Role.REQUESTER):
        return qs.filter(requester=user)
    return qs.none()


QUEUES = {
    "mine": lambda user: Q(assignee=user, status__in=workflow.OPEN_STATUSES),
    "groups": lambda user: Q(
        assignment_group__in=roles.group_ids(user), status__in=workflow.OPEN_STATUSES
    ),
    "unassigned": lambda user: Q(assignee__isnull=True, status__in=workflow.OPEN_STATUSES),
    "pending": lambda user: Q(status=workflow.PENDING),
    "breaching": lambda user: Q(status__in=workflow.OPEN_STATUSES) & breaching_soon(),
    "recent": lambda user: Q(),
    "all": lambda user: Q(),
}
QUEUE_ORDER = {
    "recent": ["-updated_at"],
    "all": ["-created_at"],
}
DEFAULT_QUEUE_ORDER = ["priority", "created_at"]


def queue(user, name: str) -> QuerySet[Ticket]:
    condition = QUEUES.get(name, QUEUES["mine"])(user)
    qs = tickets_with_related().filter(condition)
    if name == "breaching":
        # Soonest due first: the one to pick up next is at the top.
        return qs.annotate(sla_due=earliest_due()).order_by("sla_due", "priority", "-id")
    order = QUEUE_ORDER.get(name, DEFAULT_QUEUE_ORDER)
    return qs.order_by(*order, "-id")


def staff_recipients(ticket: Ticket) -> list:
    """Who hears about a ticket: its assignee, or every member of its group when nobody is
    named (at most 50), or nobody for an unassigned ticket."""
    if ticket.assignee_id:
        return [ticket.assignee]
    if ticket.assignment_group_id:
        return list(ticket.assignment_group.members.filter(is_active=True)[:50])
    return []
