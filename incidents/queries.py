"""Read-side helpers: which tickets a user sees, and the querysets of queues and pages."""

from collections.abc import Callable

from django.conf import settings
from django.db.models import Q, QuerySet

from accounts import roles
from accounts.models import SupportGroup, User
from common.inputs import parse_id
from incidents import workflow
from incidents.models import Ticket
from sla.queries import breaching_soon, earliest_due, prefetch_summary_timers, prefetch_timers


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


# What a row of the desk's ticket list reads (incidents/_queue_table.html): the ticket's own
# columns, the names of its people, group and catalog item, and its SLA timers. Lists load
# only these, so a page of 25 does not carry every description, form and approval chain.
PERSON_FIELDS = ("display_name", "first_name", "last_name", "username")
LIST_ROW_FIELDS = (
    "number",
    "title",
    "priority",
    "status",
    "customer_updated_at",
    "created_at",
    "catalog_item__name",
    "catalog_item__name_zh",
    "assignment_group__name",
    *(f"{person}__{field}" for person in ("requester", "assignee") for field in PERSON_FIELDS),
)


def list_rows(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """`tickets` (filtered and ordered) loading only what a list row shows."""
    return (
        tickets.select_related(None)
        .select_related("requester", "assignee", "assignment_group", "catalog_item")
        .only(*LIST_ROW_FIELDS)
    )


def tickets_visible_to(user: User) -> QuerySet[Ticket]:
    return visible(tickets_with_related(), user)


def visible(qs: QuerySet[Ticket], user: User) -> QuerySet[Ticket]:
    """The tickets of `qs` that `user` may read: all of them for agents and up, their own
    for requesters, none for anyone else."""
    if roles.is_agent(user):
        return qs
    if roles.has_role(user, roles.Role.REQUESTER):
        return qs.filter(requester=user)
    return qs.none()


# Ticket columns no answer of the API shows (the promise reminder's own bookkeeping).
NOT_IN_API = frozenset({"promise_reminded_at", "promise_kept"})


def tickets_for_api(user: User) -> QuerySet[Ticket]:
    """The API's ticket lists and objects (`TicketSerializer`): the tickets `user` may read
    with only what the serializer reads. Related objects appear as ids, so only the
    requester is joined, for its name; the SLA timers come with only what their summary
    reads. A page of 200 then builds ~600 model objects, not ~2,200 (catalog items with
    their forms, groups, assignees, devices and calendars the answer never shows)."""
    columns = [f.name for f in Ticket._meta.concrete_fields if f.name not in NOT_IN_API]
    # `requester_name` is `User.__str__`, which reads the person's name fields.
    requester = [f"requester__{name}" for name in PERSON_FIELDS]
    tickets = (
        Ticket.objects.select_related("requester")
        .only(*columns, *requester)
        .prefetch_related(prefetch_summary_timers())
    )
    return visible(tickets, user)


def customer_updated() -> Q:
    """Tickets the requester replied to (or reopened) since an agent last opened them."""
    return Q(customer_updated_at__isnull=False)


# A queue: the condition on tickets, for the user who looks at it.
QUEUES: dict[str, Callable[[User], Q]] = {
    "mine": lambda user: Q(assignee=user, status__in=workflow.OPEN_STATUSES),
    "groups": lambda user: Q(
        assignment_group__in=roles.group_ids(user), status__in=workflow.OPEN_STATUSES
    ),
    "unassigned": lambda user: Q(assignee__isnull=True, status__in=workflow.OPEN_STATUSES),
    "pending": lambda user: Q(status=workflow.PENDING),
    "approval": lambda user: Q(status=workflow.AWAITING_APPROVAL),
    "customer": lambda user: customer_updated(),
    "breaching": lambda user: Q(status__in=workflow.OPEN_STATUSES) & breaching_soon(),
    "recent": lambda user: Q(),
    "all": lambda user: Q(),
}
QUEUE_ORDER = {
    "approval": ["created_at"],
    "customer": ["-customer_updated_at"],
    "recent": ["-updated_at"],
    "all": ["-created_at"],
}
DEFAULT_QUEUE_ORDER = ["priority", "created_at"]


def queue(user: User, name: str) -> QuerySet[Ticket]:
    condition = QUEUES.get(name, QUEUES["mine"])(user)
    qs = tickets_with_related().filter(condition)
    if name == "breaching":
        # Soonest due first: the one to pick up next is at the top.
        return qs.annotate(sla_due=earliest_due()).order_by("sla_due", "priority", "-id")
    order = QUEUE_ORDER.get(name, DEFAULT_QUEUE_ORDER)
    return qs.order_by(*order, "-id")


def intake_group() -> SupportGroup | None:
    """The support group that receives what nothing routes (`DEFAULT_INTAKE_GROUP`, a group
    code; the demo's service desk `SD`), or None when no such group exists."""
    code = settings.DEFAULT_INTAKE_GROUP
    return SupportGroup.objects.filter(code=code).first() if code else None


# "The assignee, else the group": at most this many members hear about one ticket.
GROUP_RECIPIENTS_MAX = 50


def assignee_else_members(ticket: Ticket, group: SupportGroup | None) -> list[User]:
    """Who is told about a ticket: its assignee, or when nobody is named, the active members
    of `group` (at most GROUP_RECIPIENTS_MAX). Reads the members prefetched on `group`
    when there are (the SLA sweep prefetches them, active ones, by id), else one query."""
    if ticket.assignee is not None:
        return [ticket.assignee]
    if group is None:
        return []
    members = group.members.all()
    if "members" not in getattr(group, "_prefetched_objects_cache", {}):
        members = members.filter(is_active=True).order_by("pk")[:GROUP_RECIPIENTS_MAX]
    return [user for user in members if user.is_active][:GROUP_RECIPIENTS_MAX]


def staff_recipients(ticket: Ticket, exclude: User | None = None) -> list[User]:
    """Who hears about a ticket: `assignee_else_members`, where a ticket without a group
    falls to the intake group's members. `exclude`: a user who needs no mail about it (the
    agent who made the change)."""
    group = ticket.assignment_group if ticket.assignment_group_id else intake_group()
    users = assignee_else_members(ticket, group)
    return [user for user in users if exclude is None or user.pk != exclude.pk]


def staff_roles() -> list[str]:
    """The roles that work tickets (agents and above), from accounts.roles' ranking."""
    return [role for role, rank in roles.RANK.items() if rank >= roles.RANK[roles.Role.AGENT]]


def colleagues(user: User, selected: object = None) -> QuerySet[User]:
    """The staff an assignee filter offers: the members of the groups the user works in or
    manages (everybody for an admin, or for someone in no group), plus the one chosen."""
    staff = User.objects.filter(role__in=staff_roles(), is_active=True)
    groups = roles.group_ids(user) | roles.managed_group_ids(user)
    if groups and not roles.is_admin(user):
        condition = Q(support_groups__in=groups) | Q(pk=user.pk)
        if (chosen := parse_id(selected)) is not None:
            condition |= Q(pk=chosen)
        staff = staff.filter(pk__in=User.objects.filter(condition).values("pk"))
    return staff.order_by("display_name", "username")


def user_by_id(value: object) -> User | None:
    """The user a posted id names (any state), or None for a missing or malformed id."""
    pk = parse_id(value)
    return User.objects.filter(pk=pk).first() if pk is not None else None


def active_user(value: object) -> User | None:
    """The active user a posted id names, or None."""
    user = user_by_id(value)
    return user if user is not None and user.is_active else None


LOOKUP_LIMIT = 10


def callers_matching(term: str) -> QuerySet[User]:
    """Active people whose name, username, phone or email holds `term`, at most
    LOOKUP_LIMIT; one character is enough (刘 is a whole surname)."""
    if not term:
        return User.objects.none()
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(display_name__icontains=term)
            | Q(username__icontains=term)
            | Q(phone__contains=term)
            | Q(email__icontains=term)
        )
        .select_related("customer_unit")
        .order_by("display_name", "username")[:LOOKUP_LIMIT]
    )


def other_tickets(ticket: Ticket, limit: int = 8) -> QuerySet[Ticket]:
    """The requester's latest other tickets, for the desk ticket page's side panel."""
    return (
        Ticket.objects.filter(requester=ticket.requester_id)
        .exclude(pk=ticket.pk)
        .order_by("-created_at")[:limit]
    )
