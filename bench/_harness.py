"""Shared set-up for benchmarks: Django on a scratch database created for the run and dropped after.

Run a benchmark with ``make bench`` or ``.venv/bin/python bench/<name>.py``. They use
DATABASE_URL (PostgreSQL on 127.0.0.1 by default, as the goals are stated for it).

Files whose name starts with ``_`` are helpers (this one, the HTTP benchmarks' settings and URLs),
not benchmarks: ``make bench`` runs every other ``bench/*.py``.

``BENCH_QUICK=1`` (``make bench BENCH_QUICK=1``) gives every benchmark small default sizes: the
figures mean nothing, but every benchmark is shown to start, run and finish in a few minutes.
Options given on the command line still win.
"""

import contextlib
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ngopi.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ngopi_bench")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # plain HTTP on loopback
os.environ.setdefault("NGOPI_IDENTITY_KEYS", "mo9VnwpMW6jmAtuCrh6bX1u4ldWfkBmTuXE9I039ePU=")  # bench only
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
# The pages are measured, not the sign-in: commanders are signed in without a second factor (as
# in the tests), else every dashboard request is a redirect to the two-factor set-up.
os.environ.setdefault("NGOPI_REQUIRE_2FA", "0")


QUICK = os.environ.get("BENCH_QUICK", "").strip().lower() in {"1", "true", "yes", "on"}


def quick(full, small):
    """A default size: ``full`` for a measurement, ``small`` under BENCH_QUICK."""
    return small if QUICK else full


@contextlib.contextmanager
def scratch_database():
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    # In-process renders use the plain storage: there is no collectstatic manifest here.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.test.utils import setup_test_environment

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield name
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def free_port() -> int:
    """A loopback port nobody listens on now (for a Redis or gunicorn the benchmark starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk(url, seconds, connections, script=None):
    """Drive ``url`` with wrk: (requests/s, requests, failed requests, p50 latency)."""
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failures = (int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
    return rps, total, failures, p50
