"""Reporter identities at rest and retention: the cost of sealing and opening one identity, and
the throughput of key rotation and of the retention task, on a scratch PostgreSQL database.

    .venv/bin/python bench/privacy.py [--aspirations 20000]

Loads the seed_load Polda (units and RWs), then ``--aspirations`` confidential aspirations with a
sealed identity, finished two years ago; puts a new key in front, runs ``reseal_identities``
twice (the second finds nothing to do), then ``anonymise_finished_aspirations`` twice.
"""

import argparse
import time
import timeit

from _harness import quick, report, scratch_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--aspirations", type=int, default=quick(20_000, 300))
    args = parser.parse_args()
    with scratch_database():
        from datetime import timedelta

        from cryptography.fernet import Fernet
        from django.conf import settings
        from django.utils import timezone

        from aspirations.enums import Kind, Privacy, Status
        from aspirations.identity import reveal, seal
        from aspirations.models import Aspiration, Category, OutcomeCode
        from aspirations.services.privacy import anonymise_finished_aspirations, reseal_identities
        from ngopi.areas.enums import AreaLevel
        from ngopi.areas.models import Area
        from ngopi.seeding.load.units import seed_units_and_areas

        who = {"name": "Rina Kusumawati", "phone": "0812 3456 7890", "email": "rina.kusuma@contoh.id"}
        runs = 20_000
        seal_us = timeit.timeit(lambda: seal(**who), number=runs) / runs * 1e6
        token = seal(**who)
        reveal_us = timeit.timeit(lambda: reveal(token), number=runs) / runs * 1e6
        print(f"seal one identity: {seal_us:.1f} µs, open it: {reveal_us:.1f} µs, token {len(token)} chars")
        report(
            "identity seal", size="one identity", figure=seal_us, unit="µs", note=f"open: {reveal_us:.1f} µs"
        )

        seed_units_and_areas()
        rw = Area.objects.filter(level=AreaLevel.RW).select_related("parent").first()
        category, outcome = Category.objects.first(), OutcomeCode.objects.first()
        finished = timezone.now() - timedelta(days=730)
        Aspiration.objects.bulk_create(
            [
                Aspiration(
                    code=f"BP-{i:012d}",
                    kind=Kind.COMPLAINT,
                    category=category,
                    description="Aspirasi uji retensi.",
                    rw=rw,
                    village=rw.parent,
                    unit_id=rw.parent.polsek_id,
                    privacy=Privacy.CONFIDENTIAL,
                    reporter_identity=seal(name=f"Warga {i}", phone="0812 0000 0000", email="w@contoh.id"),
                    consent_at=finished,
                    status=Status.CLOSED,
                    outcome=outcome,
                    due_at=finished,
                    resolved_at=finished,
                    closed_at=finished,
                    created_at=finished,
                    updated_at=finished,
                )
                for i in range(args.aspirations)
            ],
            batch_size=2000,
        )
        settings.NGOPI_IDENTITY_KEYS = [Fernet.generate_key().decode(), *settings.NGOPI_IDENTITY_KEYS]
        for label in ("rotate", "rotate again"):
            t0 = time.perf_counter()
            outcome = reseal_identities()
            seconds = time.perf_counter() - t0
            rate = outcome.resealed / seconds
            done = f"{outcome.resealed} re-encrypted, {outcome.current} current"
            print(f"{label}: {done}, {seconds:.2f} s ({rate:.0f}/s)")
            report(
                f"identity key {label}",
                size=f"{args.aspirations:,} identities",
                figure=seconds,
                unit="s",
                note=done,
            )
        for label in ("anonymise", "anonymise again"):
            t0 = time.perf_counter()
            count = anonymise_finished_aspirations()
            seconds = time.perf_counter() - t0
            print(f"{label}: {count} aspirations, {seconds:.2f} s ({count / seconds:.0f}/s)")
            report(
                f"retention {label}",
                size=f"{args.aspirations:,} aspirations",
                figure=seconds,
                unit="s",
                note=f"{count} anonymised",
            )


if __name__ == "__main__":
    main()
