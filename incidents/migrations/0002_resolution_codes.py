"""The resolution codes of API.md; admins may add more."""

from django.db import migrations

from incidents.defaults import ensure_resolution_codes


def create(apps, schema_editor):
    ensure_resolution_codes(apps.get_model("incidents", "ResolutionCode"))


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
