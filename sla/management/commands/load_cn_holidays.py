"""`manage.py load_cn_holidays 2026 --calendar "Shanghai office"`."""

from django.core.management.base import BaseCommand, CommandError

from common.inputs import DATE_MAX, DATE_MIN, parse_id
from sla.models import BusinessCalendar
from sla.services import load_official_holidays


class Command(BaseCommand):
    help = "Merge a year's official Chinese holidays and make-up working days into a calendar."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--calendar", required=True, help="calendar id or name")

    def handle(self, *args, year, calendar, **options):
        if not DATE_MIN.year <= year <= DATE_MAX.year:
            raise CommandError(f"Give a year between {DATE_MIN.year} and {DATE_MAX.year}.")
        pk = parse_id(calendar)
        lookup = {"pk": pk} if pk is not None else {"name": calendar}
        target = BusinessCalendar.objects.filter(**lookup).first()
        if target is None:
            raise CommandError(f"No calendar {calendar!r}.")
        holidays, workdays = load_official_holidays(target, year)
        self.stdout.write(
            f"{target}: {holidays} holidays and {workdays} make-up days added for {year}"
        )
