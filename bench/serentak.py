"""Serentak batch of ~3,000 posts in one call: time, query count, and ratio to a bare bulk_create.

    .venv/bin/python bench/serentak.py [--rws-per-village 10]

Prints the time of ``schedule_batch`` (preview + sessions + lead assignments + audit rows, in one
transaction), the queries it ran, and the time of a bare ``Session.objects.bulk_create`` of the same
session rows measured in the same run.
"""

import argparse
import time

from _harness import quick, scratch_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rws-per-village", type=int, default=quick(10, 1))
    args = parser.parse_args()
    with scratch_database():
        from datetime import datetime, timedelta
        from datetime import time as dtime

        from django.db import connection, transaction
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from events import services
        from events.models import Session, SessionKind
        from ngopi.accounts.enums import Role
        from ngopi.accounts.models import PoliceUnit, User
        from ngopi.areas.models import Post
        from ngopi.seeding.load import units as load

        load.seed_units_and_areas(rws_per_village=args.rws_per_village)
        polda = PoliceUnit.objects.get(code="load-polda")
        actor = User.objects.create(username="bench-binmas", role=Role.SCHEDULER, unit=polda)
        kind = SessionKind.objects.get(name="Ngopi Kamtibmas")
        day = timezone.localdate() + timedelta(days=3)
        starts = timezone.make_aware(datetime.combine(day, dtime(19, 30)))
        ends = starts + timedelta(hours=2)
        posts = Post.objects.count()

        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            batch, plan = services.schedule_batch(
                actor=actor, title="Serentak bench", kind=kind, unit=polda, starts_at=starts, ends_at=ends
            )
            batch_seconds = time.perf_counter() - t0
        created = Session.objects.filter(batch=batch).count()

        rows = [
            Session(
                kind=kind,
                title="bare",
                post=item.post,
                rw=item.post.rw,
                unit=item.polsek,
                organiser=polda,
                starts_at=starts + timedelta(days=1),
                ends_at=ends + timedelta(days=1),
                created_by=actor,
            )
            for item in plan.ready
        ]
        with transaction.atomic():
            t0 = time.perf_counter()
            Session.objects.bulk_create(rows, batch_size=1000)
            bare_seconds = time.perf_counter() - t0

        print(f"posts in scope:          {posts}")
        print(f"sessions created:        {created} (left out: {len(plan.conflicts)})")
        print(f"schedule_batch:          {batch_seconds:.3f} s, {len(ctx)} queries")
        print(f"bare bulk_create:        {bare_seconds:.3f} s")
        print(f"ratio batch / bare:      {batch_seconds / bare_seconds:.1f}x")
        print(f"goal (< 10 s):           {'met' if batch_seconds < 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
