"""The admission checklist every new desk starts with (managers may change it)."""

from django.db import migrations

from catalog.defaults import ensure_admission_criteria


def create(apps, schema_editor):
    ensure_admission_criteria(apps.get_model("catalog", "AdmissionCriterion"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
