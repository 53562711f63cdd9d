"""Serentak batch of ~3,000 posts in one call: time, query count, and ratio to a bare bulk_create.

    .venv/bin/python bench/serentak.py [--rws-per-village 10] [--rounds 3]

Measures ``schedule_batch`` (preview + sessions + lead assignments + audit rows + the officers'
notices, in one transaction) against a bare ``Session.objects.bulk_create`` of the same session
rows, alternately in ``--rounds`` rounds (each round a different evening, so nothing conflicts),
and reports the medians. Both run in a warm process, as in the web application: a first, small
batch before the rounds loads the URL resolver and the translation catalogues once (the first
``reverse()`` in a process costs ~0.25 s, which a cold single run used to charge to the batch).
"""

import argparse
import statistics
import time

from _harness import quick, report, scratch_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rws-per-village", type=int, default=quick(10, 1))
    parser.add_argument("--rounds", type=int, default=quick(3, 1))
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
        polsek = PoliceUnit.objects.filter(code__startswith="load-polsek").order_by("pk").first()
        actor = User.objects.create(username="bench-binmas", role=Role.SCHEDULER, unit=polda)
        kind = SessionKind.objects.get(name="Ngopi Kamtibmas")
        posts = Post.objects.count()

        def evening(days):
            starts = timezone.make_aware(
                datetime.combine(timezone.localdate() + timedelta(days=days), dtime(19))
            )
            return starts, starts + timedelta(hours=2)

        starts, ends = evening(1)  # warm-up: one Polsek's posts
        services.schedule_batch(
            actor=actor, title="warm", kind=kind, unit=polsek, starts_at=starts, ends_at=ends
        )

        batch_times, bare_times, queries, created, left_out = [], [], 0, 0, 0
        for n in range(args.rounds):
            starts, ends = evening(3 + 2 * n)
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                batch, plan = services.schedule_batch(
                    actor=actor, title="Serentak bench", kind=kind, unit=polda, starts_at=starts, ends_at=ends
                )
                batch_times.append(time.perf_counter() - t0)
            queries = len(ctx)
            created = Session.objects.filter(batch=batch).count()
            left_out = len(plan.conflicts)
            starts, ends = evening(4 + 2 * n)
            rows = [
                Session(
                    kind=kind,
                    title="bare",
                    post=item.post,
                    rw=item.post.rw,
                    unit=item.polsek,
                    organiser=polda,
                    starts_at=starts,
                    ends_at=ends,
                    created_by=actor,
                )
                for item in plan.ready
            ]
            t0 = time.perf_counter()  # with its commit, as schedule_batch's time includes its own
            with transaction.atomic():
                Session.objects.bulk_create(rows, batch_size=1000)
            bare_times.append(time.perf_counter() - t0)

        batch_seconds, bare_seconds = statistics.median(batch_times), statistics.median(bare_times)
        print(f"posts in scope:          {posts}")
        print(f"sessions created:        {created} per batch (left out: {left_out})")
        print(f"schedule_batch:          {batch_seconds:.3f} s median of {args.rounds}, {queries} queries")
        print(f"bare bulk_create:        {bare_seconds:.3f} s median of {args.rounds}")
        print(f"ratio batch / bare:      {batch_seconds / bare_seconds:.1f}x")
        size = f"{created} posts"
        report(
            "serentak / bulk_create",
            size=size,
            figure=batch_seconds * 1000,
            unit="ms",
            baseline=bare_seconds * 1000,
            baseline_name="ms bulk_create",
            ratio=batch_seconds / bare_seconds,
            target=("ratio", "<=", 2.0),
            note=f"{queries} queries",
        )
        report("serentak batch time", size=size, figure=batch_seconds, unit="s", target=("figure", "<=", 10))


if __name__ == "__main__":
    main()
