from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ngopi.areas.importing import import_areas


class Command(BaseCommand):
    help = "Import administrative areas from a CSV of official codes (see ngopi/areas/importing.py)."

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check the file, write nothing.")

    def handle(self, *args, csv_file: Path, dry_run: bool, **options):
        try:
            text = csv_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": csv_file, "error": exc}
            ) from exc
        result = import_areas(text, dry_run=dry_run)
        if not result.ok:
            raise CommandError(
                _("%(count)d error(s); nothing was imported:") % {"count": len(result.errors)}
                + "\n"
                + "\n".join(result.errors)
            )
        if dry_run:
            self.stdout.write(_("The file is valid; nothing was written (dry run)."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
            )
        )
