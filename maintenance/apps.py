from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaintenanceConfig(AppConfig):
    name = "maintenance"
    verbose_name = _("Planned maintenance")

    def ready(self) -> None:
        from maintenance.subscribers import subscribe

        subscribe()  # ticket events (incidents.events)
        from accounts.roles import Role
        from common import navigation

        navigation.register(
            navigation.Section(
                key="maintenance",
                label=_("Planned maintenance"),
                url_name="maintenance:calendar",
                icon="bi-calendar-check",
                min_role=Role.AGENT,
                order=42,
            )
        )
