from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboundConfig(AppConfig):
    name = "inbound"
    verbose_name = _("Inbound channels")

    def ready(self) -> None:
        from accounts.roles import Role
        from common import navigation

        navigation.register(
            navigation.Section(
                key="inbound",
                label=_("Channels"),
                url_name="inbound:mailboxes",
                icon="bi-envelope-arrow-down",
                min_role=Role.ADMIN,
                order=85,
                menu="manage",
            )
        )
