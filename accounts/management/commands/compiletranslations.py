"""Compile every django.po into django.mo, with or without GNU gettext installed.

`make run` must work on a machine with nothing but Python, so when `msgfmt` is missing
the catalogs are compiled with polib instead of Django's compilemessages.
"""

import shutil
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

IGNORED = {".venv", "var", "node_modules", ".git"}


class Command(BaseCommand):
    help = "Compile the translation catalogs (msgfmt when available, else polib)."

    def handle(self, *args, **options):
        if shutil.which("msgfmt"):
            call_command("compilemessages", ignore=[f"{d}/*" for d in IGNORED], verbosity=0)
            self.stdout.write("translations compiled with msgfmt")
            return
        count = 0
        for po_path in Path(settings.BASE_DIR).rglob("LC_MESSAGES/*.po"):
            if IGNORED.intersection(po_path.relative_to(settings.BASE_DIR).parts):
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
            count += 1
        self.stdout.write(f"{count} translation catalogs compiled with polib")
