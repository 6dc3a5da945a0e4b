from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "sla"
    verbose_name = _("Service levels")

    def ready(self) -> None:
        from sla.subscribers import subscribe

        subscribe()  # ticket events (incidents.events)
        self._forget_policies_on_change()
        from accounts.roles import Role
        from catalog import checklist
        from common import navigation

        navigation.register(
            navigation.Section(
                key="sla",
                label=_("Service levels"),
                url_name="sla:overview",
                icon="bi-stopwatch",
                min_role=Role.MANAGER,
                order=55,
                menu="manage",
            )
        )

        def policies_of(service):
            from sla.models import SLAPolicy

            # Only the service's own policies: the default ones (service NULL) do not count.
            return SLAPolicy.objects.filter(is_active=True, service=service)

        def covered(service) -> bool:
            annotated = getattr(service, "sla_policy_covered", None)  # a list's services
            if annotated is not None:
                return annotated
            return policies_of(service.pk).exists()

        def covered_annotation():
            from django.db.models import Exists, OuterRef

            return Exists(policies_of(OuterRef("pk")))

        # Managers may add an admission criterion of kind "system" with check "sla_policy".
        checklist.register(
            "sla_policy",
            _("An SLA policy covers the service"),
            covered,
            annotations={"sla_policy_covered": covered_annotation},
        )

    @staticmethod
    def _forget_policies_on_change() -> None:
        """Every process keeps the active policies (`sla.services.ACTIVE_POLICIES`): a saved
        or deleted policy or calendar (admin, API, pages, cascades) makes them load them
        again. Cache upkeep, not a workflow: the signals carry no business rule."""
        from django.db.models.signals import post_delete, post_save

        from sla.models import BusinessCalendar, SLAPolicy
        from sla.services import ACTIVE_POLICIES

        def changed(**kwargs: object) -> None:
            ACTIVE_POLICIES.changed()

        for model in (SLAPolicy, BusinessCalendar):
            for signal in (post_save, post_delete):
                uid = f"sla-policies-{model.__name__}"
                signal.connect(changed, sender=model, weak=False, dispatch_uid=uid)
