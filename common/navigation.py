"""The sections of the top navigation, registered by each app in its AppConfig.ready().

A section appears only to users whose role reaches `min_role`; `home_for` names the roles
that land on it after login (the first registered wins). A section may belong to a menu
(`MENUS`): when someone sees more than `FLAT_MAX` sections, the sections of each menu fold
into one dropdown, so a manager's bar stays one line while a requester's stays flat.
"""

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypedDict

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

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
    # A key of MENUS: the dropdown this section folds into on a crowded bar.
    menu: str = ""
    is_menu = False

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Menu:
    """A dropdown of the navigation bar holding several sections."""

    key: str
    label: str | Promise
    icon: str
    sections: tuple[Section, ...]
    active: bool = False
    is_menu = True

    @property
    def count(self) -> int:
        return sum(s.count for s in self.sections)


# The dropdowns, in the order of their first section: (label, icon).
MENUS: dict[str, tuple[str | Promise, str]] = {
    "self-service": (_("Self-service"), "bi-house-heart"),
    "manage": (_("Service management"), "bi-sliders"),
}
# Up to this many sections, every section shows on the bar itself.
FLAT_MAX = 7

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


def entries(sections: list[Section], active: str | None) -> list[Section | Menu]:
    """The bar's entries: the sections, folded into their menus when there are too many
    (a menu of one section shows that section)."""
    if len(sections) <= FLAT_MAX:
        return list(sections)
    grouped: dict[str, list[Section]] = {}
    for section in sections:
        if section.menu in MENUS:
            grouped.setdefault(section.menu, []).append(section)
    result: list[Section | Menu] = []
    placed: set[str] = set()
    for section in sections:
        members = grouped.get(section.menu, [])
        if len(members) < 2:
            result.append(section)
        elif section.menu not in placed:
            placed.add(section.menu)
            label, icon = MENUS[section.menu]
            keys = {m.key for m in members}
            result.append(Menu(section.menu, label, icon, tuple(members), active in keys))
    return result


class NavContext(TypedDict, total=False):
    nav_sections: list[Section]
    nav_entries: list[Section | Menu]
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
    return {
        "nav_sections": sections,
        "nav_entries": entries(sections, active),
        "nav_active": active,
        "nav_api_docs": roles.is_agent(user),
    }
