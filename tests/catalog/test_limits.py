"""The catalog's lengths are constants of catalog.models, read by the API, forms and pages."""

from pathlib import Path

import pytest
from django.conf import settings

from catalog import forms, models
from catalog.api import serializers
from tests import factories


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        (models.ServiceTransition._meta.get_field("reason"), models.TRANSITION_REASON_MAX),
        (serializers.TransitionSerializer().fields["reason"], models.TRANSITION_REASON_MAX),
        (forms.ReasonForm.base_fields["reason"], models.TRANSITION_REASON_MAX),
        (models.AdmissionTick._meta.get_field("note"), models.TICK_NOTE_MAX),
        (serializers.TickSerializer().fields["note"], models.TICK_NOTE_MAX),
    ],
)
def test_each_reason_and_note_field_takes_its_constant(field, limit):
    assert field.max_length == limit


@pytest.mark.django_db
def test_the_service_page_reads_the_reason_limit(client, manager):
    service = factories.ServiceFactory()
    models.Service.objects.filter(pk=service.pk).update(status=models.ServiceStatus.REVIEW)
    client.force_login(manager)
    page = client.get(f"/catalog/manage/{service.pk}/").content.decode()
    assert f'name="reason" required maxlength="{models.TRANSITION_REASON_MAX}"' in page
    template = Path(settings.BASE_DIR, "catalog/templates/catalog/service_detail.html")
    assert str(models.TRANSITION_REASON_MAX) not in template.read_text()
