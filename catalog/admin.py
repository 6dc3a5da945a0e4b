from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from catalog.models import AdmissionCriterion, CatalogItem, Service, ServiceCategory


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_zh", "icon", "order"]


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "status", "owner_group", "category"]
    list_filter = ["status", "category"]
    search_fields = ["code", "name", "name_zh"]
    readonly_fields = ["status"]
    raw_id_fields = ["assets"]


@admin.register(CatalogItem)
class CatalogItemAdmin(SimpleHistoryAdmin):
    list_display = ["name", "service", "kind", "is_active", "order"]
    list_filter = ["kind", "is_active", "service"]
    search_fields = ["name", "name_zh"]


@admin.register(AdmissionCriterion)
class AdmissionCriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "kind", "system_check", "is_active", "order"]
