"""Who may read and write knowledge articles (docs/api.md's role table), on accounts.roles.

- anonymous users: nothing;
- requesters: published public articles only (read, vote, mark solved);
- agents: every article (internal ones and drafts too); write and edit drafts, submit them,
  make a draft from a ticket, link articles to tickets;
- managers and admins: also publish and retire (knowledge.workflow's `min_role`).
"""

from typing import TYPE_CHECKING

from accounts import roles
from knowledge import workflow

if TYPE_CHECKING:
    from accounts.roles import Person
    from knowledge.models import Article


def sees_unpublished(user: "Person") -> bool:
    """Drafts, reviews, retired and internal articles: the staff side."""
    return roles.is_agent(user)


def can_read(user: "Person", article: "Article") -> bool:
    if sees_unpublished(user):
        return True
    return (
        roles.has_role(user, roles.Role.REQUESTER)
        and article.status == workflow.PUBLISHED
        and article.visibility == "public"
    )


def can_write(user: "Person") -> bool:
    """Write new articles, edit existing ones, draft from a ticket, link to tickets."""
    return roles.is_agent(user)


def may_take(user: "Person", action: str) -> bool:
    """The role a lifecycle action needs (the table's row); not whether the status allows it."""
    row = workflow.ACTIONS.get(action)
    return row is not None and roles.has_role(user, row.min_role)


def can_give_feedback(user: "Person", article: "Article") -> bool:
    """Votes and "solved" are for published articles the reader may read."""
    return article.status == workflow.PUBLISHED and can_read(user, article)
