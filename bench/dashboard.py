"""The commanders' dashboard at scale: 1,000,000 aspirations and 50,000 sessions across the
``seed_load`` Polda (≈ 60 units, 3,000 RWs), on a scratch PostgreSQL database.

    .venv/bin/python bench/dashboard.py [--aspirations 1000000 --sessions 50000 --runs 20]

Prints the load time, the rollups' refresh time (trends and period figures), the p50 (and p90)
of a full render of ``/dasbor/`` for the Polda commander (this month, no other filter) and for a
Kapolres, its query count, and the peak Python memory (tracemalloc) of exporting 100,000 rows as
CSV and as XLSX.
"""

import argparse
import os
import statistics
import time
import tracemalloc

from _harness import quick, scratch_database

# The streamed exports are measured (the view would hand more than 20,000 rows to a background
# job, measured by bench/export.py).
os.environ.setdefault("NGOPI_EXPORT_ASYNC_ROWS", str(10**12))


def timed_get(client, url, params=None):
    t0 = time.perf_counter()
    response = client.get(url, params or {})
    elapsed = time.perf_counter() - t0
    assert response.status_code == 200, response.status_code
    return elapsed, response


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--aspirations", type=int, default=quick(1_000_000, 2_000))
    parser.add_argument("--sessions", type=int, default=quick(50_000, 200))
    parser.add_argument("--runs", type=int, default=quick(20, 3))
    parser.add_argument("--export-rows", type=int, default=quick(100_000, 500))
    args = parser.parse_args()
    with scratch_database():
        from datetime import timedelta

        from django.conf import settings
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from aspirations.models import Aspiration
        from ngopi.accounts.enums import Role
        from ngopi.accounts.models import PoliceUnit, User
        from ngopi.dashboard import rollups
        from ngopi.seeding.load.activity import seed_dashboard_load

        # DEBUG is off here (as in production) but there is no collectstatic manifest.
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        # The page is measured, not the sign-in: commanders owe a second factor when DEBUG is off.
        settings.NGOPI_REQUIRE_2FA = False

        t0 = time.perf_counter()
        created = seed_dashboard_load(aspirations=args.aspirations, sessions=args.sessions)
        # What autovacuum does in production after a bulk load: statistics and the visibility map
        # (index-only scans need it).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        load_seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        state = rollups.refresh_rollups()
        rollup_seconds = time.perf_counter() - t0

        polda = PoliceUnit.objects.get(code="load-polda")
        polres = PoliceUnit.objects.get(code="load-polres-1")
        dirbinmas = User.objects.create(username="bench-dirbinmas", role=Role.COMMANDER, unit=polda)
        kapolres = User.objects.create(username="bench-kapolres", role=Role.COMMANDER, unit=polres)

        results = {}
        for name, user in (("Polda commander", dirbinmas), ("Kapolres", kapolres)):
            client = Client()
            client.force_login(user)
            for _ in range(3):  # warm-up: connection, templates, PostgreSQL caches
                timed_get(client, "/dasbor/")
            times = []
            for _ in range(args.runs):
                elapsed, _response = timed_get(client, "/dasbor/")
                times.append(elapsed)
            with CaptureQueriesContext(connection) as ctx:
                timed_get(client, "/dasbor/")
            times.sort()
            results[name] = (statistics.median(times), times[int(len(times) * 0.9) - 1], len(ctx))

        # Export: a period holding about ``export_rows`` aspirations for the Polda commander.
        newest = list(
            Aspiration.objects.order_by("-created_at").values_list("created_at", flat=True)[
                : args.export_rows
            ]
        )
        date_from = timezone.localdate(newest[-1]) + timedelta(days=1)
        date_to = timezone.localdate()
        params = {"period": "custom", "date_from": date_from.isoformat(), "date_to": date_to.isoformat()}
        rows_in_period = Aspiration.objects.filter(
            created_at__gte=timezone.make_aware(
                timezone.datetime.combine(date_from, timezone.datetime.min.time())
            )
        ).count()
        client = Client()
        client.force_login(dirbinmas)
        exports = {}
        for kind in ("csv", "xlsx"):
            tracemalloc.start()
            t0 = time.perf_counter()
            response = client.get(f"/dasbor/ekspor.{kind}", params)
            size = 0
            for chunk in response.streaming_content:
                size += len(chunk)
            elapsed = time.perf_counter() - t0
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            response.close()
            exports[kind] = (elapsed, peak, size)

        print(f"data:                    {created}")
        print(f"load (COPY):             {load_seconds:.1f} s")
        print(f"rollup refresh:          {rollup_seconds:.2f} s (trends: {state.rows} rows; period figures)")
        for name, (p50, p90, queries) in results.items():
            verdict = "met" if p50 < 0.3 else "NOT met"
            print(
                f"/dasbor/ {name + ':':17}p50 {p50 * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms "
                f"over {args.runs} runs, {queries} queries (goal p50 < 300 ms: {verdict})"
            )
        for kind, (elapsed, peak, size) in exports.items():
            print(
                f"export {kind.upper():4} {rows_in_period} rows: {elapsed:.1f} s, {size / 1e6:.1f} MB, "
                f"peak Python memory {peak / 1e6:.1f} MB (tracemalloc)"
            )


if __name__ == "__main__":
    main()
