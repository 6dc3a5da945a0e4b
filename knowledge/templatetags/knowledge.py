"""Template helpers of the knowledge base: excerpts, the desk ticket panel's data."""

from django import template

from knowledge import markdown, permissions, queries
from knowledge.forms import LinkArticleForm

register = template.Library()


@register.filter
def excerpt(body: str) -> str:
    return markdown.plain_excerpt(body)


@register.simple_tag(takes_context=True)
def ticket_knowledge(context, ticket) -> dict:
    """The desk ticket panel: linked articles, suggestions, and what the user may do."""
    user = context["request"].user
    if not permissions.can_write(user):
        return {"show": False}
    # The panel and the resolve form both ask: work it out once per ticket and request.
    cache = ticket.__dict__.setdefault("_knowledge_panel", {})
    if "panel" not in cache:
        cache["panel"] = {
            "show": True,
            "linked": queries.linked_articles(user, ticket),
            "suggested": queries.ticket_suggestions(user, ticket),
            "link_form": LinkArticleForm(auto_id="link-%s"),
        }
    return cache["panel"]


@register.simple_tag
def knowledge_figures(scope) -> dict:
    """The dashboard's knowledge card: for the period `scope` (reports.scope.Scope)."""
    return {
        "solved": queries.deflections_per_article(scope.since, scope.until),
        "most_viewed": queries.top_viewed(),
        "least_helpful": queries.least_helpful(),
        "most_linked": queries.most_linked(),
    }
