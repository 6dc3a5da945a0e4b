"""Answering a survey: through the API or the public page, once, with a sound token and a
rating from 1 to 5; everything else is a clear 400 (or a kind page) and stores nothing."""

import datetime

import pytest
from django.core import signing
from django.utils import timezone

from satisfaction import services
from satisfaction.models import FollowUp, Survey, SurveyStatus
from tests import factories

pytestmark = pytest.mark.django_db

RESPOND = "/api/v1/surveys/respond/"


@pytest.fixture
def survey(requester, group, agent):
    ticket = factories.TicketFactory(
        requester=requester, assignment_group=group, assignee=agent, status="resolved"
    )
    return factories.SurveyFactory(ticket=ticket)


@pytest.fixture
def token(survey):
    return services.make_token(survey)


def _answer(api_client, token, rating=5, comment="Quick and friendly", **extra):
    return api_client.post(RESPOND, {"token": token, "rating": rating, "comment": comment, **extra})


def _unchanged(survey):
    survey.refresh_from_db()
    return (survey.status, survey.rating, survey.responded_at, survey.comment) == (
        SurveyStatus.SENT,
        None,
        None,
        "",
    )


def test_an_anonymous_answer_with_the_token_is_recorded(api_client, survey, token):
    response = _answer(api_client, token, rating=4)
    assert response.status_code == 200, response.json()
    assert response.json()["rating"] == 4
    survey.refresh_from_db()
    assert (survey.status, survey.rating, survey.comment) == ("answered", 4, "Quick and friendly")


def test_a_token_works_once(api_client, survey, token):
    assert _answer(api_client, token, rating=5).status_code == 200
    again = _answer(api_client, token, rating=1, comment="changed my mind")
    assert again.status_code == 400
    assert again.json() == {"token": ["This survey has already been answered. Thank you."]}
    survey.refresh_from_db()
    assert (survey.rating, survey.comment) == (5, "Quick and friendly")
    assert not FollowUp.objects.exists()


def test_an_expired_token_is_refused(api_client, survey, token):
    Survey.objects.filter(pk=survey.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    response = _answer(api_client, token)
    assert response.status_code == 400
    assert response.json() == {"token": ["This survey link has expired."]}
    assert _unchanged(survey)


def _tampered(token: str, survey=None) -> str:
    payload, sig = token.rsplit(":", 1)
    return f"{payload}:{'A' if sig[0] != 'A' else 'B'}{sig[1:]}"


@pytest.mark.parametrize(
    "make_bad",
    [
        pytest.param(lambda t, s: t[:-3], id="truncated"),
        pytest.param(lambda t, s: t[: len(t) // 2], id="cut-in-half"),
        pytest.param(_tampered, id="signature-changed"),
        pytest.param(lambda t, s: "x" * 40, id="garbage"),
        pytest.param(lambda t, s: "", id="empty"),
        pytest.param(lambda t, s: "é" * 500, id="very-long"),
        pytest.param(
            lambda t, s: signing.dumps([s.pk, s.nonce], salt="another.salt"), id="other-salt"
        ),
        pytest.param(
            lambda t, s: signing.dumps([s.pk, "guessed-nonce"], salt=services.TOKEN_SALT),
            id="wrong-nonce",
        ),
        pytest.param(
            lambda t, s: signing.dumps({"id": s.pk}, salt=services.TOKEN_SALT), id="wrong-shape"
        ),
    ],
)
def test_forged_or_truncated_tokens_are_refused(api_client, survey, token, make_bad):
    response = _answer(api_client, make_bad(token, survey))
    assert response.status_code == 400
    assert list(response.json()) == ["token"]
    assert _unchanged(survey)


def test_a_token_of_another_ticket_answers_only_that_ticket(api_client, survey, requester):
    other = factories.SurveyFactory(
        ticket=factories.TicketFactory(requester=requester, status="resolved")
    )
    # The id of this survey with the nonce of the other: a signed but mixed-up token.
    mixed = signing.dumps([survey.pk, other.nonce], salt=services.TOKEN_SALT)
    assert _answer(api_client, mixed).status_code == 400
    assert _answer(api_client, services.make_token(other), rating=3).status_code == 200
    assert _unchanged(survey)
    other.refresh_from_db()
    assert other.rating == 3


def test_a_scheduled_surveys_token_is_not_valid_yet(api_client, survey):
    Survey.objects.filter(pk=survey.pk).update(
        status=SurveyStatus.SCHEDULED, sent_at=None, expires_at=None
    )
    assert _answer(api_client, services.make_token(survey)).status_code == 400


@pytest.mark.parametrize(
    "rating",
    [0, 6, -1, "5", "five", None, 4.5, True, [5], {"value": 5}],
    ids=repr,
)
def test_ratings_outside_one_to_five_are_400(api_client, survey, token, rating):
    response = _answer(api_client, token, rating=rating)
    assert response.status_code == 400
    assert list(response.json()) == ["rating"]
    assert _unchanged(survey)


def test_a_missing_rating_is_400(api_client, survey, token):
    response = api_client.post(RESPOND, {"token": token})
    assert response.status_code == 400 and "rating" in response.json()
    assert _unchanged(survey)


def test_a_one_megabyte_comment_is_400_and_stores_nothing(api_client, survey, token):
    response = _answer(api_client, token, comment="x" * 1_000_000)
    assert response.status_code == 400
    assert list(response.json()) == ["comment"]
    assert _unchanged(survey)


def test_unknown_fields_are_refused(api_client, survey, token):
    response = _answer(api_client, token, responded_at="2020-01-01T00:00:00Z")
    assert response.status_code == 400 and "responded_at" in response.json()
    assert _unchanged(survey)


def test_errors_follow_accept_language(api_client, survey, token):
    response = api_client.post(
        RESPOND, {"token": token, "rating": 9}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert "1" in response.json()["rating"][0] and "评分" in response.json()["rating"][0]


def test_html_in_the_comment_is_stored_as_typed(api_client, survey, token):
    comment = "<script>alert('x')</script><b>slow</b>"
    assert _answer(api_client, token, rating=3, comment=comment).status_code == 200
    survey.refresh_from_db()
    assert survey.comment == comment  # stored verbatim, escaped wherever it is shown


# --- the public page ------------------------------------------------------------------------


def test_the_page_works_without_login_and_the_rating_link_only_preselects(client, survey, token):
    response = client.get(f"/survey/{token}/?rating=2")
    assert response.status_code == 200
    html = response.content.decode()
    assert survey.ticket.number in html
    assert 'value="2" checked' in html
    assert response["Cache-Control"].startswith("max-age=0")
    assert _unchanged(survey)  # a mail scanner following the link records nothing


def test_posting_the_page_records_and_thanks(client, survey, token):
    response = client.post(f"/survey/{token}/", {"rating": "5", "comment": "Great"})
    assert response.status_code == 302
    assert response["Location"] == f"/survey/{token}/thanks/"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and b"Thank you" in thanks.content
    survey.refresh_from_db()
    assert (survey.rating, survey.comment) == (5, "Great")
    again = client.get(f"/survey/{token}/")
    assert again.status_code == 400
    assert b"already been answered" in again.content


@pytest.mark.parametrize("rating", ["0", "6", "", "abc", "5.0"])
def test_the_page_refuses_bad_ratings_kindly(client, survey, token, rating):
    response = client.post(f"/survey/{token}/", {"rating": rating})
    assert response.status_code == 400
    assert b"Choose a rating from 1 to 5" in response.content
    assert _unchanged(survey)


def test_the_page_refuses_a_huge_comment(client, survey, token):
    response = client.post(f"/survey/{token}/", {"rating": "4", "comment": "x" * 1_000_000})
    assert response.status_code == 400
    assert _unchanged(survey)


@pytest.mark.parametrize(
    ("make_bad", "kind", "text"),
    [
        (lambda t: t[:-4], "invalid", b"cannot open this survey"),
        (lambda t: "forged:token", "invalid", b"cannot open this survey"),
    ],
)
def test_forged_links_get_a_kind_page(client, token, make_bad, kind, text):
    response = client.get(f"/survey/{make_bad(token)}/")
    assert response.status_code == 400
    assert f'data-kind="{kind}"'.encode() in response.content and text in response.content


def test_an_expired_link_gets_a_kind_page(client, survey, token):
    Survey.objects.filter(pk=survey.pk).update(expires_at=timezone.now())
    response = client.get(f"/survey/{token}/")
    assert response.status_code == 400 and b"has expired" in response.content


def test_the_page_speaks_the_requesters_language(client, survey, token):
    survey.requester.language = "zh-hans"
    survey.requester.save()
    response = client.get(f"/survey/{token}/")
    assert "非常满意" in response.content.decode()


def test_the_thanks_page_of_an_unanswered_survey_goes_back_to_the_form(client, token):
    response = client.get(f"/survey/{token}/thanks/")
    assert response.status_code == 302 and response["Location"] == f"/survey/{token}/"
