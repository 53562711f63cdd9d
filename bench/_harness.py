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
import json
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


def aspirations_default() -> int:
    """How many aspirations the data-size benchmarks load unless told: BENCH_ASPIRATIONS (``make
    bench BENCH_ASPIRATIONS=10000000``, or ``bench/_run.py --aspirations``), else 1,000,000 (2,000
    under BENCH_QUICK)."""
    return int(os.environ.get("BENCH_ASPIRATIONS") or quick(1_000_000, 2_000))


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


def start_redis(port: int) -> subprocess.Popen:
    """A redis-server of the benchmark's own on ``port`` (nothing saved to disk); the caller
    stops it by its process (never another Redis)."""
    import shutil

    command = [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1"]
    return subprocess.Popen([*command, "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)


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


# --- Results -------------------------------------------------------------------------------------
# Every benchmark reports each figure it measured with ``report``: one JSON line on stdout, tagged
# so the runner (bench/_run.py, ``make bench``) can collect it among the human-readable output.
RESULT_TAG = "BENCH-RESULT "
_OPS = {"<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b, "==": lambda a, b: a == b}


def report(
    scenario: str,
    *,
    size: str,
    figure: float | None,
    unit: str,
    baseline: float | None = None,
    baseline_name: str = "",
    ratio: float | None = None,
    target: tuple[str, str, float] | None = None,
    note: str = "",
    correctness: bool = False,
) -> dict:
    """One measured figure, with its baseline (measured in the same run) and its target.

    ``target`` is ``(what, op, limit)``: ``what`` is ``"figure"`` or ``"ratio"``, ``op`` one of
    ``<=``, ``>=``, ``==``. The verdict is ``pass``/``FAIL`` only when that value was measured
    here at full size; ``not measured`` when it was not, ``not judged (quick)`` under BENCH_QUICK
    (the sizes are too small for the figure to mean anything) and ``no target`` without one.
    A ``correctness`` figure (duplicates, missing rows, errors) is judged at any size.
    """
    if target is None:
        verdict = "no target"
    else:
        what, op, limit = target
        value = figure if what == "figure" else ratio
        if value is None:
            verdict = "not measured"
        elif QUICK and not correctness:
            verdict = "not judged (quick)"
        else:
            verdict = "pass" if _OPS[op](value, limit) else "FAIL"
    row = {
        "scenario": scenario,
        "size": size,
        "figure": figure,
        "unit": unit,
        "baseline": baseline,
        "baseline_name": baseline_name,
        "ratio": ratio,
        "target": None if target is None else f"{target[0]} {target[1]} {target[2]:g}",
        "verdict": verdict,
        "quick": QUICK,
        "note": note,
    }
    print(RESULT_TAG + json.dumps(row, ensure_ascii=False), flush=True)
    return row


def machine_load() -> str:
    """The load average when measured (others share the machine's two cores)."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
