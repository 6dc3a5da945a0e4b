"""common.pages: the one way a refusal becomes page messages or form errors."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from catalog.models import Service
from common import pages
from common.errors import Conflict, DomainError
from incidents import services as ticket_services
from satisfaction.services import Invalid as SurveyInvalid
from tests import factories


class CommentForm(forms.Form):
    comment = forms.CharField(label="Your comment", required=False)


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _messages(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (Conflict("The ticket is closed."), ["The ticket is closed."]),
        (DomainError("Too long.", field="title"), ["Title: Too long."]),
        (
            ticket_services.Invalid({"version": "A whole number is required."}),
            ["Version: A whole number is required."],
        ),
        (
            DomainError({"form_data": {"serial_number": ["Enter a serial."]}}),
            ["Serial number: Enter a serial."],
        ),
        (
            DomainError({"non_field_errors": ["Pick one."], "detail": "No."}),
            ["Pick one.", "No."],
        ),
        (ValidationError("Not valid JSON."), ["Not valid JSON."]),
        (ValidationError({"code": ["Taken."]}), ["Code: Taken."]),
        (PermissionDenied(), ["You are not allowed to do this."]),
    ],
)
def test_error_messages_flatten_every_refusal(exc, expected):
    assert pages.error_messages(exc) == expected


def test_a_dict_detail_never_prints_as_a_python_dict():
    texts = pages.error_messages(DomainError({"form_data": {"a": ["x"]}, "title": ["y"]}))
    assert not any("{" in text or "[" in text for text in texts)


def test_show_error_puts_field_errors_on_the_form_and_the_rest_in_messages():
    request = _request()
    form = CommentForm({"comment": "hi"})
    assert form.is_valid()
    pages.show_error(
        request, SurveyInvalid({"comment": "At most 10 characters.", "rating": "Choose a rating."})
    )
    assert _messages(request) == ["Comment: At most 10 characters.", "Rating: Choose a rating."]
    request = _request()
    pages.show_error(
        request, SurveyInvalid({"comment": "At most 10 characters.", "rating": "Choose."}), form
    )
    assert form.errors == {"comment": ["At most 10 characters."]}
    assert _messages(request) == ["Rating: Choose."]


def test_show_form_errors_names_the_fields_label():
    request = _request()
    form = CommentForm({"comment": "x"})
    form.is_valid()
    form.add_error("comment", "Too short.")
    form.add_error(None, "Try again.")
    pages.show_form_errors(request, form)
    assert _messages(request) == ["Your comment: Too short.", "Try again."]


@pytest.mark.django_db
def test_the_catalog_page_shows_a_dict_refusal_as_sentences(client, requester, monkeypatch):
    """The portal's guided form used to print `str(exc.detail)`: a Python dict."""
    service = factories.ServiceFactory(name="Printing")
    Service.objects.filter(pk=service.pk).update(status="published")
    item = factories.CatalogItemFactory(
        service=service,
        kind="incident",
        form_schema=[{"name": "symptom", "label": "Symptom", "type": "text"}],
    )

    def refuse(actor, new):
        raise ticket_services.Invalid(
            {"form_data": {"symptom": ["Say more."]}, "urgency": ["Choose 1 to 5."]}
        )

    monkeypatch.setattr(ticket_services, "create_ticket", refuse)
    client.force_login(requester)
    response = client.post(
        f"/portal/catalog/{item.pk}/", {"f-symptom": "Jam", "description": "Tray 2"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Say more." in html and "Urgency: Choose 1 to 5." in html
    assert "{&#x27;" not in html and "{'" not in html and "[&#x27;" not in html
