from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from accounts.roles import Role
        from common import navigation

        navigation.register(
            navigation.Section(
                key="audit",
                label=_("Audit"),
                url_name="audit:log",
                icon="bi-journal-check",
                min_role=Role.ADMIN,
                order=890,
                menu="manage",
            )
        )
