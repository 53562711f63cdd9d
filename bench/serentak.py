"""Serentak batch of ~3,000 posts in one call: time, query count, and ratio to a bare bulk_create.

    .venv/bin/python bench/serentak.py [--rws-per-village 10] [--aspirations 100000]

Prints the time of ``schedule_batch`` (preview + sessions + lead assignments + audit rows + the
sessions' agendas, in one transaction), the queries it ran, and the time of a bare
``Session.objects.bulk_create`` of the same session rows measured in the same run.

With ``--aspirations N`` the RWs first get activity (``seed_dashboard_load``: N aspirations over
three years and N/20 sessions), one himbauan for the whole load area and an open commitment at
every tenth RW, so the agenda has something to carry over; the agenda preparation alone is then
timed again (its rows deleted and prepared anew) and shown as a share of the batch.
"""

import argparse
import time
from datetime import timedelta

from _harness import quick, scratch_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rws-per-village", type=int, default=quick(10, 1))
    parser.add_argument("--aspirations", type=int, default=quick(100_000, 0))
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
        if args.aspirations:
            _activity(args.aspirations, polda, actor)
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
        if args.aspirations:
            sessions = list(Session.objects.filter(batch=batch).only("pk", "rw_id", "starts_at"))
            counts = _agenda_counts(batch)
            _drop_agendas(batch)
            with transaction.atomic():
                t0 = time.perf_counter()
                services.prepare_agendas(sessions)
                agenda_seconds = time.perf_counter() - t0
            print(f"agenda rows (asp/kom/him): {counts}")
            share = agenda_seconds / batch_seconds
            print(f"agenda preparation alone: {agenda_seconds:.3f} s ({share:.0%} of the batch)")
        print(f"goal (< 10 s):           {'met' if batch_seconds < 10 else 'NOT met'}")


def _activity(aspirations: int, polda, actor) -> None:
    """Aspirations and past sessions over the load RWs, a himbauan for the whole load area and
    an open commitment at every tenth RW."""
    from django.utils import timezone

    from events.models import Commitment, Himbauan, Session
    from ngopi.areas.models import Area, Post
    from ngopi.seeding.load.activity import seed_dashboard_load

    seed_dashboard_load(aspirations=aspirations, sessions=max(aspirations // 20, 1))
    rw = Post.objects.filter(rw__parent__polsek__path__startswith=polda.path).select_related("rw").first().rw
    top = Area.objects.get(path="/" + rw.path.strip("/").split("/")[0] + "/")
    Himbauan.objects.create(
        title="Bench himbauan",
        body="Jaga persatuan.",
        area=top,
        unit=polda,
        valid_from=timezone.localdate() - timedelta(days=30),
        created_by=actor,
    )
    past = (
        Session.objects.filter(starts_at__lt=timezone.now()).order_by("rw_id", "-starts_at").distinct("rw_id")
    )
    Commitment.objects.bulk_create(
        [
            Commitment(
                session=s,
                rw_id=s.rw_id,
                unit_id=s.unit_id,
                text="Patroli malam",
                responsible=actor,
                due_date=timezone.localdate() + timedelta(days=14),
                created_by=actor,
            )
            for n, s in enumerate(past)
            if n % 10 == 0
        ],
        batch_size=1000,
    )


def _agenda_counts(batch) -> tuple[int, int, int]:
    from aspirations.models import AgendaAspiration
    from events.models import AgendaCommitment, AgendaHimbauan

    return tuple(
        m.objects.filter(session__batch=batch).count()
        for m in (AgendaAspiration, AgendaCommitment, AgendaHimbauan)
    )


def _drop_agendas(batch) -> None:
    from aspirations.models import AgendaAspiration
    from events.models import AgendaCommitment, AgendaHimbauan

    for model in (AgendaAspiration, AgendaCommitment, AgendaHimbauan):
        model.objects.filter(session__batch=batch).delete()


if __name__ == "__main__":
    main()
