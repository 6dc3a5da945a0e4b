"""The rules of incidents.rules for templates: `{% load ticket_rules %}`, then
`maxlength="{% text_max %}"` or `{% if ticket.status|accepts_public_replies %}`."""

from django import template

from incidents import rules

register = template.Library()


@register.simple_tag
def title_max() -> int:
    return rules.TITLE_MAX


@register.simple_tag
def text_max() -> int:
    return rules.TEXT_MAX


@register.simple_tag
def reason_max() -> int:
    return rules.REASON_MAX


@register.filter
def accepts_public_replies(status: str) -> bool:
    return rules.accepts_public_replies(status)


@register.filter
def accepts_edits(status: str) -> bool:
    return rules.accepts_edits(status)
