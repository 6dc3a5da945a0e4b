from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts import services
from accounts.models import CustomerUnit, SupportGroup, User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ["username", "display_name", "email", "role", "customer_unit", "is_active"]
    list_filter = ["role", "is_active", "customer_unit", "language"]
    search_fields = ["username", "display_name", "email", "phone"]
    list_select_related = ["customer_unit"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["display_name", "first_name", "last_name", "email", "phone"]}),
        (_("Organisation"), {"fields": ["role", "customer_unit", "is_active"]}),
        (_("Preferences"), {"fields": ["language", "timezone"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2", "role"]}),
    ]

    def get_deleted_objects(self, objs, request):
        """Users other records refer to are listed as protected, with the reason: the admin
        then deletes nothing (the single delete and the bulk action alike)."""
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for user in objs:
            try:
                services.check_deletable(user)
            except services.UserInUse as exc:
                protected.append(f"{user}: {exc.detail}")
        return to_delete, model_count, perms_needed, protected

    def delete_model(self, request, obj):
        services.delete_user(obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.delete_user(user)


@admin.register(SupportGroup)
class SupportGroupAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "email", "manager"]
    search_fields = ["code", "name", "email"]
    list_select_related = ["manager"]
    filter_horizontal = ["members"]
    autocomplete_fields = ["manager"]


@admin.register(CustomerUnit)
class CustomerUnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
