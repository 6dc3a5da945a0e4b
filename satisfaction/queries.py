"""Read side: which surveys and follow-ups a user sees, and CSAT computed in the database."""

import datetime
from typing import Any, TypedDict

from django.db.models import Aggregate, Avg, Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts import roles
from accounts.models import User
from common.i18n import pick
from incidents.models import Ticket
from satisfaction.models import RATINGS, FollowUp, FollowUpStatus, Survey, SurveyStatus

# Surveys that reached the requester: the denominator of the response rate.
DELIVERED = (SurveyStatus.SENT, SurveyStatus.ANSWERED)
GROUPINGS = ("group", "agent", "service", "month")


def surveys_with_related() -> QuerySet[Survey]:
    return Survey.objects.select_related(
        "ticket", "requester", "assignment_group", "assignee", "service", "follow_up"
    )


def surveys_visible_to(user: User) -> QuerySet[Survey]:
    """Agents: their groups' surveys and their own; managers and admins: all."""
    qs = surveys_with_related()
    groups = roles.reportable_group_ids(user)
    if groups is None:
        return qs
    if roles.is_agent(user):
        return qs.filter(Q(assignment_group__in=groups) | Q(assignee=user))
    return qs.none()


def follow_ups_visible_to(user: User) -> QuerySet[FollowUp]:
    qs = FollowUp.objects.select_related(
        "ticket", "survey", "survey__requester", "group", "manager", "done_by"
    )
    return qs if roles.is_manager(user) else qs.none()


def open_follow_ups_for(user: User) -> QuerySet[FollowUp]:
    """What waits for this manager (the dashboard's list): theirs, their groups', and for
    admins the ones whose group has no manager."""
    qs = follow_ups_visible_to(user).filter(status=FollowUpStatus.OPEN)
    condition = Q(manager=user) | Q(group__in=roles.managed_group_ids(user))
    if roles.is_admin(user):
        condition |= Q(manager__isnull=True)
    return qs.filter(condition).order_by("created_at", "id")


def surveys_of_ticket(ticket: Ticket) -> list[Survey]:
    return list(
        Survey.objects.filter(ticket=ticket)
        .select_related("follow_up", "follow_up__manager")
        .order_by("-resolution")
    )


def in_period(
    qs: QuerySet[Survey], start: datetime.date | None, end: datetime.date | None
) -> QuerySet[Survey]:
    """Surveys sent between two dates, inclusive, in the server's time zone."""
    zone = timezone.get_default_timezone()
    if start:
        qs = qs.filter(sent_at__gte=datetime.datetime.combine(start, datetime.time(), zone))
    if end:
        after = end + datetime.timedelta(days=1)
        qs = qs.filter(sent_at__lt=datetime.datetime.combine(after, datetime.time(), zone))
    return qs


class Figures(TypedDict):
    """CSAT of a set of surveys (see `csat`)."""

    sent: int
    responses: int
    average: float | None
    distribution: dict[str, int]
    response_rate: float | None


class Row(Figures):
    key: int | str | None
    label: str | None


class Csat(TypedDict):
    overall: Figures
    by: str | None
    rows: list[Row]


def _figures() -> dict[str, Aggregate]:
    answered = Q(status=SurveyStatus.ANSWERED)
    return {
        "sent": Count("id"),
        "responses": Count("id", filter=answered),
        "average": Avg("rating", filter=answered),
        **{f"r{n}": Count("id", filter=answered & Q(rating=n)) for n in RATINGS},
    }


def _shape(row: dict[str, Any]) -> Figures:
    sent, responses = row["sent"], row["responses"]
    return {
        "sent": sent,
        "responses": responses,
        "average": round(row["average"], 2) if row["average"] is not None else None,
        "distribution": {str(n): row[f"r{n}"] for n in RATINGS},
        "response_rate": round(100 * responses / sent, 1) if sent else None,
    }


_KEYS = {
    "group": ("assignment_group", ["assignment_group__name"]),
    "agent": ("assignee", ["assignee__display_name", "assignee__username"]),
    "service": ("service", ["service__name", "service__name_zh", "service__code"]),
}


def _label(by: str, row: dict[str, Any]) -> str | None:
    if by == "group":
        group: str | None = row["assignment_group__name"]
        return group
    if by == "agent":
        agent: str | None = row["assignee__display_name"] or row["assignee__username"]
        return agent
    if by == "service":
        return pick(row["service__name"], row["service__name_zh"]) if row["service"] else None
    return None


def csat(qs: QuerySet[Survey], by: str | None = None) -> Csat:
    """CSAT of the surveys in `qs` (already filtered): the overall figures and, with `by`
    (group, agent, service or month), one row per key. Two aggregate queries, whatever
    the number of surveys.

    Each row: sent, responses, average (1–5, null without answers), distribution
    (answers per rating "1"…"5") and response_rate (percent of sent, null when none sent).
    """
    qs = qs.filter(status__in=DELIVERED).order_by()
    result: Csat = {"overall": _shape(qs.aggregate(**_figures())), "by": by, "rows": []}
    if by is None:
        return result
    if by == "month":
        zone = timezone.get_current_timezone()
        rows = (
            qs.annotate(month=TruncMonth("sent_at", tzinfo=zone))
            .values("month")
            .annotate(**_figures())
            .order_by("month")
        )
        result["rows"] = [
            {
                "key": r["month"].strftime("%Y-%m"),
                "label": r["month"].strftime("%Y-%m"),
                **_shape(r),
            }
            for r in rows
        ]
        return result
    key, label_fields = _KEYS[by]
    rows = qs.values(key, *label_fields).annotate(**_figures()).order_by("-sent", key)
    result["rows"] = [{"key": r[key], "label": _label(by, r), **_shape(r)} for r in rows]
    return result
