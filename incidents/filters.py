"""The ticket FilterSet, shared by the API, the desk queues and the exports."""

import datetime

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

from common.inputs import (
    BoundedDateFilter,
    IdFilter,
    IdInFilter,
    date_range_error,
    validate_date_range,
)
from incidents import queries, search, workflow
from incidents.models import Channel, Kind, Status, Ticket

NEAR_BREACH = datetime.timedelta(hours=1)


class InstantField(IsoDateTimeField):
    """An ISO 8601 instant, turned into UTC while the input is checked: any offset Python
    accepts works (PostgreSQL refuses offsets past ±15:59), an instant outside the
    bounded date range (common.inputs) is a 400."""

    default_validators = [validate_date_range]

    def to_python(self, value):
        value = super().to_python(value)
        if value is None or value.tzinfo is None:
            return value
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError:
            raise date_range_error() from None


class InstantFilter(django_filters.IsoDateTimeFilter):
    field_class = InstantField


class TicketFilterSet(django_filters.FilterSet):
    # Columns of the ticket itself: no join, so no duplicates, and no DISTINCT (which sorts
    # every match before the page can be cut).
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, label=_("Status"), distinct=False
    )
    priority = django_filters.MultipleChoiceFilter(
        choices=[(p, f"P{p}") for p in range(1, 6)], label=_("Priority"), distinct=False
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Kind"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("Channel"))
    assignment_group = IdFilter(label=_("Assignment group"))
    assignee = IdFilter(label=_("Assignee"))
    requester = IdFilter(label=_("Requester"))
    customer_unit = IdFilter(label=_("Customer unit"))
    catalog_item = IdFilter(label=_("Catalog item"))
    service = IdFilter(field_name="catalog_item__service", label=_("Service"))
    asset = IdFilter(label=_("Configuration item"))
    created_after = BoundedDateFilter(
        field_name="created_at", lookup_expr="date__gte", label=_("Created from")
    )
    created_before = BoundedDateFilter(
        field_name="created_at", lookup_expr="date__lte", label=_("Created until")
    )
    unassigned = django_filters.BooleanFilter(
        field_name="assignee", lookup_expr="isnull", label=_("Unassigned")
    )
    # The filters behind the dashboard's figures: each figure links to its ticket list.
    groups = IdInFilter(field_name="assignment_group", label=_("Assignment groups"))
    created_since = InstantFilter(
        field_name="created_at", lookup_expr="gte", label=_("Created at or after")
    )
    created_until = InstantFilter(
        field_name="created_at", lookup_expr="lt", label=_("Created before")
    )
    resolved_since = InstantFilter(
        field_name="resolved_at", lookup_expr="gte", label=_("Resolved at or after")
    )
    resolved_until = InstantFilter(
        field_name="resolved_at", lookup_expr="lt", label=_("Resolved before")
    )
    reassigned = django_filters.BooleanFilter(method="filter_reassigned", label=_("Reassigned"))
    reopened = django_filters.BooleanFilter(method="filter_reopened", label=_("Reopened"))
    is_open = django_filters.BooleanFilter(method="filter_open", label=_("Open"))
    customer_updated = django_filters.BooleanFilter(
        method="filter_customer_updated", label=_("Updated by the customer")
    )
    sla = django_filters.ChoiceFilter(
        choices=[
            ("breached", _("Breached now")),
            ("due_soon", _("Due within the hour")),
            ("missed", _("Breached at any time")),
        ],
        method="filter_sla",
        label=_("SLA"),
    )
    search = django_filters.CharFilter(method="filter_text", label=_("Search"))

    class Meta:
        model = Ticket
        fields = [
            "status",
            "priority",
            "kind",
            "channel",
            "assignment_group",
            "assignee",
            "requester",
            "customer_unit",
            "catalog_item",
            "service",
            "asset",
        ]

    def filter_reassigned(self, queryset, name, value):
        return (
            queryset.filter(reassignment_count__gt=0)
            if value
            else queryset.filter(reassignment_count=0)
        )

    def filter_reopened(self, queryset, name, value):
        return queryset.filter(reopen_count__gt=0) if value else queryset.filter(reopen_count=0)

    def filter_open(self, queryset, name, value):
        condition = Q(status__in=workflow.OPEN_STATUSES)
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_customer_updated(self, queryset, name, value):
        condition = queries.customer_updated()
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_sla(self, queryset, name, value):
        from sla.models import SLATimer, TimerState

        now = timezone.now()
        timers = SLATimer.objects.filter(ticket=OuterRef("pk"))
        if value == "missed":
            timers = timers.filter(breached_at__isnull=False)
        else:
            timers = timers.filter(state=TimerState.RUNNING)
            if value == "breached":
                timers = timers.filter(due_at__lt=now)
            else:
                timers = timers.filter(due_at__gte=now, due_at__lte=now + NEAR_BREACH)
            queryset = queryset.filter(status__in=workflow.OPEN_STATUSES)
        return queryset.filter(Exists(timers))

    def filter_text(self, queryset, name, value):
        """Number (exact), title, description or comments; work notes for agents only."""
        return search.matching(queryset, value, reader=getattr(self.request, "user", None))
