from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    name = "assets"
    verbose_name = _("Configuration management (CMDB)")

    def ready(self) -> None:
        from accounts.roles import Role
        from common import navigation

        navigation.register(
            navigation.Section(
                key="cmdb",
                label=_("CMDB"),
                url_name="assets:list",
                icon="bi-hdd-network",
                min_role=Role.AGENT,
                order=40,
            )
        )
