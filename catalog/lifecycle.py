"""The admission lifecycle of a service, as data: action → from-states → to-state.

Read by the service functions (to allow or refuse), the API (which actions exist) and
the pages (which buttons to show). Every action needs a manager or an admin.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from catalog.models import ServiceStatus


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    label: object
    needs_reason: bool = False
    needs_checklist: bool = False


TRANSITIONS = {
    t.action: t
    for t in (
        Transition(
            "submit", frozenset({ServiceStatus.DRAFT}), ServiceStatus.REVIEW, _("Submit for review")
        ),
        Transition(
            "return",
            frozenset({ServiceStatus.REVIEW}),
            ServiceStatus.DRAFT,
            _("Return to draft"),
            needs_reason=True,
        ),
        Transition(
            "publish",
            frozenset({ServiceStatus.REVIEW}),
            ServiceStatus.PUBLISHED,
            _("Publish"),
            needs_checklist=True,
        ),
        Transition(
            "retire",
            frozenset({ServiceStatus.PUBLISHED}),
            ServiceStatus.RETIRED,
            _("Retire"),
            needs_reason=False,
        ),
    )
}


def available(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]
