"""REST API: /api/v1/aspirations/ at 1,000,000 aspirations for the Polda commander (token
auth), p50 over repeated requests, with the staff inbox page measured in the same run as the
baseline (the same selector and keyset cursor behind both).

    .venv/bin/python bench/api.py [--aspirations 1000000] [--runs 20]

Loads the seed_load Polda as bench/inbox.py does (``seed_dashboard_load``, COPY into
PostgreSQL), then calls both in-process through Django's test client (the whole middleware
stack). Three views of each: the default (the open work, urgent first), every status, and a
deep page of every status (the cursor of the row halfway down).
"""

import argparse
import statistics
import time

from _harness import machine_load, quick, report, scratch_database


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
        from ngopi.api.services import create_api_token
        from ngopi.core.pagination import _encode
        from ngopi.seeding.load.activity import seed_dashboard_load

        t0 = time.perf_counter()
        seed_dashboard_load(aspirations=args.aspirations, sessions=1000)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would after a bulk load
        load_seconds = time.perf_counter() - t0
        polda = PoliceUnit.objects.get(code="load-polda")
        commander = User.objects.create(username="bench-dirbinmas", role=Role.COMMANDER, unit=polda)
        _token, secret = create_api_token(user=commander, name="bench")
        api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
        page = Client()
        page.force_login(commander)
        total = Aspiration.objects.count()
        # The cursor of the row halfway down the whole list (every status), in the inbox's order.
        row = Aspiration.objects.order_by("-urgent", "-created_at", "-id").values(
            "urgent", "created_at", "id"
        )[total // 2]
        deep = _encode([row["urgent"], row["created_at"], row["id"]])

        def measure(client, url, params):
            assert client.get(url, params).status_code == 200  # warm
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200, response.content[:300]
            return statistics.median(times)

        views = {
            "default (open work)": ({}, {}),
            "every status": ({"status": ""}, {"status": ""}),
            f"deep page (row {total // 2})": ({"status": "", "cursor": deep}, {"status": "", "after": deep}),
        }
        results = []
        for name, (api_params, page_params) in views.items():
            api_p50 = measure(api, "/api/v1/aspirations/", api_params)
            page_p50 = measure(page, "/staf/aspirasi/", page_params)
            results.append((name, api_p50, page_p50))
        print(f"aspirations: {total} (loaded in {load_seconds:.0f} s), {args.runs} runs each")
        for name, api_p50, page_p50 in results:
            print(
                f"{name:28} API p50 {api_p50:6.1f} ms | inbox page p50 {page_p50:6.1f} ms"
                f" | ratio {api_p50 / page_p50:.2f}"
            )
        worst = max(api_p50 for _name, api_p50, _page in results)
        print(f"goal (API p50 <= 100 ms):    {'met' if worst <= 100 else 'NOT met'} (worst {worst:.1f} ms)")
        for name, api_p50, page_p50 in results:
            report(
                f"API aspirations, {name.split(' (')[0]}",
                size=f"{total:,} aspirations",
                figure=api_p50,
                unit="ms p50",
                baseline=page_p50,
                baseline_name="ms p50 inbox page",
                ratio=api_p50 / page_p50,
                target=("figure", "<=", 100),
                note=f"{name}; load {machine_load()}",
            )


if __name__ == "__main__":
    main()
