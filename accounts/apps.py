from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisation")

    def ready(self) -> None:
        from accounts.roles import Role
        from common import navigation

        navigation.register(
            navigation.Section(
                key="admin",
                label=_("Admin"),
                url_name="admin:index",
                icon="bi-gear",
                min_role=Role.ADMIN,
                order=900,
                menu="manage",
            )
        )
