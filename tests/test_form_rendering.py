"""common.forms: every field renders from its Form class through templates/_field.html."""

import re

import pytest
from django import forms

from catalog.formschema import build_form


class SampleForm(forms.Form):
    title = forms.CharField(label="Title", max_length=20)
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")])
    notes = forms.CharField(
        label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "mono"})
    )
    urgent = forms.BooleanField(label="Urgent", required=False)


def test_a_field_group_is_django_widget_with_bootstrap_classes():
    form = SampleForm()
    title = form["title"].as_field_group()
    assert 'class="form-label" for="id_title">Title</label>' in title
    assert 'class="form-control"' in title and 'maxlength="20"' in title
    assert 'aria-hidden="true">*</span>' in title  # required, said beside the label
    assert " required" not in title  # the server's translated error is what is read
    assert 'class="form-select"' in form["kind"].as_field_group()
    notes = form["notes"].as_field_group()
    assert 'class="mono form-control"' in notes and 'rows="2"' in notes and "*</span>" not in notes
    urgent = form["urgent"].as_field_group()
    assert 'class="form-check-input"' in urgent and "form-check-label" in urgent


def test_errors_mark_the_input_and_are_described_by_id():
    form = SampleForm({"title": "", "kind": "z"})
    assert not form.is_valid()
    title = form["title"].as_field_group()
    assert 'class="form-control is-invalid"' in title
    assert 'aria-describedby="id_title_error"' in title and 'id="id_title_error"' in title
    assert "This field is required." in title


def test_the_guided_form_uses_its_own_field_template():
    schema = [{"name": "serial", "label": "Serial", "type": "text", "required": True}]
    html = build_form(schema, None)["serial"].as_field_group()
    assert "fw-medium" in html and 'name="f-serial"' in html and "*</span>" in html
    assert " required" not in html


@pytest.mark.django_db
def test_the_desk_ticket_forms_render_from_their_form_classes(client, agent, group, requester):
    from tests import factories

    ticket = factories.TicketFactory(requester=requester, assignment_group=group, status="assigned")
    client.force_login(agent)
    html = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    reply = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", html).group(0)
    # The reply box: CommentForm's widget, through _field.html (label for its id).
    assert 'id="reply"' in reply and 'data-shortcut="r"' in reply and 'name="body"' in reply
    assert 'data-testid="desk-reply"' in reply and " required" not in reply
    assert 'class="form-label" for="reply">' in html
    # The edit panel: TicketEditForm's hidden fields carry the version and the opening time.
    version = re.search(r'<input type="hidden" name="version"[^>]*id="id_version"[^>]*>', html)
    assert f'value="{ticket.version}"' in version.group(0)
    opened = re.search(r'<input type="hidden" name="opened_at"[^>]*>', html).group(0)
    assert re.search(r'value="\d{4}-\d\d-\d\dT\d\d:\d\d', opened)
    assert 'for="id_promised_reply_at"' in html and 'for="id_callback_phone"' in html
