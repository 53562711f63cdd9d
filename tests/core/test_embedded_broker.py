"""The embedded default (no Redis): Celery on kombu's filesystem transport keeps every file it
writes under NGOPI_VAR_DIR, whatever directory the worker, beat or web process was started in,
so they all see the same queues and exchange tables (and nothing lands in the checkout).

Each test starts its own worker and beat, exactly as ``make run`` does (Procfile.dev), and stops
only those, by pid.
"""

import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def procfile_command(name: str) -> list[str]:
    """The command ``make run`` starts for ``name``, with this interpreter."""
    for line in (ROOT / "Procfile.dev").read_text().splitlines():
        if line.startswith(f"{name}:"):
            words = shlex.split(line.partition(":")[2])
            assert words[0].endswith("/celery"), words
            return [sys.executable, "-m", "celery", *words[1:]]
    raise AssertionError(f"no {name} in Procfile.dev")


def files_under(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*") if p.is_file())


def wait_for(predicate, timeout=90.0, step=0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


@pytest.fixture
def embedded(tmp_path):
    """An environment with no broker set (the filesystem transport) and its own var folder."""
    env = {
        **os.environ,
        "CELERY_BROKER_URL": "",
        "REDIS_URL": "",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "NGOPI_VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": str(ROOT),
        "DEBUG": "1",
    }
    return env


@pytest.fixture
def start(tmp_path):
    started: list[subprocess.Popen] = []
    logs = []

    def _start(name: str, *, cwd: Path, env: dict) -> subprocess.Popen:
        cwd.mkdir(parents=True, exist_ok=True)
        logs.append(open(tmp_path / f"{name}.log", "ab"))  # noqa: SIM115 (closed below)
        process = subprocess.Popen(
            procfile_command(name), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=logs[-1]
        )
        started.append(process)
        return process

    yield _start
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
    for log in logs:
        log.close()


def ping(*, cwd: Path, env: dict) -> list:
    """What a process started elsewhere (the web server, ``celery inspect``) hears back."""
    cwd.mkdir(parents=True, exist_ok=True)
    script = "import json; from ngopi.celery import app; print(json.dumps(app.control.ping(timeout=3)))"
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_embedded_worker_answers_a_process_started_in_another_directory(tmp_path, embedded, start):
    worker = start("worker", cwd=tmp_path / "worker-cwd", env=embedded)
    replies: list = []

    def answered():
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]
        replies[:] = ping(cwd=tmp_path / "web-cwd", env=embedded)
        return bool(replies)

    assert wait_for(answered, timeout=120, step=1), (tmp_path / "worker.log").read_text()[-3000:]
    assert list(replies[0].values()) == [{"ok": "pong"}]


def test_embedded_worker_and_beat_write_only_under_the_var_folder(tmp_path, embedded, start):
    cwd = tmp_path / "checkout"
    var = Path(embedded["NGOPI_VAR_DIR"])
    worker = start("worker", cwd=cwd, env=embedded)
    beat = start("beat", cwd=cwd, env=embedded)

    def bound():
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]
        assert beat.poll() is None, (tmp_path / "beat.log").read_text()[-3000:]
        found = files_under(tmp_path)  # wherever they land: the assertions below say where
        return any(name.endswith("celery.pidbox.exchange") for name in found) and any(
            "celerybeat-schedule" in name for name in found
        )

    assert wait_for(bound, timeout=120), files_under(tmp_path)
    assert files_under(cwd) == []
    assert {"celery.exchange", "celery.pidbox.exchange"} <= {
        p.name for p in (var / "celery" / "control").iterdir()
    }
