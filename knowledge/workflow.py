"""The article lifecycle as one table: draft → review → published → retired.

Each row names an action, the statuses it leaves from, the status it goes to and the
lowest role that may take it. The service (knowledge.services.transition), the API routes
(knowledge.api.views), the page buttons (knowledge/article.html) and the permission check
(knowledge.permissions.may_take) all read `ACTIONS`; nothing else compares statuses.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role

DRAFT, REVIEW, PUBLISHED, RETIRED = "draft", "review", "published", "retired"
STATUSES = (DRAFT, REVIEW, PUBLISHED, RETIRED)
# Statuses whose article may still be edited (a retired one is kept as it was).
EDITABLE = (DRAFT, REVIEW, PUBLISHED)


@dataclass(frozen=True)
class Action:
    name: str
    sources: tuple[str, ...]
    target: str
    min_role: str
    label: Promise
    style: str = "primary"

    def allows(self, status: str) -> bool:
        return status in self.sources


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action("submit", (DRAFT,), REVIEW, Role.AGENT, _("Submit for review")),
        # A published article edited since is published again: that keeps a new version.
        Action(
            "publish", (DRAFT, REVIEW, PUBLISHED), PUBLISHED, Role.MANAGER, _("Publish"), "success"
        ),
        Action("retire", (PUBLISHED,), RETIRED, Role.MANAGER, _("Retire"), "outline-danger"),
    )
}
