from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from accounts.roles import Role
        from common import navigation

        navigation.register(
            navigation.Section(
                key="reports",
                label=_("Dashboard"),
                url_name="reports:dashboard",
                icon="bi-speedometer2",
                min_role=Role.AGENT,
                order=45,
            )
        )
