"""`manage.py load_cn_holidays 2026 --calendar "Shanghai office"`."""

from django.core.management.base import BaseCommand, CommandError

from sla.models import BusinessCalendar
from sla.services import load_official_holidays


class Command(BaseCommand):
    help = "Merge a year's official Chinese holidays and make-up working days into a calendar."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--calendar", required=True, help="calendar id or name")

    def handle(self, *args, year, calendar, **options):
        if not 2000 <= year <= 2100:
            raise CommandError("Give a year between 2000 and 2100.")
        lookup = {"pk": int(calendar)} if calendar.isdigit() else {"name": calendar}
        target = BusinessCalendar.objects.filter(**lookup).first()
        if target is None:
            raise CommandError(f"No calendar {calendar!r}.")
        holidays, workdays = load_official_holidays(target, year)
        self.stdout.write(
            f"{target}: {holidays} holidays and {workdays} make-up days added for {year}"
        )
