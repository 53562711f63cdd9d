"""Public form with Redis killed: submissions/s with Redis (cache and broker) up against the
same with it down, in one run, same gunicorn; also the errors and the submissions lost.

    .venv/bin/python bench/redis_down.py [--seconds 5] [--rounds 4] [--workers 4] [--connections 16]

Starts its own redis-server on a free port (cache and Celery broker of the gunicorn workers)
and gunicorn on a scratch PostgreSQL database with the demo world; rate limits are lifted so
every request is a full anonymous submission, one in ten of them urgent (its alert is queued to
the broker after commit). Rounds alternate: Redis up, Redis killed (SIGTERM, by pid), Redis
started again on the same port, ... Each round is preceded by two unmeasured seconds so the
workers have noticed the change (NGOPI_CACHE_RETRY_SECONDS=1). A submission is *lost* when wrk
counted a redirect to its receipt and no row was stored for it.

Needs `wrk` (apt-get install wrk) and `redis-server`.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
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


class Redis:
    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        if self.process and self.process.poll() is None:
            return
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def measure(args, redis, url, script, Aspiration, up, down):
    for _round in range(args.rounds):
        for state, results in (("up", up), ("down", down)):
            if state == "up":
                redis.start()
            else:
                redis.stop()
            wrk(url, 2, args.connections, script)  # not measured: the workers notice the change
            before = Aspiration.objects.count()
            rps, total, failures, _p50 = wrk(url, args.seconds, args.connections, script)
            stored = Aspiration.objects.count() - before
            # wrk stops mid-request: a request it started but did not count may be stored.
            results.append((rps, total, failures, max(total - failures - stored, 0)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=quick(5, 2), help="per round")
    parser.add_argument("--rounds", type=int, default=quick(4, 1))
    parser.add_argument("--workers", type=int, default=quick(4, 2))
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop gunicorn and Redis on the way out
    redis = Redis()
    redis.start()
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:{redis.port}/0"
    server = None
    try:
        with scratch_database() as db_name:
            from django.db import connection

            from aspirations.models import Aspiration, Category
            from ngopi.areas.models import Area
            from ngopi.seeding.demo.world import seed_world

            seed_world()
            rw = Area.objects.get(code="DEMO.3275.BKSSEL.PKYJ.RW018")
            category = Category.objects.get(code="tawuran")
            db = connection.settings_dict
            unlimited = "1000000000"
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "_settings",
                "PYTHONPATH": f"{BENCH}:{ROOT}",
                "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db_name}",
                "STATIC_ROOT": tempfile.mkdtemp(prefix="ngopi-bench-static-"),
                "ALLOWED_HOSTS": "127.0.0.1",
                "ASPIRATION_SUBMIT_LIMIT": unlimited,
                "ASPIRATION_SUBMIT_ADDRESS_LIMIT": unlimited,
                "ASPIRATION_SUBMIT_ADDRESS_MAX": unlimited,
                "NGOPI_CACHE_RETRY_SECONDS": "1",
                "LOG_LEVEL": "ERROR",  # the fallback's warning, once per worker per second, is expected
                "DEBUG": "0",
            }
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            port = free_port()
            gunicorn = ["-m", "gunicorn", "ngopi.wsgi", "-w", str(args.workers), "--log-level", "warning"]
            server = subprocess.Popen(
                [sys.executable, *gunicorn, "-b", f"127.0.0.1:{port}"],
                cwd=ROOT,
                env=env,
            )
            time.sleep(4)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            conn.request("GET", "/aspirasi/kirim/")
            response = conn.getresponse()
            html = response.read().decode()
            cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
            fields = {
                "csrfmiddlewaretoken": token,
                "kind": "tip",
                "category": category.pk,
                "description": "Ada rencana tawuran remaja malam Minggu di lapangan dekat RW 18.",
                "area": rw.pk,
                "location_detail": "Lapangan voli",
                "privacy": "anonymous",
                "homepage": "",
            }
            body = urllib.parse.urlencode(fields)
            urgent = urllib.parse.urlencode({**fields, "urgent": "on"})
            script = Path(tempfile.mkstemp(suffix=".lua")[1])
            script.write_text(
                textwrap.dedent(f"""
                local n = 0
                local headers = {{}}
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                headers["Cookie"] = "csrftoken={cookie}"
                request = function()
                    n = n + 1
                    local body = (n % 10 == 0) and "{urgent}" or "{body}"
                    return wrk.format("POST", nil, headers, body)
                end
            """)
            )
            url = f"http://127.0.0.1:{port}/aspirasi/kirim/"
            up, down = [], []  # per round: (req/s, requests, failures, lost)
            try:
                measure(args, redis, url, str(script), Aspiration, up, down)
            finally:  # before the scratch database is dropped: gunicorn holds connections to it
                server.terminate()
                server.wait(15)
                server = None
    finally:
        if server is not None:
            server.terminate()
            server.wait(15)
        redis.stop()
    up_rps, down_rps = (statistics.mean(r[0] for r in rows) for rows in (up, down))
    rounds = ", ".join(f"{d[0] / u[0]:.2f}x" if u[0] else "n/a" for u, d in zip(up, down, strict=True))
    print(f"gunicorn workers:         {args.workers} (sync), wrk connections: {args.connections}")
    print(f"rounds:                   {args.rounds} × ({args.seconds} s Redis up + {args.seconds} s killed)")
    for name, rows, rps in (("Redis up", up, up_rps), ("Redis killed", down, down_rps)):
        print(
            f"{name + ':':<26}{rps:.0f} submissions/s, {sum(r[1] for r in rows)} requests, "
            f"{sum(r[2] for r in rows)} errors, {sum(r[3] for r in rows)} lost"
        )
    print(f"ratio per round:          {rounds}")
    ratio = down_rps / up_rps if up_rps else None  # nothing served with Redis up: not measured
    print(f"ratio killed / up:        {ratio or 0:.2f}x (goal >= 0.9x, 0 errors, 0 lost)")
    errors = sum(r[2] for rows in (up, down) for r in rows)
    lost = sum(r[3] for rows in (up, down) for r in rows)
    size = f"{args.workers} workers, {args.rounds}x({args.seconds}+{args.seconds}) s"
    report(
        "form POST, Redis killed / up",
        size=size,
        figure=down_rps,
        unit="submissions/s",
        baseline=up_rps,
        baseline_name="with Redis/s",
        ratio=ratio,
        target=("ratio", ">=", 0.9),
        note=f"rounds {rounds}; load {machine_load()}",
    )
    report(
        "form POST with Redis killed: errors + lost",
        size=size,
        figure=errors + lost,
        unit="requests",
        target=("figure", "==", 0),
        note=f"{errors} errors, {lost} submissions lost",
        correctness=True,
    )


if __name__ == "__main__":
    main()
