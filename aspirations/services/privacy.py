"""Privacy housekeeping: re-sealing reporter identities under the current key, and removing
personal data once the retention period is over (docs/privacy.md)."""

from dataclasses import dataclass
from datetime import datetime

from cryptography.fernet import InvalidToken
from django.db import transaction
from django.utils import timezone

from .. import identity, selectors
from ..enums import EntryKind
from ..models import Aspiration, AspirationPhoto, ChatConversation, ChatReport, TimelineEntry

RESEAL_BATCH = 500


@dataclass
class ResealReport:
    resealed: int = 0  # sealed with an older key, now with the current one
    current: int = 0  # sealed with the current key already: left alone
    unreadable: int = 0  # opened by no configured key: left alone (and worth a look)


def reseal_identities(*, batch: int = RESEAL_BATCH) -> ResealReport:
    """Re-seal every stored identity (reporters' identities and chat numbers) with the current
    (first) key of NGOPI_IDENTITY_KEYS, ``batch`` rows per transaction, walking each table by
    id. Running it again changes nothing."""
    report = ResealReport()
    for model, field in ((Aspiration, "reporter_identity"), (ChatConversation, "number_sealed")):
        _reseal_table(model, field, batch=batch, report=report)
    return report


def _reseal_table(model, field: str, *, batch: int, report: ResealReport) -> None:
    after = 0
    while True:
        with transaction.atomic():
            rows = list(
                model.objects.exclude(**{field: ""})
                .filter(pk__gt=after)
                .select_for_update()
                .order_by("pk")
                .only("pk", field)[:batch]
            )
            if not rows:
                return
            after = rows[-1].pk
            changed = []
            for row in rows:
                if identity.is_current(getattr(row, field)):
                    report.current += 1
                    continue
                try:
                    setattr(row, field, identity.reseal(getattr(row, field)))
                except InvalidToken:
                    report.unreadable += 1
                    continue
                changed.append(row)
            model.objects.bulk_update(changed, [field])
            report.resealed += len(changed)


# --- retention (UU PDP 27/2022) --------------------------------------------------------------

ANONYMISE_BATCH = 500


def anonymise_finished_aspirations(*, now: datetime | None = None, batch: int = ANONYMISE_BATCH) -> int:
    """Remove the personal data of the aspirations finished more than NGOPI_RETENTION_DAYS ago:
    the sealed reporter identity and the consent, and the photos (rows now, files once the
    transaction commits). The aspiration itself stays, with its description, place, timeline
    and figures; a public timeline row records the removal. ``batch`` rows per transaction;
    running it again finds nothing more to do. Returns how many aspirations were anonymised."""
    now = now or timezone.now()
    done = 0
    while True:
        count = _anonymise_batch(now=now, batch=batch)
        if not count:
            return done
        done += count


@transaction.atomic
def _anonymise_batch(*, now: datetime, batch: int) -> int:
    rows = list(
        selectors.retention_due(now=now)
        .select_for_update(of=("self",), skip_locked=True)
        .order_by("pk")
        .only("pk", "status")[:batch]
    )
    if not rows:
        return 0
    ids = [row.pk for row in rows]
    photos = AspirationPhoto.objects.filter(aspiration_id__in=ids)
    files = list(photos.values_list("image", flat=True))
    photos.delete()
    # ``updated_at`` is left alone: removing data is not work on the case (inbox order, figures).
    Aspiration.objects.filter(pk__in=ids).update(reporter_identity="", consent_at=None, anonymised_at=now)
    ChatReport.objects.filter(aspiration_id__in=ids).delete()  # the link to the reporter's number
    TimelineEntry.objects.bulk_create(
        [
            TimelineEntry(
                aspiration_id=row.pk,
                kind=EntryKind.ANONYMISED,
                is_public=True,
                status_after=row.status,
                created_at=now,
            )
            for row in rows
        ]
    )
    storage = AspirationPhoto._meta.get_field("image").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in files if name])
    return len(rows)
