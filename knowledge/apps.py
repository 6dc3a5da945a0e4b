from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from accounts.roles import Role
        from common import navigation

        navigation.register(
            navigation.Section(
                key="knowledge-portal",
                label=_("Knowledge base"),
                url_name="knowledge:home",
                icon="bi-book",
                min_role=Role.REQUESTER,
                order=12,
                menu="self-service",
            )
        )
        navigation.register(
            navigation.Section(
                key="knowledge",
                label=_("Articles"),
                url_name="knowledge:manage",
                icon="bi-journal-text",
                min_role=Role.AGENT,
                order=42,
            )
        )
