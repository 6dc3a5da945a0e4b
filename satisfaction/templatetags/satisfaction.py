"""`{% ticket_surveys ticket as surveys %}`: the survey panel's data for a ticket page, so
the ticket views need no change (used by satisfaction/_ticket_survey.html)."""

from django import template

from incidents.models import Status
from satisfaction import permissions, queries, services
from satisfaction.forms import RATING_LABELS
from satisfaction.models import SurveyState, WithdrawnReason

register = template.Library()


@register.simple_tag(takes_context=True)
def ticket_surveys(context, ticket) -> list[dict]:
    """The ticket's surveys, newest resolution first, as the viewer may see them: staff see
    every state and answer; the requester sees their own answer, and a link to answer."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not permissions.sees_survey_of(user, ticket):
        return []
    own = ticket.requester_id == user.pk
    can_open = permissions.can_see_follow_ups(user)
    rows = []
    for survey in queries.surveys_of_ticket(ticket):
        state = survey.state
        if state == SurveyState.SCHEDULED and not _still_due(ticket, survey):
            # The send task will withdraw it: say so now rather than "goes out at …".
            survey.withdrawn_reason = WithdrawnReason.REOPENED
            state = SurveyState.WITHDRAWN
        if own and state in (SurveyState.SCHEDULED, SurveyState.WITHDRAWN):
            continue  # nothing to show the requester before a survey reaches them
        rows.append(
            {
                "survey": survey,
                "state": state,
                "state_label": SurveyState(state).label,
                "rating_label": RATING_LABELS.get(survey.rating, ""),
                "answer_url": f"/survey/{services.make_token(survey)}/"
                if own and state == SurveyState.SENT
                else "",
                "follow_up": getattr(survey, "follow_up", None),
                "own": own,
                "can_open_follow_up": can_open,
            }
        )
    return rows


def _still_due(ticket, survey) -> bool:
    return (
        ticket.status in (Status.RESOLVED, Status.CLOSED)
        and ticket.reopen_count + 1 == survey.resolution
    )


@register.filter
def stars(rating) -> str:
    """★★★☆☆ for 3 (plain characters, no markup)."""
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        return ""
    return "★" * rating + "☆" * (5 - rating)
