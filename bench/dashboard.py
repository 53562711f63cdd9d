"""The commanders' dashboard at scale: 1,000,000 aspirations and 50,000 sessions across the
``seed_load`` Polda (≈ 60 units, 3,000 RWs), on a scratch PostgreSQL database.

    .venv/bin/python bench/dashboard.py [--aspirations 1000000 --sessions 50000 --runs 20]

The clock is set (time_machine) to the 15th of the month before the real one, 12:00 WIB, before
the data is loaded, so "this month" holds half a month of data and "last month" a full one —
not the few hundred rows of the 1st of a month. Prints the load time, the rollups' refresh time,
the p50 (and p90) of a full render of ``/dasbor/`` for the Polda commander in the default view
and in every filter the page offers (kelurahan, category, operation, unit, this week, the
operation's period, last month as custom dates, all filters at once, and the longest custom
period the form allows, three years, which holds the whole load, alone and with a Polsek, a
category or a kelurahan), for a Kapolres, the
query count, and the rows/s and peak Python memory (tracemalloc) of exporting ``--export-rows``
rows as CSV and as XLSX.
"""

import argparse
import os
import statistics
import time
from pathlib import Path

from _harness import aspirations_default, machine_load, quick, report, scratch_database


def peak_rss() -> float:
    """This process's peak resident memory so far, MiB (VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


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
    parser.add_argument("--aspirations", type=int, default=aspirations_default())
    parser.add_argument(
        "--sessions", type=int, default=None, help="default: one per 20 aspirations (200 when quick)"
    )
    parser.add_argument("--runs", type=int, default=quick(20, 3))
    parser.add_argument("--export-rows", type=int, default=quick(100_000, 500))
    args = parser.parse_args()
    if args.sessions is None:  # 50,000 at 1 M, 500,000 at 10 M: the load the issue names
        args.sessions = quick(max(args.aspirations // 20, 1), 200)
    import time_machine

    clock = _mid_previous_month()
    with scratch_database(), time_machine.travel(clock, tick=True):
        from datetime import timedelta

        from django.conf import settings
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from aspirations.models import Aspiration
        from ngopi.accounts.enums import Role
        from ngopi.accounts.models import PoliceUnit, User
        from ngopi.core.dates import day_start
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

        from aspirations.models import Category
        from events.models import Operation
        from ngopi.dashboard.forms import MAX_DAYS

        today = timezone.localdate()
        last_month_end = today.replace(day=1) - timedelta(days=1)
        village = Aspiration.objects.values_list("village_id", flat=True).order_by("village_id").first()
        category = Category.objects.get(code="tawuran")
        operation = Operation.objects.filter(unit=polda).order_by("-starts_on").first()
        polsek = PoliceUnit.objects.filter(code__startswith="load-polsek").order_by("pk").first()
        longest = {
            "period": "custom",
            "date_from": (today - timedelta(days=MAX_DAYS)).isoformat(),
            "date_to": today.isoformat(),
        }
        views = {
            "dashboard default, Polda": {},
            "kelurahan": {"area": village},
            "category": {"category": category.pk},
            "operation": {"operation": operation.pk},
            "unit (a Polsek)": {"unit": polsek.pk},
            "this week": {"period": "week"},
            "operation's period": {"period": "operation", "operation": operation.pk},
            "last month (custom)": {
                "period": "custom",
                "date_from": last_month_end.replace(day=1).isoformat(),
                "date_to": last_month_end.isoformat(),
            },
            "all filters": {"area": village, "category": category.pk, "operation": operation.pk},
            # the longest custom period the form allows, over the whole load (three years): whole
            # months from the monthly figures, the days before them live; with a category or
            # kelurahan filter all live
            "three years (custom)": longest,
            "three years, a Polsek": {**longest, "unit": polsek.pk},
            "three years, category": {**longest, "category": category.pk},
            "three years, kelurahan": {**longest, "area": village},
        }
        results = {}
        client = Client()
        client.force_login(dirbinmas)
        for name, params in views.items():
            for _ in range(2):  # warm-up: connection, templates, PostgreSQL caches
                timed_get(client, "/dasbor/", params)
            times = sorted(timed_get(client, "/dasbor/", params)[0] for _ in range(args.runs))
            results[name] = (statistics.median(times), times[max(int(len(times) * 0.9) - 1, 0)])
        with CaptureQueriesContext(connection) as ctx:
            timed_get(client, "/dasbor/")
        queries = len(ctx)
        kapolres_client = Client()
        kapolres_client.force_login(kapolres)
        for _ in range(2):
            timed_get(kapolres_client, "/dasbor/")
        kapolres_p50 = statistics.median(timed_get(kapolres_client, "/dasbor/")[0] for _ in range(args.runs))
        in_month = Aspiration.objects.filter(created_at__gte=day_start(today.replace(day=1))).count()

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
            t0 = time.perf_counter()
            response = client.get(f"/dasbor/ekspor.{kind}", params)
            size = 0
            for chunk in response.streaming_content:
                size += len(chunk)
            elapsed = time.perf_counter() - t0
            response.close()
            exports[kind] = (elapsed, peak_rss(), size)

        size = f"{args.aspirations:,} aspirations"
        print(f"clock:                   {timezone.localtime():%Y-%m-%d %H:%M} WIB (time_machine)")
        print(f"data:                    {created}")
        print(f"this month so far:       {in_month} aspirations")
        print(f"load (COPY):             {load_seconds:.1f} s")
        print(f"rollup refresh:          {rollup_seconds:.2f} s (trends: {state.rows} rows; period figures)")
        print(f"queries (default view):  {queries}")
        for name, (p50, p90) in results.items():
            print(f"/dasbor/ Polda, {name + ':':27}p50 {p50 * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms")
        print(f"/dasbor/ Kapolres:       p50 {kapolres_p50 * 1000:.0f} ms")
        default = results.pop("dashboard default, Polda")[0] * 1000
        report(
            "dashboard default, Polda",
            size=size,
            figure=default,
            unit="ms p50",
            target=("figure", "<=", 150),
            note=f"this month, {in_month} rows so far; {queries} queries; load {machine_load()}",
        )
        slowest = max(results, key=lambda name: results[name][0])
        report(
            "dashboard filtered, Polda (slowest)",
            size=size,
            figure=results[slowest][0] * 1000,
            unit="ms p50",
            target=("figure", "<=", 300),
            note=f"slowest: {slowest}; "
            + ", ".join(f"{name} {p50 * 1000:.0f}" for name, (p50, _p90) in results.items()),
        )
        for kind, (elapsed, peak, size_bytes) in exports.items():
            rate = rows_in_period / elapsed
            print(
                f"export {kind.upper():4} {rows_in_period} rows: {elapsed:.1f} s ({rate:,.0f} rows/s), "
                f"{size_bytes / 1e6:.1f} MB, process peak RSS so far {peak:.0f} MiB"
            )
            report(
                f"export {kind.upper()}",
                size=f"{rows_in_period:,} rows",
                figure=rate,
                unit="rows/s",
                target=("figure", ">=", 20_000 if kind == "csv" else 5_000),
                note=f"in process, end to end; process peak RSS so far {peak:.0f} MiB (includes the load)",
            )


def _mid_previous_month():
    """12:00 WIB on the 15th of the month before the real one (a full month of data behind it)."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    first = datetime.now(ZoneInfo("Asia/Jakarta")).replace(day=1, hour=12, minute=0, second=0, microsecond=0)
    return (first - timedelta(days=1)).replace(day=15)


if __name__ == "__main__":
    main()
