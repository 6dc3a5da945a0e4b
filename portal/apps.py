from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The end user's pages; reads catalog and incidents, imported by neither."""

    name = "portal"
    verbose_name = _("Self-service portal")

    def ready(self) -> None:
        from accounts.roles import Role
        from common import navigation

        navigation.register(
            navigation.Section(
                key="portal",
                label=_("Portal"),
                url_name="portal:home",
                icon="bi-house-heart",
                min_role=Role.REQUESTER,
                order=10,
                menu="self-service",
                home_for=(Role.REQUESTER,),
            )
        )
        navigation.register(
            navigation.Section(
                key="my-tickets",
                label=_("My tickets"),
                url_name="portal:tickets",
                icon="bi-ticket-detailed",
                min_role=Role.REQUESTER,
                order=15,
                menu="self-service",
            )
        )
