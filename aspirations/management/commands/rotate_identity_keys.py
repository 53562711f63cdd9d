"""Re-seal every reporter identity with the current key (the first of NGOPI_IDENTITY_KEYS).

Rotation: put the new key in front (``NGOPI_IDENTITY_KEYS=new,old``), restart, run this command,
then drop the old key once it reports no row left on it (docs/privacy.md).
"""

from django.core.management.base import BaseCommand

from aspirations.services.privacy import RESEAL_BATCH, reseal_identities


class Command(BaseCommand):
    help = "Re-encrypt every stored reporter identity with the current key of NGOPI_IDENTITY_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=RESEAL_BATCH, help="rows per transaction")

    def handle(self, *args, batch, **options):
        report = reseal_identities(batch=batch)
        self.stdout.write(
            f"re-encrypted: {report.resealed}, already on the current key: {report.current}, "
            f"unreadable with the configured keys: {report.unreadable}"
        )
        if report.unreadable:
            self.stderr.write(
                self.style.WARNING(
                    f"{report.unreadable} identities open with none of the configured keys: "
                    "keep every old key in NGOPI_IDENTITY_KEYS until this count is 0."
                )
            )
