"""Memory of a gunicorn worker after 20 dashboards: one sync worker serves ``/dasbor/`` to the
Polda commander 20 times (the default view and each filter the page offers, in turn) on the
``seed_dashboard_load`` data; the worker's resident memory (VmRSS) and peak (VmHWM) are read from
/proc after its first request and after the 20th.

    .venv/bin/python bench/dashboard_memory.py [--aspirations 1000000] [--sessions 50000] [--pages 20]
"""

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import ROOT, aspirations_default, free_port, machine_load, quick, report, scratch_database

BENCH = Path(__file__).resolve().parent


def memory(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of the process, MiB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    return tuple(int(fields[name].split()[0]) / 1024 for name in ("VmRSS", "VmHWM"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--aspirations", type=int, default=aspirations_default())
    parser.add_argument(
        "--sessions", type=int, default=None, help="default: one per 20 aspirations (200 when quick)"
    )
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    if args.sessions is None:  # 50,000 at 1 M, 500,000 at 10 M: the load the issue names
        args.sessions = quick(max(args.aspirations // 20, 1), 200)
    with scratch_database() as db_name:
        from django.conf import settings
        from django.db import connection
        from django.test import Client

        from aspirations.models import Aspiration, Category
        from events.models import Operation
        from ngopi.accounts.enums import Role
        from ngopi.accounts.models import PoliceUnit, User
        from ngopi.dashboard import rollups
        from ngopi.seeding.load.activity import seed_dashboard_load

        seed_dashboard_load(aspirations=args.aspirations, sessions=args.sessions)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        rollups.refresh_rollups()
        polda = PoliceUnit.objects.get(code="load-polda")
        commander = User.objects.create(username="bench-dirbinmas", role=Role.COMMANDER, unit=polda)
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        client = Client()
        client.force_login(commander)  # a session row in the scratch database, which gunicorn reads
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        village = Aspiration.objects.values_list("village_id", flat=True).order_by("village_id").first()
        operation = (
            Operation.objects.filter(unit=polda).order_by("-starts_on").values_list("pk", flat=True)[0]
        )
        category = Category.objects.get(code="tawuran").pk
        queries = [
            "",
            f"?area={village}",
            f"?category={category}",
            f"?operation={operation}",
            "?period=week",
            f"?period=operation&operation={operation}",
            f"?area={village}&category={category}&operation={operation}",
        ]
        db = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "_settings",
            "PYTHONPATH": f"{BENCH}:{ROOT}",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db_name}",
            "STATIC_ROOT": tempfile.mkdtemp(prefix="ngopi-bench-static-"),
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "ERROR",
            "DEBUG": "0",
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "ngopi.wsgi",
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            time.sleep(4)
            from public_form import children_of

            [worker] = children_of(server.pid)
            statuses = []

            def get(query: str) -> None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                conn.request("GET", f"/dasbor/{query}", headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                statuses.append(response.status)
                conn.close()

            get("")
            first_rss, _ = memory(worker)
            for n in range(1, args.pages):
                get(queries[n % len(queries)])
            rss, peak = memory(worker)
        finally:
            server.terminate()
            server.wait(15)
        bad = sum(1 for status in statuses if status != 200)
        print(f"worker after 1 dashboard:   {first_rss:.0f} MiB")
        print(f"worker after {len(statuses)} dashboards: {rss:.0f} MiB (peak {peak:.0f} MiB), {bad} not 200")
        report(
            f"worker memory after {args.pages} dashboards",
            size=f"{args.aspirations:,} aspirations",
            figure=peak if not bad else None,
            unit="MiB peak",
            target=("figure", "<=", 120),
            note=f"RSS {rss:.0f} MiB (after the first page {first_rss:.0f}); {bad} responses not 200; "
            f"load {machine_load()}",
        )


if __name__ == "__main__":
    main()
