from django import template

from approvals import queries

register = template.Library()


@register.simple_tag
def ticket_approvals(ticket):
    """The ticket's approval chain (no query for a ticket that never needed approval)."""
    if ticket is None or ticket.approval_state == "not_required":
        return []
    return queries.chain_of(ticket.pk)


@register.simple_tag
def delegation_form(user):
    """The profile's delegation form, filled with the user's current delegation."""
    from approvals.forms import DelegationForm

    return DelegationForm(
        initial={"delegate": user.delegate_id, "delegate_until": user.delegate_until}, user=user
    )


@register.simple_tag
def preview_form():
    from approvals.forms import PreviewForm

    return PreviewForm()


@register.simple_tag
def step_choices():
    """The groups and people a step may name (the steps builder's choices)."""
    return {"groups": queries.group_choices(), "users": queries.user_choices()}
