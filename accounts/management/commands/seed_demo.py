"""`manage.py seed_demo`: demo data for every app, idempotent (safe to run again)."""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: later apps refer to what earlier ones created.
DEMO_APPS = [
    "accounts",
    "assets",
    "catalog",
    "sla",
    "incidents",
    "maintenance",
    "approvals",
    "satisfaction",
    "inbound",
    "knowledge",
]


class Command(BaseCommand):
    help = "Create or refresh the demo data (users per role, groups, catalog, CMDB, tickets)."

    def handle(self, *args, **options):
        for label in DEMO_APPS:
            if not apps.is_installed(label):
                continue
            try:
                module = importlib.import_module(f"{label}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{label}.demo":
                    raise
                continue
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
