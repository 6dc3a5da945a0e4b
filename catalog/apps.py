from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Service catalog")

    def ready(self) -> None:
        from accounts.roles import Role
        from common import navigation

        navigation.register(
            navigation.Section(
                key="catalog",
                label=_("Catalog"),
                url_name="catalog:services",
                icon="bi-journal-text",
                min_role=Role.MANAGER,
                order=50,
                menu="manage",
            )
        )
