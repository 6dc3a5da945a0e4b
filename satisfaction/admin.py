from django.contrib import admin

from satisfaction.models import FollowUp, Survey, SurveyRule


@admin.register(SurveyRule)
class SurveyRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "service", "catalog_item", "send", "delay_minutes", "expiry_days"]
    list_select_related = ["service", "catalog_item"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["ticket", "resolution", "status", "sent_at", "responded_at", "rating"]
    list_filter = ["status", "rating"]
    list_select_related = ["ticket"]
    search_fields = ["ticket__number"]
    # Surveys change only through satisfaction.services (single use, one per resolution).
    readonly_fields = [f.name for f in Survey._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["ticket", "manager", "status", "created_at", "done_at"]
    list_filter = ["status"]
    list_select_related = ["ticket", "manager"]
    search_fields = ["ticket__number"]
    readonly_fields = [f.name for f in FollowUp._meta.fields]

    def has_add_permission(self, request):
        return False
