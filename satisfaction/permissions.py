"""Who may see surveys and follow-ups (docs/api.md role table), in terms of accounts.roles.

- requesters never list surveys (403); they answer their own through the signed link and
  see their own answer on their ticket page;
- agents see the surveys of their groups' tickets and of tickets they resolved;
- managers and admins see every survey and every follow-up (reports are theirs);
- a follow-up is done by its manager, a manager of its group, or an admin; a follow-up
  whose group had no manager belongs to the admins.
"""

from typing import TYPE_CHECKING

from accounts import roles

if TYPE_CHECKING:
    from accounts.roles import RequestUser
    from incidents.models import Ticket
    from satisfaction.models import FollowUp


def can_list_surveys(user: "RequestUser") -> bool:
    return roles.is_agent(user)


def can_see_follow_ups(user: "RequestUser") -> bool:
    return roles.is_manager(user)


def can_complete_follow_up(user: "RequestUser", follow_up: "FollowUp") -> bool:
    if roles.is_admin(user):
        return True
    if not roles.is_manager(user) or follow_up.manager_id is None:
        return False
    return follow_up.manager_id == user.pk or follow_up.group_id in roles.managed_group_ids(user)


def sees_survey_of(user: "RequestUser", ticket: "Ticket") -> bool:
    """The survey panel of a ticket page: staff, and the ticket's own requester."""
    return roles.is_agent(user) or ticket.requester_id == user.pk
