"""The public RW page (/wilayah/<id>/) at 1,000,000 aspirations: p50 of the page read live
(cache off) and from the cache, against a bare "hello" view through the same stack in the same
run; the kelurahan page too.

    .venv/bin/python bench/rw_page.py [--aspirations 1000000] [--sessions 50000] [--runs 30]

Loads the seed_load Polda with ``ngopi.seeding.load.activity.seed_dashboard_load`` (COPY into
PostgreSQL: ≈ 3,000 RWs, so ≈ 330 aspirations per RW), publishes the outcome of one resolved
aspiration in ten, and gives the busiest RW a himbauan, commitments and agenda rows, then
renders the pages in-process through Django's test client (whole middleware stack, templates).
Goal: p50 ≤ 100 ms.
"""

import argparse
import os
import statistics
import time

from _harness import quick, report, scratch_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--aspirations", type=int, default=quick(1_000_000, 2_000))
    parser.add_argument(
        "--sessions", type=int, default=None, help="default: one per 20 aspirations (500 when quick)"
    )
    parser.add_argument("--runs", type=int, default=quick(30, 3))
    args = parser.parse_args()
    if args.sessions is None:  # 50,000 at 1 M, 500,000 at 10 M: the load the issue names
        args.sessions = quick(max(args.aspirations // 20, 1), 500)
    with scratch_database():
        from datetime import timedelta

        from django.conf import settings
        from django.db import connection
        from django.db.models import Count
        from django.test import Client
        from django.utils import timezone

        from aspirations.models import Aspiration
        from events.enums import CommitmentStatus, SessionStatus
        from events.models import AgendaHimbauan, Commitment, Himbauan, Session
        from ngopi.accounts.models import User
        from ngopi.seeding.load.activity import seed_dashboard_load

        settings.ROOT_URLCONF = "bench._urls"
        t0 = time.perf_counter()
        seed_dashboard_load(aspirations=args.aspirations, sessions=args.sessions)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE aspirations_aspiration SET outcome_public = true, public_summary = %s "
                "WHERE status IN ('resolved', 'closed') AND kind <> 'tip' AND id %% 10 = 0",
                ["Patroli malam ditambah dan lampu jalan diperbaiki bersama RW."],
            )
        busiest = (
            Aspiration.objects.values("rw_id")
            .annotate(n=Count("id"))
            .order_by("-n", "rw_id")
            .first()["rw_id"]
        )
        reported = list(
            Session.objects.filter(rw_id=busiest, status=SessionStatus.REPORTED).order_by("-starts_at")[:5]
        )
        actor = User.objects.order_by("pk").first()
        if reported:
            himbauan = Himbauan.objects.create(
                title="Jaga persatuan, jangan terprovokasi hoaks",
                body="Laporkan politik uang.",
                area_id=busiest,
                unit_id=reported[0].unit_id,
                valid_from=timezone.localdate() - timedelta(days=30),
                created_by=actor,
            )
            for number, session in enumerate(reported):
                AgendaHimbauan.objects.create(session=session, himbauan=himbauan, discussed=True)
                for k in range(3):
                    kept = (number + k) % 2 == 0
                    Commitment.objects.create(
                        session=session,
                        rw_id=busiest,
                        unit_id=session.unit_id,
                        text=f"Patroli setiap malam Minggu ({number}-{k})",
                        responsible=actor,
                        due_date=timezone.localdate(),
                        status=CommitmentStatus.KEPT if kept else CommitmentStatus.OPEN,
                        outcome_note="Dilaksanakan." if kept else "",
                        closed_at=timezone.now() if kept else None,
                        closed_by=actor if kept else None,
                        created_by=actor,
                    )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would after a bulk load
        load_seconds = time.perf_counter() - t0
        rw_url = f"/wilayah/{busiest}/"
        from ngopi.areas.models import Area

        village_url = f"/wilayah/{Area.objects.get(pk=busiest).parent_id}/"
        client = Client()

        def measure(url, *, cache_seconds):
            settings.NGOPI_AREA_PAGE_CACHE_SECONDS = cache_seconds
            assert client.get(url).status_code == 200  # warm (and fill the cache when on)
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200
            return statistics.median(times)

        hello = measure("/bench/hello/", cache_seconds=0)
        live = measure(rw_url, cache_seconds=0)
        cached = measure(rw_url, cache_seconds=60)
        village_live = measure(village_url, cache_seconds=0)
        total = Aspiration.objects.count()
        in_rw = Aspiration.objects.filter(rw_id=busiest).count()
        print(f"aspirations:             {total} (loaded in {load_seconds:.0f} s); busiest RW {in_rw}")
        print(f"hello view:              p50 {hello:.1f} ms")
        print(f"RW page, live:           p50 {live:.1f} ms ({live / hello:.1f}x hello)")
        print(f"RW page, cached:         p50 {cached:.1f} ms ({cached / hello:.1f}x hello)")
        print(f"kelurahan page, live:    p50 {village_live:.1f} ms")
        print(f"load average:            {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        from django.test.utils import CaptureQueriesContext

        settings.NGOPI_AREA_PAGE_CACHE_SECONDS = 0  # a key of its own: the cached fragment is not used
        with CaptureQueriesContext(connection) as queries:
            client.get(rw_url)
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]
        sql_ms = sum(float(q["time"]) for q in queries) * 1000
        print(f"RW page, live: {len(queries)} queries, {sql_ms:.0f} ms in SQL")
        for query in slowest:
            print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:150]}")
        verdict = {True: "met", False: "NOT met"}
        print(f"goal (p50 <= 100 ms):    {verdict[live <= 100]} live, {verdict[cached <= 100]} cached")
        size = f"{total:,} aspirations"
        for name, figure in (("live", live), ("cached", cached)):
            report(
                f"RW page, {name}",
                size=size,
                figure=figure,
                unit="ms p50",
                baseline=hello,
                baseline_name="ms p50 hello",
                ratio=figure / hello,
                target=("figure", "<=", 100),
                note=f"busiest RW ({in_rw} aspirations); {len(queries)} queries live",
            )


if __name__ == "__main__":
    main()
