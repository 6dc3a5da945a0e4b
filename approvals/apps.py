from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = _("Approvals")

    def ready(self) -> None:
        from approvals.subscribers import subscribe

        subscribe()  # ticket events (incidents.events)
        from accounts.roles import Role
        from common import navigation

        navigation.register(
            navigation.Section(
                key="approvals",
                label=_("My approvals"),
                url_name="approvals:mine",
                icon="bi-check2-square",
                min_role=Role.REQUESTER,
                order=15,
                badge="approvals.queries.pending_count",
            )
        )
