from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatisfactionConfig(AppConfig):
    name = "satisfaction"
    verbose_name = _("Satisfaction")

    def ready(self) -> None:
        from satisfaction.subscribers import subscribe

        subscribe()  # ticket events (incidents.events)
        from accounts.roles import Role
        from common import navigation

        navigation.register(
            navigation.Section(
                key="satisfaction",
                label=_("Satisfaction"),
                url_name="satisfaction:overview",
                icon="bi-emoji-smile",
                min_role=Role.MANAGER,
                order=60,
                menu="manage",
            )
        )
