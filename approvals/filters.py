"""The FilterSet of approval requests, shared by the API and the pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from approvals.models import Approval, State
from common.inputs import IdFilter


class ApprovalFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=State.choices, label=_("State"))
    ticket = IdFilter(label=_("Ticket"))
    approver = IdFilter(label=_("Approver"))
    step = django_filters.NumberFilter(label=_("Step"))

    class Meta:
        model = Approval
        fields = ["state", "ticket", "approver", "step"]
