"""Remove the personal data of aspirations finished more than NGOPI_RETENTION_DAYS ago (what the
``aspirations.anonymise_finished`` beat task does every night); ``--dry-run`` only reports."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from aspirations import conf, selectors
from aspirations.services.privacy import anonymise_finished_aspirations


class Command(BaseCommand):
    help = "Anonymise finished aspirations past the retention period (--dry-run: report only)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="report what would be anonymised")

    def handle(self, *args, dry_run, **options):
        days = conf.get("NGOPI_RETENTION_DAYS")
        if days <= 0:
            self.stdout.write("NGOPI_RETENTION_DAYS is 0: retention is off, nothing is anonymised.")
            return
        now = timezone.now()
        if not dry_run:
            count = anonymise_finished_aspirations(now=now)
            self.stdout.write(f"anonymised: {count} aspirations finished more than {days} days ago")
            return
        report = selectors.retention_report(now=now)
        self.stdout.write(
            f"dry run: {report.total} aspirations finished more than {days} days ago would be "
            f"anonymised, {report.photos} photos removed"
        )
        if report.oldest is not None:
            self.stdout.write(f"oldest finished: {timezone.localtime(report.oldest):%Y-%m-%d %H:%M} WIB")
        for unit, count in report.by_unit:
            self.stdout.write(f"  {unit}: {count}")
