"""Public aspiration form under load: submissions/s against a bare "hello" view, same gunicorn,
same middleware, measured in one run with wrk; also the CPU each costs in the gunicorn workers and
(for the form) in PostgreSQL, read from /proc.

    .venv/bin/python bench/public_form.py [--seconds 15] [--rounds 3] [--warmup 2] [--workers 4]
                                          [--connections 16] [--no-areas]

Each load first runs ``--warmup`` seconds unmeasured (the workers' first requests load code and
data once per process). Then the two alternate in ``--rounds`` rounds (hello, form, hello,
form, ...) sharing ``--seconds`` each, so a change in the machine's speed during the run weighs
on both alike.

Needs `wrk` (apt-get install wrk). Runs gunicorn on a scratch PostgreSQL database with the demo
world and (unless ``--no-areas``) a Polda's 3,000 RWs from ``seed_units_and_areas``, Redis on
127.0.0.1:6379 db 12 (or BENCH_REDIS_URL) as cache and broker, rate limits lifted; every request
is a full anonymous submission (rate-limit count, validation, routing, deadline, the aspiration
and its timeline row; the announcer task tells the officer later). It also reports the form page
a phone downloads: its size and the time to render it, in process.
"""

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
from pathlib import Path

from _harness import ROOT, free_port, machine_load, quick, report, scratch_database, wrk

BENCH = Path(__file__).resolve().parent


def children_of(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (the gunicorn workers of the arbiter)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{pid}$", status, re.MULTILINE):
                found.append(int(entry.name))
    return found


def cpu_seconds(pids) -> float:
    """User plus system CPU time the processes have used so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def form_page(requests: int = 20) -> str:
    """The form page a phone downloads: its size and the server's time to render it (in process)."""
    from django.conf import settings
    from django.test import Client

    from aspirations import routing

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    routing.forget()
    client = Client()
    size = len(client.get("/aspirasi/kirim/").content)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get("/aspirasi/kirim/")
        times.append((time.perf_counter() - start) * 1000)
    rws = len(routing.current().rws)
    return f"{rws} RWs offered, page {size / 1024:.1f} KB, p50 {statistics.median(times):.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=quick(15, 2))
    parser.add_argument("--rounds", type=int, default=quick(3, 1))
    parser.add_argument("--warmup", type=int, default=quick(2, 1))
    parser.add_argument("--no-areas", dest="areas", action="store_false", help="only the demo world's RWs")
    parser.add_argument("--workers", type=int, default=quick(4, 2))
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/12"
    with scratch_database() as db_name:
        from django.db import connection

        from aspirations.models import Aspiration, Category
        from ngopi.areas.models import Area
        from ngopi.seeding.demo.world import seed_world
        from ngopi.seeding.load.units import seed_units_and_areas

        seed_world()
        if args.areas:
            seed_units_and_areas()  # a Polda's worth of RWs for the form page to (not) list
        rw = Area.objects.get(code="DEMO.3275.BKSSEL.PKYJ.RW018")
        page = form_page()
        category = Category.objects.get(code="tawuran")
        static_root = tempfile.mkdtemp(prefix="ngopi-bench-static-")
        db = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "_settings",
            "PYTHONPATH": f"{BENCH}:{ROOT}",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db_name}",
            "STATIC_ROOT": static_root,
            "ALLOWED_HOSTS": "127.0.0.1",
            # Every request a full submission: the per-browser and the per-address limits lifted
            # (wrk sends them all from one address; without this all but the first 50 are refused).
            "ASPIRATION_SUBMIT_LIMIT": "1000000000",
            "ASPIRATION_SUBMIT_ADDRESS_LIMIT": "1000000000",
            "ASPIRATION_SUBMIT_ADDRESS_MAX": "1000000000",
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
                str(args.workers),
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            time.sleep(4)
            # A busy machine may take a while to answer the first request (workers loading).
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            conn.request("GET", "/aspirasi/kirim/")
            response = conn.getresponse()
            html = response.read().decode()
            cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "kind": "tip",
                    "category": category.pk,
                    "description": "Ada rencana tawuran remaja malam Minggu di lapangan dekat RW 18.",
                    "area": rw.pk,
                    "location_detail": "Lapangan voli",
                    "privacy": "anonymous",
                    "homepage": "",
                }
            )
            script = Path(tempfile.mkstemp(suffix=".lua")[1])
            script.write_text(
                textwrap.dedent(f"""
                wrk.method = "POST"
                wrk.body = "{body}"
                wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
                wrk.headers["Cookie"] = "csrftoken={cookie}"
            """)
            )
            base = f"http://127.0.0.1:{port}"
            # The page a poster's QR code opens (GET, with its RW), then the submission (POST).
            page_url = f"{base}/aspirasi/kirim/?area={rw.pk}"
            loads = (
                (f"{base}/bench/hello/", None),
                (page_url, None),
                (f"{base}/aspirasi/kirim/", str(script)),
            )
            for url, script_path in loads:
                wrk(url, args.warmup, args.connections, script_path)  # not measured: first requests
            workers = children_of(server.pid)
            seconds = max(args.seconds // args.rounds, 1)
            hello, pages, form = [], [], []  # per round: (req/s, requests, failures, p50, gunicorn CPU s)
            for _round in range(args.rounds):
                for url, script_path, results in (
                    (f"{base}/bench/hello/", None, hello),
                    (page_url, None, pages),
                    (f"{base}/aspirasi/kirim/", str(script), form),
                ):
                    before = cpu_seconds(workers)
                    measured = wrk(url, seconds, args.connections, script_path)
                    results.append((*measured, cpu_seconds(workers) - before))
            stored = Aspiration.objects.count()
            with connection.cursor() as cursor:  # the workers' PostgreSQL backends (they served the form)
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    [db_name],
                )
                backends = [pid for (pid,) in cursor.fetchall()]
            cpu_postgres = cpu_seconds(backends)
        finally:
            server.terminate()
            server.wait(15)
        page_rps = statistics.mean(r[0] for r in pages)
        page_fail = sum(r[2] for r in pages)
        page_cpu = sum(r[4] for r in pages) / sum(r[1] for r in pages) * 1000
        hello_rps, form_rps = (statistics.mean(r[0] for r in rows) for rows in (hello, form))
        hello_total, form_total = (sum(r[1] for r in rows) for rows in (hello, form))
        hello_fail, form_fail = (sum(r[2] for r in rows) for rows in (hello, form))
        hello_cpu, form_cpu = (sum(r[4] for r in rows) for rows in (hello, form))
        rounds = ", ".join(f"{f[0] / h[0]:.2f}x" for h, f in zip(hello, form, strict=True))
        print(f"gunicorn workers:         {args.workers} (sync), wrk connections: {args.connections}")
        print(f"rounds:                   {args.rounds} × ({seconds} s hello + {seconds} s form)")
        print(f"hello view:               {hello_rps:.0f} req/s, {hello_fail} errors")
        print(f"public form POST:         {form_rps:.0f} submissions/s, {form_fail} errors")
        print(f"p50 latency, last round:  hello {hello[-1][3]}, form {form[-1][3]}")
        print(f"aspirations stored:       {stored} (wrk completed {form_total})")
        per_hello, per_form = hello_cpu / hello_total * 1000, form_cpu / form_total * 1000
        print(
            f"CPU per request:          hello {per_hello:.2f} ms of gunicorn; submission {per_form:.2f} ms "
            f"of gunicorn + {cpu_postgres / form_total * 1000:.2f} ms of PostgreSQL"
        )
        print(f"form page (GET):          {page}")
        print(f"ratio per round (POST):   {rounds}")
        print(
            f"form page GET:            {page_rps:.0f} pages/s, {page_fail} errors, "
            f"{page_cpu:.2f} ms CPU each"
        )
        print(f"ratio form / hello:       {form_rps / hello_rps:.2f}x (goal >= 0.2x and >= 100/s)")
        print(f"ratio page GET / hello:   {page_rps / hello_rps:.2f}x (goal >= 0.25x)")
        size = f"{args.workers} workers, {args.rounds}x{seconds}s, load {machine_load()}"
        report(
            "form GET / hello",
            size=size,
            figure=page_rps,
            unit="pages/s",
            baseline=hello_rps,
            baseline_name="hello/s",
            ratio=page_rps / hello_rps,
            target=("ratio", ">=", 0.25),
            note=f"{page_fail} errors; {page_cpu:.2f} ms gunicorn CPU per page vs hello {per_hello:.2f}",
        )
        report(
            "form POST / hello",
            size=size,
            figure=form_rps,
            unit="submissions/s",
            baseline=hello_rps,
            baseline_name="hello/s",
            ratio=form_rps / hello_rps,
            # The issue accepts the write's 0.13x for now (its goal 0.2x is not met, docs/benchmarks.md):
            # the target here is that it does not regress below what the issue measured.
            target=("ratio", ">=", 0.13),
            note=f"{form_fail} errors; stored {stored} of {form_total}; 0.2x goal deferred by the issue",
        )


if __name__ == "__main__":
    main()
