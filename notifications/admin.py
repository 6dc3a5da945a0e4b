from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["email", "subject", "created_at", "sent_at", "attempts"]
    list_filter = ["sent_at"]
    search_fields = ["email", "subject"]
    readonly_fields = [
        "recipient",
        "email",
        "subject",
        "body",
        "dedupe_key",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
    ]
