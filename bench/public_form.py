"""Public aspiration form under load: submissions/s against a bare "hello" view, same gunicorn,
same middleware, measured in one run with wrk.

    .venv/bin/python bench/public_form.py [--seconds 15] [--workers 4] [--connections 16]

Needs `wrk` (apt-get install wrk). Runs gunicorn on a scratch PostgreSQL database with the demo
world, Redis on 127.0.0.1:6379 db 12 as cache and broker, rate limits lifted; every request is a
full anonymous submission (routing, deadline, timeline row, notification row, broker kick).
"""

import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
from pathlib import Path

from _harness import ROOT, scratch_database

BENCH = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk(url, seconds, connections, script=None):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failures = (int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
    return rps, total, failures, p50


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    os.environ["REDIS_URL"] = "redis://127.0.0.1:6379/12"
    with scratch_database() as db_name:
        from django.db import connection

        from aspirations.models import Aspiration, Category
        from ngopi.areas.models import Area
        from ngopi.core.demo import seed_world

        seed_world()
        rw = Area.objects.get(code="DEMO.3275.BKSSEL.PKYJ.RW018")
        category = Category.objects.get(code="tawuran")
        static_root = tempfile.mkdtemp(prefix="ngopi-bench-static-")
        db = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": f"{BENCH}:{ROOT}",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db_name}",
            "STATIC_ROOT": static_root,
            "ALLOWED_HOSTS": "127.0.0.1",
            "ASPIRATION_SUBMIT_LIMIT": "1000000000",
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
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
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
            hello_rps, _hello_total, hello_fail, hello_p50 = wrk(
                f"{base}/bench/hello/", args.seconds, args.connections
            )
            form_rps, form_total, form_fail, form_p50 = wrk(
                f"{base}/aspirasi/kirim/", args.seconds, args.connections, str(script)
            )
            stored = Aspiration.objects.count()
        finally:
            server.terminate()
            server.wait(15)
        print(f"gunicorn workers:         {args.workers} (sync), wrk connections: {args.connections}")
        print(f"hello view:               {hello_rps:.0f} req/s, p50 {hello_p50}, {hello_fail} errors")
        print(f"public form POST:         {form_rps:.0f} submissions/s, p50 {form_p50}, {form_fail} errors")
        print(f"aspirations stored:       {stored} (wrk completed {form_total})")
        print(f"ratio form / hello:       {form_rps / hello_rps:.2f}x (goal >= 0.2x and >= 100/s)")


if __name__ == "__main__":
    main()
