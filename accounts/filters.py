import django_filters

from accounts.models import SupportGroup, User


class UserFilterSet(django_filters.FilterSet):
    group = django_filters.ModelChoiceFilter(
        field_name="support_groups", queryset=SupportGroup.objects.all()
    )

    class Meta:
        model = User
        fields = ["role", "customer_unit", "is_active", "language", "group"]


class SupportGroupFilterSet(django_filters.FilterSet):
    class Meta:
        model = SupportGroup
        fields = ["manager", "members"]
