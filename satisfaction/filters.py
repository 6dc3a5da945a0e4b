"""FilterSets for surveys and follow-ups, shared by the API and the pages."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.inputs import BoundedDateFilter, IdFilter
from satisfaction.models import FollowUp, FollowUpStatus, Survey, SurveyState, SurveyStatus


class SurveyFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        choices=SurveyState.choices, method="filter_state", label=_("State")
    )
    rating = django_filters.MultipleChoiceFilter(
        choices=[(n, str(n)) for n in range(1, 6)], label=_("Rating")
    )
    ticket = IdFilter(label=_("Ticket"))
    group = IdFilter(field_name="assignment_group", label=_("Group"))
    agent = IdFilter(field_name="assignee", label=_("Agent"))
    service = IdFilter(label=_("Service"))
    requester = IdFilter(label=_("Requester"))
    responded = django_filters.BooleanFilter(
        field_name="responded_at", lookup_expr="isnull", exclude=True, label=_("Answered")
    )
    sent_after = BoundedDateFilter(
        field_name="sent_at", lookup_expr="date__gte", label=_("Sent from")
    )
    sent_before = BoundedDateFilter(
        field_name="sent_at", lookup_expr="date__lte", label=_("Sent until")
    )
    search = django_filters.CharFilter(method="filter_text", label=_("Search"))

    class Meta:
        model = Survey
        fields = ["state", "rating", "ticket", "group", "agent", "service", "requester"]

    def filter_state(self, queryset, name, value):
        now = timezone.now()
        if value == SurveyState.EXPIRED:
            return queryset.filter(status=SurveyStatus.SENT, expires_at__lte=now)
        if value == SurveyState.SENT:
            return queryset.filter(status=SurveyStatus.SENT, expires_at__gt=now)
        return queryset.filter(status=value)

    def filter_text(self, queryset, name, value):
        """Ticket number (exact) or words of the comment."""
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(Q(ticket__number__iexact=value) | Q(comment__icontains=value))


class FollowUpFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=FollowUpStatus.choices, label=_("Status"))
    manager = IdFilter(label=_("Manager"))
    group = IdFilter(label=_("Group"))
    ticket = IdFilter(label=_("Ticket"))

    class Meta:
        model = FollowUp
        fields = ["status", "manager", "group", "ticket"]
