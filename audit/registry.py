"""The configuration whose every change is audited: the models with a change history
(django-simple-history, actor from HistoryRequestMiddleware) that admins and managers
configure. Operational records (tickets, CIs) keep their own histories."""

from django.apps import apps
from django.db.models import Model

AUDITED = (
    "accounts.User",
    "accounts.SupportGroup",
    "accounts.CustomerUnit",
    "catalog.ServiceCategory",
    "catalog.Service",
    "catalog.CatalogItem",
    "catalog.AdmissionCriterion",
    "sla.BusinessCalendar",
    "sla.SLAPolicy",
    "satisfaction.SurveyRule",
    "incidents.ResolutionCode",
    "inbound.Mailbox",
    "inbound.Integration",
)

# Bookkeeping, not configuration: never shown as a change.
IGNORED_FIELDS = frozenset(
    {
        "updated_at",
        "created_at",
        "last_login",
        "password",
        # a mailbox's and an integration's secrets and polling bookkeeping (inbound)
        "token_hash",
        "uid_validity",
        "last_uid",
        "last_polled_at",
        "last_error",
        "last_alert_at",
    }
)


def label(model: type[Model]) -> str:
    return model._meta.label_lower


def audited_models() -> dict[str, type[Model]]:
    """`{"sla.slapolicy": SLAPolicy, ...}` in the order above."""
    return {name.lower(): apps.get_model(name) for name in AUDITED}
