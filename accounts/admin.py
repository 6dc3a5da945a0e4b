from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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
