"""Staff inbox at 1,000,000 aspirations: first page and a deep page for the Polda commander,
p50 over repeated requests (the query count is checked by tests/aspirations/test_queries.py).

    .venv/bin/python bench/inbox.py [--aspirations 1000000] [--runs 20]

Loads the seed_load Polda with ``ngopi.seeding.load.activity.seed_dashboard_load`` (COPY into
PostgreSQL), then renders /staf/aspirasi/ in-process through Django's test client (the whole
middleware stack, templates included).
"""

import argparse
import statistics
import time

from _harness import aspirations_default, machine_load, quick, report, scratch_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--aspirations", type=int, default=aspirations_default())
    # Three selectivities; the match counts are printed and reported with the figures, so a
    # term that matches nothing in the loaded texts shows as such.
    parser.add_argument("--rare", default="curanmor")
    parser.add_argument("--common", default="warga")
    parser.add_argument("--zero", default="zzqxjvw")
    parser.add_argument("--runs", type=int, default=quick(20, 3))
    args = parser.parse_args()
    with scratch_database():
        from django.db import connection
        from django.test import Client

        from aspirations.models import Aspiration
        from ngopi.accounts.enums import Role
        from ngopi.accounts.models import PoliceUnit, User
        from ngopi.core.pagination import _encode
        from ngopi.seeding.load.activity import seed_dashboard_load

        t0 = time.perf_counter()
        seed_dashboard_load(aspirations=args.aspirations, sessions=1000)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would after a bulk load
        load_seconds = time.perf_counter() - t0
        polda = PoliceUnit.objects.get(code="load-polda")
        commander = User.objects.create(username="bench-dirbinmas", role=Role.COMMANDER, unit=polda)
        client = Client()
        client.force_login(commander)
        total = Aspiration.objects.count()
        deep_row = Aspiration.objects.order_by("-created_at", "-id").values("created_at", "id")[total // 2]
        deep = _encode([deep_row["created_at"], deep_row["id"]])

        def measure(params):
            assert client.get("/staf/aspirasi/", params).status_code == 200  # warm
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                response = client.get("/staf/aspirasi/", params)
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200
            return statistics.median(times)

        from aspirations.selectors import search

        first_p50 = measure({})
        deep_p50 = measure({"after": deep})
        terms = {"rare": args.rare, "common": args.common, "zero-match": args.zero}
        searches = {}
        for label, term in terms.items():
            matches = search(Aspiration.objects.all(), term).count()
            searches[label] = (term, matches, measure({"q": term}))
        print(f"aspirations:              {total} (loaded in {load_seconds:.0f} s)")
        print(f"first page:               p50 {first_p50:.0f} ms")
        print(f"deep page (row {total // 2}): p50 {deep_p50:.0f} ms")
        for label, (term, matches, p50) in searches.items():
            print(f"search {label + ' ' + repr(term) + ':':26}p50 {p50:.0f} ms ({matches} matching rows)")
        size = f"{total:,} aspirations"
        load = f"load {machine_load()}"
        report(
            "inbox first page",
            size=size,
            figure=first_p50,
            unit="ms p50",
            target=("figure", "<=", 200),
            note=load,
        )
        report(
            "inbox deep page",
            size=size,
            figure=deep_p50,
            unit="ms p50",
            target=("figure", "<=", 200),
            note=f"keyset page at row {total // 2}; {load}",
        )
        for label, (term, matches, p50) in searches.items():
            # A "rare" or "common" term that matches nothing measured a zero-match search: that
            # is not the scenario, so it is reported as not measured (the time is in the note).
            hollow = not matches and label != "zero-match"
            report(
                f"inbox search, {label} term",
                size=size,
                figure=None if hollow else p50,
                unit="ms p50",
                target=("figure", "<=", 150),
                note=f"q={term!r} matches {matches:,} rows"
                + (f"; {p50:.0f} ms, but no row matches: not this scenario" if hollow else "")
                + f"; {load}",
            )


if __name__ == "__main__":
    main()
