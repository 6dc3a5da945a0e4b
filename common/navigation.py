"""The sections of the top navigation, registered by each app in its AppConfig.ready().

A section appears only to users whose role reaches `min_role`; `home_for` names the roles
that land on it after login (the first registered wins).
"""

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypedDict

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string

from accounts import roles

if TYPE_CHECKING:
    from accounts.roles import RequestUser


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    url_name: str
    icon: str
    min_role: str
    order: int = 100
    home_for: tuple[str, ...] = field(default_factory=tuple)
    # Dotted path of `(user) -> int`: a count shown on the entry (cached by its owner).
    badge: str = ""
    count: int = 0

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.key] = section


def sections_for(user: "RequestUser") -> list[Section]:
    if not user.is_authenticated:
        return []
    return sorted(
        (s for s in _sections.values() if roles.has_role(user, s.min_role)),
        key=lambda s: s.order,
    )


def home_url_for(user: "RequestUser") -> str:
    """Where a user lands after login: their role's section, else their profile."""
    role = roles.role_of(user)
    for section in sections_for(user):
        if role in section.home_for:
            return section.url
    return reverse("accounts:profile")


class NavContext(TypedDict, total=False):
    nav_sections: list[Section]
    nav_active: str | None
    nav_api_docs: bool


def context_processor(request: HttpRequest) -> NavContext:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": []}
    path = request.path
    sections = [
        replace(s, count=import_string(s.badge)(user)) if s.badge else s for s in sections_for(user)
    ]
    # The most specific section wins: /portal/tickets/ over /portal/.
    matches = [s for s in sections if path.startswith(s.url) and s.url != "/"]
    active = max(matches, key=lambda s: len(s.url)).key if matches else None
    # The API documentation is a tool for staff and integrators, not for requesters.
    return {"nav_sections": sections, "nav_active": active, "nav_api_docs": roles.is_agent(user)}
