from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "sla"
    verbose_name = _("Service levels")

    def ready(self) -> None:
        from accounts.roles import Role
        from catalog import checklist
        from itsm import navigation

        navigation.register(
            navigation.Section(
                key="sla",
                label=_("Service levels"),
                url_name="sla:overview",
                icon="bi-stopwatch",
                min_role=Role.MANAGER,
                order=55,
            )
        )

        def covered(service) -> bool:
            from sla.models import SLAPolicy

            return SLAPolicy.objects.filter(is_active=True, service__in=[None, service.pk]).exists()

        # Managers may add an admission criterion of kind "system" with check "sla_policy".
        checklist.register("sla_policy", _("An SLA policy covers the service"), covered)
