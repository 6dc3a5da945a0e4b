"""CMDB pages: list, item page, create/edit with live tag checks, rooms, import, locations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import roles
from accounts.decorators import agent_required
from assets import tags
from assets.filters import AssetFilterSet
from assets.forms import AssetForm, BuildingForm, CategoryForm, ImportForm, RelationForm, RoomForm
from assets.importer import UnreadableFile, import_assets, template_rows
from assets.models import Asset, AssetCategory, AssetRelation, Building, Room, tag_error_message
from assets.permissions import can_manage_categories, can_manage_locations
from assets.queries import assets_with_related
from assets.services import RoomFull, impact, next_free_tag
from common import filtering, pages, spreadsheets
from common.htmx import is_htmx
from common.inputs import parse_id
from common.pagination import CappedPaginator, ScalePaginator

PAGE_SIZES = (25, 50, 100, 200)
RECENT_TICKETS = 10  # on a CI's page; the desk lists them all


def _page_size(request) -> int:
    size = parse_id(request.GET.get("page_size"))
    return size if size in PAGE_SIZES else 25


@agent_required
def asset_list(request):
    filterset = filtering.bind(AssetFilterSet, request.GET, queryset=assets_with_related())
    queryset = filterset.qs
    ordering = request.GET.get("ordering", "tag")
    if ordering.lstrip("-") in {"tag", "name", "status", "updated_at"}:
        queryset = queryset.order_by(ordering)
    searching = bool((filterset.form.cleaned_data.get("search") or "").strip())
    paginator_class = CappedPaginator if searching else ScalePaginator
    page = paginator_class(queryset, _page_size(request)).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "page": page,
        "query": query.urlencode(),
        "ordering": ordering,
        "page_sizes": PAGE_SIZES,
    }
    template = "assets/_asset_table.html" if is_htmx(request) else "assets/asset_list.html"
    return render(request, template, context)


@agent_required
def asset_detail(request, pk: int):
    asset = get_object_or_404(assets_with_related(), pk=pk)
    relations_out = asset.relations_out.select_related("target").order_by("kind", "target__tag")
    relations_in = asset.relations_in.select_related("source").order_by("kind", "source__tag")
    history = _history_rows(asset)
    tickets = asset.tickets.select_related("assignee", "assignment_group").order_by(
        "-created_at", "-id"
    )
    return render(
        request,
        "assets/asset_detail.html",
        {
            "asset": asset,
            "tickets": tickets[:RECENT_TICKETS],
            "ticket_count": tickets.count(),
            "tag": asset.parsed_tag,
            "relations_out": relations_out,
            "relations_in": relations_in,
            "impact": impact(asset, request.user),
            "history": history,
            "relation_form": RelationForm(source=asset),
        },
    )


def _history_rows(asset, limit: int = 50) -> list[dict]:
    """Each change: who, when, and the fields with old → new values."""
    records = list(
        asset.history.select_related("history_user").order_by("-history_id")[: limit + 1]
    )
    rows = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                label = Asset._meta.get_field(change.field).verbose_name
                changes.append({"field": label, "old": change.old, "new": change.new})
        rows.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "kind": record.get_history_type_display(),
                "type": record.history_type,
                "changes": changes,
            }
        )
    return rows


def _save_form(request, form: AssetForm, message: str):
    asset = form.save()
    messages.success(request, message % {"tag": asset.tag})
    return redirect("assets:detail", pk=asset.pk)


@agent_required
def asset_create(request):
    form = AssetForm(request.POST or None, initial={"tag": request.GET.get("tag", "")})
    if request.method == "POST" and form.is_valid():
        return _save_form(request, form, _("Configuration item %(tag)s created."))
    rooms = Room.objects.select_related("building").order_by("key")
    return render(request, "assets/asset_form.html", {"form": form, "rooms": rooms})


@agent_required
def asset_edit(request, pk: int):
    asset = get_object_or_404(Asset, pk=pk)
    form = AssetForm(request.POST or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        return _save_form(request, form, _("Configuration item %(tag)s saved."))
    rooms = Room.objects.select_related("building").order_by("key")
    return render(request, "assets/asset_form.html", {"form": form, "asset": asset, "rooms": rooms})


@agent_required
@require_GET
def check_tag(request):
    """htmx: say as the agent types whether the tag is well-formed, placed and free."""
    value = request.GET.get("tag", "")
    exclude = request.GET.get("asset", "")
    result = {"ok": False, "message": "", "normalized": ""}
    if value.strip():
        try:
            parsed = tags.parse(value)
        except tags.InvalidTag:
            result["message"] = tag_error_message()
        else:
            result["normalized"] = str(parsed)
            room = Room.objects.select_related("building").filter(key=parsed.room_key).first()
            clash = Asset.objects.filter(tag=str(parsed))
            if (editing := parse_id(exclude)) is not None:
                clash = clash.exclude(pk=editing)
            if room is None:
                result["message"] = _("Room %(room)s of building %(building)s does not exist.") % {
                    "room": parsed.room,
                    "building": parsed.building,
                }
            elif clash.exists():
                result["message"] = _("Another item already has this tag.")
            else:
                result["ok"] = True
                result["message"] = _(
                    "%(tag)s: building %(building)s, floor %(floor)s, room %(room)s, "
                    "machine %(machine)03d."
                ) % {
                    "tag": parsed,
                    "building": room.building.name,
                    "floor": parsed.floor,
                    "room": room.name or parsed.room,
                    "machine": parsed.machine,
                }
    return render(request, "assets/_tag_check.html", result)


@agent_required
@require_GET
def next_tag(request):
    """htmx: the tag field filled with the lowest free number in the chosen room."""
    room = Room.objects.select_related("building").filter(pk=request.GET.get("room") or 0).first()
    context = {"value": request.GET.get("tag", ""), "error": ""}
    if room is None:
        context["error"] = _("Choose a room first.")
    else:
        try:
            context["value"] = next_free_tag(room)
        except RoomFull:
            context["error"] = _("This room is full: machines 001–999 are all taken.")
    return render(request, "assets/_tag_input.html", context)


@agent_required
@require_POST
def relation_add(request, pk: int):
    asset = get_object_or_404(Asset, pk=pk)
    form = RelationForm(request.POST, source=asset)
    if form.is_valid():
        form.save()
        messages.success(request, _("Relation added."))
    else:
        pages.show_form_errors(request, form)
    return redirect("assets:detail", pk=pk)


@agent_required
@require_POST
def relation_delete(request, pk: int, relation_pk: int):
    relation = get_object_or_404(AssetRelation, pk=relation_pk, source_id=pk)
    relation.delete()
    messages.success(request, _("Relation removed."))
    return redirect("assets:detail", pk=pk)


@agent_required
def room_detail(request, pk: int):
    room = get_object_or_404(Room.objects.select_related("building"), pk=pk)
    items = sorted(
        room.assets.select_related("category", "owner", "customer_unit"),
        key=lambda a: a.position,
    )
    try:
        free = next_free_tag(room)
    except RoomFull:
        free = None
    return render(request, "assets/room_detail.html", {"room": room, "items": items, "free": free})


@agent_required
def import_page(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_assets(
                upload.name,
                upload.read(),
                update=form.cleaned_data["update"],
                dry_run=form.cleaned_data["dry_run"],
                actor=request.user,
            )
        except UnreadableFile as exc:
            form.add_error("file", str(exc))
        else:
            if not report.errors and not form.cleaned_data["dry_run"]:
                messages.success(
                    request,
                    _("Import done: %(created)d created, %(updated)d updated.")
                    % {"created": report.created, "updated": report.updated},
                )
                return redirect("assets:list")
    return render(request, "assets/import.html", {"form": form, "report": report})


@agent_required
def import_template(request, kind: str):
    if kind not in ("csv", "xlsx"):
        raise Http404
    rows = template_rows(chinese=request.LANGUAGE_CODE == "zh-hans")
    return spreadsheets.response("cmdb-template", rows[0], rows[1:], kind)


@agent_required
def locations(request):
    """Buildings, rooms and device categories; admins manage locations, managers categories."""
    building_form = BuildingForm(prefix="building")
    room_form = RoomForm(prefix="room")
    category_form = CategoryForm(prefix="category")
    if request.method == "POST":
        which = request.POST.get("which")
        allowed = {
            "building": can_manage_locations,
            "room": can_manage_locations,
            "category": can_manage_categories,
        }
        if which not in allowed or not allowed[which](request.user):
            raise PermissionDenied
        form_class = {"building": BuildingForm, "room": RoomForm, "category": CategoryForm}[which]
        form = form_class(request.POST, prefix=which)
        if form.is_valid():
            form.save()
            messages.success(request, _("Saved."))
            return redirect("assets:locations")
        if which == "building":
            building_form = form
        elif which == "room":
            room_form = form
        else:
            category_form = form
    buildings = Building.objects.prefetch_related(
        Prefetch(
            "rooms", queryset=Room.objects.annotate(item_count=Count("assets")).order_by("code")
        )
    ).order_by("code")
    categories = AssetCategory.objects.annotate(item_count=Count("assets")).order_by("code")
    return render(
        request,
        "assets/locations.html",
        {
            "buildings": buildings,
            "categories": categories,
            "building_form": building_form,
            "room_form": room_form,
            "category_form": category_form,
            "can_manage_locations": can_manage_locations(request.user),
            "can_manage_categories": can_manage_categories(request.user),
            "is_admin": roles.is_admin(request.user),
        },
    )
