from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Incidents and requests")

    def ready(self) -> None:
        from accounts.roles import Role
        from common import navigation

        navigation.register(
            navigation.Section(
                key="desk",
                label=_("Desk"),
                url_name="incidents:desk",
                icon="bi-inboxes",
                min_role=Role.AGENT,
                order=20,
                home_for=(Role.AGENT, Role.MANAGER, Role.ADMIN),
            )
        )
