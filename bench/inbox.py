"""Staff inbox at 1,000,000 aspirations: first page, a deep page and full-text searches, p50 over
repeated requests (the query count is checked by tests/aspirations/test_queries.py, the plans by
tests/aspirations/test_query_plans.py).

    .venv/bin/python bench/inbox.py [--aspirations 1000000] [--runs 20]

Loads the seed_load Polda with ``ngopi.seeding.load.activity.seed_dashboard_load`` (COPY into
PostgreSQL; descriptions from ``ngopi.seeding.texts``), then renders /staf/aspirasi/ in-process
through Django's test client (the whole middleware stack, templates included), for the Polda
commander and for a Bhabinkamtibmas (one kelurahan). Searches: a rare word (about 1 row in
10,000), a common one (about half the rows) and one no row holds, each alone (every status) and
with filters (open work of one category).
"""

import argparse
import statistics
import time

from _harness import aspirations_default, machine_load, quick, report, scratch_database

GOAL_MS = 150  # search p50, issue 15
PAGE_GOAL_MS = 200  # first and deep page p50


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--aspirations", type=int, default=aspirations_default())
    parser.add_argument("--runs", type=int, default=quick(20, 3))
    args = parser.parse_args()
    with scratch_database():
        from django.db import connection
        from django.test import Client

        from aspirations.models import Aspiration, Category
        from ngopi.accounts.enums import Role
        from ngopi.accounts.models import PoliceUnit, User
        from ngopi.core.pagination import _encode
        from ngopi.seeding.load.activity import seed_dashboard_load
        from ngopi.seeding.texts import COMMON_TERM, RARE_TERM, ZERO_MATCH_TERM

        t0 = time.perf_counter()
        seed_dashboard_load(aspirations=args.aspirations, sessions=1000)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would after a bulk load
        load_seconds = time.perf_counter() - t0
        polda = PoliceUnit.objects.get(code="load-polda")
        commander = User.objects.create(username="bench-dirbinmas", role=Role.COMMANDER, unit=polda)
        bhabin = User.objects.filter(role=Role.BHABINKAMTIBMAS, covered_villages__isnull=False).first()
        total = Aspiration.objects.count()
        # The cursor of the row halfway down, in the inbox's order (urgent first): a cursor of
        # other keys is not the inbox's and would start at the top.
        deep_row = Aspiration.objects.order_by("-urgent", "-created_at", "-id").values(
            "urgent", "created_at", "id"
        )[total // 2]
        deep = _encode([deep_row["urgent"], deep_row["created_at"], deep_row["id"]])
        category = Category.objects.order_by("pk").values_list("pk", flat=True).first()
        filters = {"status": "open", "category": category}

        def measure(client, params):
            assert client.get("/staf/aspirasi/", params).status_code == 200  # warm
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                response = client.get("/staf/aspirasi/", params)
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200
            return statistics.median(times), len(response.context["page"].rows)

        results = []  # (persona, scenario, p50 ms, rows on the page, goal ms)
        for persona, user in (("Polda commander", commander), ("Bhabinkamtibmas", bhabin)):
            client = Client()
            client.force_login(user)
            results.append((persona, "first page", *measure(client, {}), PAGE_GOAL_MS))
            if persona == "Polda commander":
                results.append(
                    (
                        persona,
                        "deep page",
                        *measure(client, {"after": deep, "status": ""}),  # every status, as the cursor
                        PAGE_GOAL_MS,
                    )
                )
            for label, term in (
                ("rare", RARE_TERM),
                ("common", COMMON_TERM),
                ("zero-match", ZERO_MATCH_TERM),
            ):
                results.append((persona, f"search {label}", *measure(client, {"q": term}), GOAL_MS))
                results.append(
                    (
                        persona,
                        f"search {label} + open, category",
                        *measure(client, {"q": term, **filters}),
                        GOAL_MS,
                    )
                )
        print(f"aspirations: {total} (loaded in {load_seconds:.0f} s); p50 over {args.runs} requests")
        size = f"{total:,} aspirations"
        load = f"load {machine_load()}"
        for persona, scenario, p50, rows, goal in results:
            print(f"{persona:16} {scenario:48} p50 {p50:6.0f} ms ({rows:2} rows)  goal ≤ {goal} ms")
            report(
                f"inbox {scenario}, {persona}",
                size=size,
                figure=p50,
                unit="ms p50",
                target=("figure", "<=", goal),
                note=f"{rows} rows on the page; deep page = row {total // 2}; terms {RARE_TERM!r}, "
                f"{COMMON_TERM!r}, {ZERO_MATCH_TERM!r}; {load}",
            )


if __name__ == "__main__":
    main()
