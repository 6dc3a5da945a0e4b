from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from maintenance.models import MaintenancePlan, Occurrence


@admin.register(MaintenancePlan)
class MaintenancePlanAdmin(SimpleHistoryAdmin):
    list_display = ["name", "recurrence", "assignment_group", "calendar", "active"]
    list_filter = ["active", "assignment_group", "calendar"]
    search_fields = ["name"]
    raw_id_fields = ["assets", "owner"]


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
    list_display = ["plan", "original_date", "date", "ticket"]
    list_filter = ["plan"]
    raw_id_fields = ["ticket"]
    readonly_fields = ["plan", "original_date", "date", "window_start_at", "window_end_at"]
