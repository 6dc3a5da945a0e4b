"""Read-side helpers: what each role sees of the catalog."""

from typing import TYPE_CHECKING, cast

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts import roles
from accounts.models import SupportGroup
from catalog import checklist
from catalog.models import AdmissionTick, CatalogItem, Service, ServiceStatus

if TYPE_CHECKING:
    from accounts.roles import RequestUser
    from assets.models import Asset


def with_checklist(qs: QuerySet[Service]) -> QuerySet[Service]:
    """Annotate what the system checks need, and prefetch ticks, for whole lists."""
    members = (
        SupportGroup.members.through.objects.filter(supportgroup_id=OuterRef("owner_group_id"))
        .values("supportgroup_id")
        .annotate(n=Count("user_id"))
        # The stubs' plugin does not see `n` on the auto-created through model.
        .values("n")  # type: ignore[misc]
    )
    items = (
        CatalogItem.objects.filter(service_id=OuterRef("pk"), is_active=True)
        .values("service_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return qs.annotate(
        owner_member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0),
        active_item_count=Coalesce(Subquery(items, output_field=IntegerField()), 0),
        **{name: expression() for name, expression in checklist.ANNOTATIONS.items()},
    ).prefetch_related(Prefetch("ticks", queryset=AdmissionTick.objects.select_related("done_by")))


def readable_services(
    user: "RequestUser", qs: QuerySet[Service] | None = None
) -> QuerySet[Service]:
    """The one rule of which services `user` may read: agents all, others published ones."""
    qs = Service.objects.all() if qs is None else qs
    if roles.is_agent(user):
        return qs
    return qs.filter(status=ServiceStatus.PUBLISHED)


def services_visible_to(user: "RequestUser") -> QuerySet[Service]:
    # The asset model, reached through the relation: catalog does not import the assets app.
    asset_model = cast("type[Asset]", Service.assets.field.related_model)
    return readable_services(
        user,
        with_checklist(
            Service.objects.select_related("category", "owner_group").prefetch_related(
                Prefetch("assets", queryset=asset_model.objects.only("id"))
            )
        ),
    )


def items_visible_to(user: "RequestUser") -> QuerySet[CatalogItem]:
    qs = CatalogItem.objects.select_related("service", "service__category", "assignment_group")
    if roles.is_agent(user):
        return qs
    return qs.filter(is_active=True, service__status=ServiceStatus.PUBLISHED)


def portal_items() -> QuerySet[CatalogItem]:
    """What the portal offers: active items of published services."""
    return CatalogItem.objects.filter(
        is_active=True, service__status=ServiceStatus.PUBLISHED
    ).select_related("service", "service__category")
