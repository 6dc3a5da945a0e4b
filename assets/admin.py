from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assets.models import Asset, AssetCategory, AssetRelation, Building, Room


@admin.register(Building)
class BuildingAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Room)
class RoomAdmin(SimpleHistoryAdmin):
    list_display = ["key", "building", "code", "name"]
    list_filter = ["building"]
    search_fields = ["key", "name"]
    list_select_related = ["building"]


@admin.register(AssetCategory)
class AssetCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Asset)
class AssetAdmin(SimpleHistoryAdmin):
    list_display = ["tag", "name", "category", "status", "customer_unit", "owner"]
    list_filter = ["status", "category", "customer_unit"]
    search_fields = ["tag", "name", "serial_number"]
    list_select_related = ["category", "customer_unit", "owner"]
    raw_id_fields = ["owner"]


@admin.register(AssetRelation)
class AssetRelationAdmin(SimpleHistoryAdmin):
    list_display = ["source", "kind", "target"]
    list_filter = ["kind"]
    raw_id_fields = ["source", "target"]
