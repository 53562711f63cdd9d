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

from _harness import quick, scratch_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--aspirations", type=int, default=quick(1_000_000, 2_000))
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
        # The cursor of the row halfway down, in the inbox's order (urgent first): a cursor of
        # other keys is not the inbox's and would start at the top.
        deep_row = Aspiration.objects.order_by("-urgent", "-created_at", "-id").values(
            "urgent", "created_at", "id"
        )[total // 2]
        deep = _encode([deep_row["urgent"], deep_row["created_at"], deep_row["id"]])

        def measure(params):
            assert client.get("/staf/aspirasi/", params).status_code == 200  # warm
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                response = client.get("/staf/aspirasi/", params)
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200
            return statistics.median(times)

        first_p50 = measure({})
        deep_p50 = measure({"after": deep, "status": ""})  # every status: the open work is shorter
        search_p50 = measure({"q": "tawuran"})
        print(f"aspirations:              {total} (loaded in {load_seconds:.0f} s)")
        print(f"first page:               p50 {first_p50:.0f} ms")
        print(f"deep page (row {total // 2}): p50 {deep_p50:.0f} ms")
        print(f"search 'tawuran':         p50 {search_p50:.0f} ms")
        print(f"goal (< 200 ms p50):      {'met' if max(first_p50, deep_p50) < 200 else 'NOT met'}")


if __name__ == "__main__":
    main()
