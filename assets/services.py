"""Changes to the CMDB and the questions it answers: next free tag, impact analysis."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import transaction
from django.db.models import QuerySet

from assets import tags
from assets.models import Asset, AssetRelation, RelationKind, Room

if TYPE_CHECKING:
    from accounts.models import User
    from catalog.models import Service

# Relations along which a failure spreads: if B depends on / runs on A, A's failure hurts B.
IMPACT_KINDS = (RelationKind.DEPENDS_ON, RelationKind.RUNS_ON)
IMPACT_MAX_DEPTH = 10
IMPACT_MAX_ASSETS = 1000


class RoomFull(Exception):
    """Every machine number 001-999 in the room is taken."""


def next_free_tag(room: Room) -> str:
    """The tag with the lowest free machine number in `room` (gaps are reused)."""
    used = {
        tags.parse(tag).machine
        for tag in Asset.objects.filter(room=room).values_list("tag", flat=True)
    }
    machine = tags.lowest_free_machine(used)
    if machine is None:
        raise RoomFull(room.key)
    return tags.format_tag(room.building.code, room.code, machine)


@dataclass
class ImpactResult:
    assets: list[Asset] = field(default_factory=list)
    services: list["Service"] = field(default_factory=list)
    truncated: bool = False


def impacted_asset_ids(asset_id: int) -> tuple[list[int], bool]:
    """Ids of the items that depend on `asset_id`, transitively, nearest first.

    Breadth-first over `depends_on`/`runs_on` relations pointing at the frontier, one query
    per level; cycle-safe (visited set) and bounded in depth and size.
    """
    seen = {asset_id}
    order: list[int] = []
    frontier = [asset_id]
    truncated = False
    for _depth in range(IMPACT_MAX_DEPTH):
        if not frontier:
            break
        sources = AssetRelation.objects.filter(
            target_id__in=frontier, kind__in=IMPACT_KINDS
        ).values_list("source_id", flat=True)
        next_frontier = []
        for source_id in sources:
            if source_id in seen:
                continue
            seen.add(source_id)
            order.append(source_id)
            next_frontier.append(source_id)
            if len(order) >= IMPACT_MAX_ASSETS:
                return order, True
        frontier = next_frontier
    else:
        truncated = bool(frontier)
    return order, truncated


def impact(asset: Asset, viewer: "User") -> ImpactResult:
    """What is affected if `asset` fails: dependent items and the services using any of them,
    limited to what `viewer` may read (the walk itself goes through every relation)."""
    from assets.queries import assets_visible_to
    from catalog.queries import readable_services

    ids, truncated = impacted_asset_ids(asset.pk)
    by_id = assets_visible_to(viewer).in_bulk(ids)
    result = ImpactResult(assets=[by_id[i] for i in ids if i in by_id], truncated=truncated)
    result.services = list(readable_services(viewer, services_using([asset.pk, *ids])))
    return result


def services_using(asset_ids: list[int]) -> "QuerySet[Service]":
    """Catalog services that run on any of these items."""
    service_model: type[Service] = apps.get_model("catalog", "Service")
    return service_model.objects.filter(assets__in=asset_ids).distinct().order_by("code")


@transaction.atomic
def save_asset(asset: Asset) -> Asset:
    """Validate (tag rule, room, uniqueness) and save one item; raises ValidationError."""
    asset.apply_tag(asset.tag)  # normalise first: " d010210-009 " is a good tag
    asset.full_clean()
    asset.save()
    return asset
