"""The Makefile's declared targets do what README says: ``make bench`` runs every benchmark (and
only benchmarks), ``make check`` has a rule.

Make is told to take the virtualenv and the catalogues as they are (``-o``): these tests check the
Makefile's rules, not pip.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
MAKE = shutil.which("make")
pytestmark = pytest.mark.skipif(MAKE is None and not os.environ.get("CI"), reason="make not installed")

AS_IS = ["-o", ".venv/.installed", "-o", "messages"]


def make(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [MAKE or "make", "--no-print-directory", *AS_IS, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_make_bench_starts_every_benchmark_and_no_helper():
    run = make("bench", "BENCH_ARGS=--help")
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    benchmarks = sorted(p.stem for p in (ROOT / "bench").glob("*.py") if not p.name.startswith("_"))
    started = [line[3:] for line in run.stdout.splitlines() if line.startswith("== ") and ":" not in line]
    assert started == benchmarks
    assert run.stdout.count("usage: ") == len(benchmarks)


def test_make_bench_helpers_are_not_benchmarks():
    """Anything ``make bench`` skips (``_*.py``) imports the project only through the harness or as
    settings; a module that is not a benchmark and not named so would be run as one."""
    for path in (ROOT / "bench").glob("*.py"):
        source = path.read_text()
        if not path.name.startswith("_"):
            assert 'if __name__ == "__main__":' in source, f"{path.name} is run by make bench"


def test_make_check_runs_the_system_checks():
    run = make("--dry-run", "check")
    assert run.returncode == 0, run.stderr
    assert "manage.py check" in run.stdout
    assert "ruff check" in run.stdout
    assert "makemigrations --check" in run.stdout


def test_make_run_links_emails_to_the_port_it_serves():
    run = make("--dry-run", "run", "NGOPI_PORT=8123")
    assert run.returncode == 0, run.stderr
    [start] = [line for line in run.stdout.splitlines() if "honcho start" in line]
    assert "NGOPI_PORT=8123" in start
    assert "NGOPI_SITE_URL=http://127.0.0.1:8123 " in start  # e-mails link where the app runs
    [seed] = [line for line in run.stdout.splitlines() if "seed_demo" in line]
    assert "NGOPI_SITE_URL=http://127.0.0.1:8123 " in seed
    assert "E-mails link to http://127.0.0.1:8123/" in run.stdout


def test_make_run_keeps_a_given_site_url():
    run = make("--dry-run", "run", "NGOPI_PORT=8123", "NGOPI_SITE_URL=https://ngopi.example.go.id")
    assert run.returncode == 0, run.stderr
    [start] = [line for line in run.stdout.splitlines() if "honcho start" in line]
    assert "NGOPI_SITE_URL=https://ngopi.example.go.id " in start
