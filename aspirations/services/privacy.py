"""Privacy housekeeping: re-sealing reporter identities under the current key."""

from dataclasses import dataclass

from cryptography.fernet import InvalidToken
from django.db import transaction

from .. import identity
from ..models import Aspiration

RESEAL_BATCH = 500


@dataclass
class ResealReport:
    resealed: int = 0  # sealed with an older key, now with the current one
    current: int = 0  # sealed with the current key already: left alone
    unreadable: int = 0  # opened by no configured key: left alone (and worth a look)


def reseal_identities(*, batch: int = RESEAL_BATCH) -> ResealReport:
    """Re-seal every stored identity with the current (first) key of NGOPI_IDENTITY_KEYS,
    ``batch`` rows per transaction, walking the table by id. Running it again changes nothing."""
    report = ResealReport()
    after = 0
    while True:
        with transaction.atomic():
            rows = list(
                Aspiration.objects.exclude(reporter_identity="")
                .filter(pk__gt=after)
                .select_for_update()
                .order_by("pk")
                .only("pk", "reporter_identity")[:batch]
            )
            if not rows:
                return report
            after = rows[-1].pk
            changed = []
            for row in rows:
                if identity.is_current(row.reporter_identity):
                    report.current += 1
                    continue
                try:
                    row.reporter_identity = identity.reseal(row.reporter_identity)
                except InvalidToken:
                    report.unreadable += 1
                    continue
                changed.append(row)
            Aspiration.objects.bulk_update(changed, ["reporter_identity"])
            report.resealed += len(changed)
