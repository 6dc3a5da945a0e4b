"""Ship the service levels a new desk starts with (sla/defaults.py): a "Standard office
hours" calendar with this and next year's official Chinese holidays, and one policy per
priority. A desk that already has a policy for a priority keeps it."""

from django.db import migrations
from django.utils import timezone


def create_defaults(apps, schema_editor):
    from sla import defaults

    defaults.create(
        apps.get_model("sla", "BusinessCalendar"),
        apps.get_model("sla", "SLAPolicy"),
        timezone.localdate().year,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0005_report_scale_indexes"),
    ]

    # Reversing keeps the rows: managers may have edited them since.
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
