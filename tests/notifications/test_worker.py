"""Real Redis, real Celery worker processes: delivery end to end, a broker outage, a killed worker.

Each test starts its own Redis on a free port and its own workers, and stops only those, by pid.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from aspirations.models import Aspiration
from ngopi.celery import app
from ngopi.notifications.enums import EmailStatus
from ngopi.notifications.models import Notification
from ngopi.notifications.services import Message, notify

ROOT = Path(settings.BASE_DIR)
REDIS = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(
    REDIS is None and not os.environ.get("CI"), reason="redis-server not installed"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout=60.0, step=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


class RedisServer:
    def __init__(self, port):
        self.port = port
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(self._answers, timeout=10), "redis did not start"

    def _answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


def send(name, url):
    """Send a task over a fresh connection (the app's pool may still hold the dead broker's)."""
    with app.connection_for_write(url) as conn:
        app.send_task(name, connection=conn)


def reset_pools():
    """Forget the connections to the previous broker (after changing its URL or restarting it)."""
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_server():
    server = RedisServer(free_port())
    server.start()
    original = app.conf.broker_url
    app.conf.broker_url = server.url
    reset_pools()
    yield server
    app.conf.broker_url = original
    reset_pools()
    server.stop()


@pytest.fixture
def mail_dir(tmp_path):
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def start_worker(reference_data, mail_dir):
    started = []

    def _start(broker_url, name, lease_seconds=600):
        db = connection.settings_dict
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
            if connection.vendor == "postgresql"
            else f"sqlite:///{db['NAME']}",
            "CELERY_BROKER_URL": broker_url,
            "REDIS_URL": broker_url,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            "NGOPI_EMAIL_CLAIM_LEASE_SECONDS": str(lease_seconds),
            "DEBUG": "0",
        }
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "ngopi",
                "worker",
                "--pool=solo",
                "--loglevel=WARNING",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
                "-n",
                f"{name}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(process)
        return process

    yield _start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def sent_files(mail_dir):
    return sum(path.read_text(errors="replace").count("\nSubject: ") for path in mail_dir.glob("*.log"))


def message_ids(mail_dir):
    import re

    return [
        found
        for path in mail_dir.glob("*.log")
        for found in re.findall(r"^Message-ID: (\S+)", path.read_text(errors="replace"), re.MULTILINE)
    ]


def messages_for(user, count, prefix):
    return [
        Message(
            recipient=user,
            kind="session.changed",
            key=f"{prefix}:{i}",
            render=lambda i=i: (f"Kegiatan dibatalkan {i}", "Alasan: uji"),
        )
        for i in range(count)
    ]


def test_real_worker_on_real_redis_delivers_a_notification(redis_server, start_worker, bhabin, mail_dir):
    start_worker(redis_server.url, "w1")
    from django.db import transaction

    with transaction.atomic():
        notify(messages_for(bhabin, 1, "e2e"))  # queued to the worker on commit
    assert wait_for(lambda: Notification.objects.filter(email_status=EmailStatus.SENT).count() == 1)
    assert sent_files(mail_dir) == 1


def test_broker_down_then_back_delivers_every_notification_exactly_once(
    redis_server, start_worker, world, bhabin, kapolsek, mail_dir, settings, tmp_path
):
    from tests.aspirations.factories import make_aspiration

    settings.MEDIA_ROOT = tmp_path / "media"
    redis_server.stop()  # the broker dies
    started = time.monotonic()
    for i in range(190):  # residents keep submitting: each is routed to bhabin, announced later
        make_aspiration(rw=world.rw18, description=f"Laporan warga nomor {i}")
    for i in range(10):  # urgent ones alert bhabin and the Kapolsek in the submission itself
        make_aspiration(rw=world.rw18, description=f"Tawuran sedang terjadi {i}", urgent=True)
    elapsed = time.monotonic() - started
    assert elapsed < 60, f"200 submissions took {elapsed:.1f}s with the broker down"
    assert Aspiration.objects.filter(announced_at__isnull=True).count() == 190
    assert Notification.objects.filter(email_status=EmailStatus.PENDING, recipient=bhabin).count() == 10

    redis_server.start()  # the broker is back (same port); a worker, the announcer and the sweeper run
    start_worker(redis_server.url, "w2")
    send("aspirations.announce_new", redis_server.url)
    assert wait_for(lambda: not Aspiration.objects.filter(announced_at__isnull=True).exists(), timeout=60)
    send("notifications.sweep", redis_server.url)
    # 200 for bhabin (190 assigned, 10 urgent) and 10 urgent alerts for the Kapolsek.
    assert wait_for(
        lambda: Notification.objects.filter(email_status=EmailStatus.SENT).count() == 210, timeout=90
    )
    assert Notification.objects.filter(recipient=bhabin).count() == 200
    assert Notification.objects.filter(recipient=kapolsek).count() == 10
    time.sleep(1)
    assert sent_files(mail_dir) == 210
    assert set(Notification.objects.values_list("email_attempts", flat=True)) == {1}


def test_killed_worker_its_claims_are_delivered_by_the_next(redis_server, start_worker, bhabin, mail_dir):
    from django.db import transaction

    with transaction.atomic():
        Notification.objects.bulk_create(
            [
                Notification(recipient=bhabin, kind="session.reminder", key=f"k{i}", title=f"Pengingat {i}")
                for i in range(400)
            ]
        )
    first = start_worker(redis_server.url, "doomed")
    send("notifications.deliver_pending", redis_server.url)
    assert wait_for(lambda: sent_files(mail_dir) >= 20, timeout=60)
    os.kill(first.pid, signal.SIGKILL)  # mid-run, with rows claimed but not all sent
    first.wait(10)
    stuck = Notification.objects.exclude(email_status=EmailStatus.SENT).count()
    assert stuck > 0

    start_worker(redis_server.url, "heir", lease_seconds=2)
    time.sleep(2.5)
    send("notifications.sweep", redis_server.url)
    assert wait_for(
        lambda: Notification.objects.filter(email_status=EmailStatus.SENT).count() == 400, timeout=90
    )
    time.sleep(1)
    delivered = sent_files(mail_dir)
    ids = message_ids(mail_dir)
    # Every reminder arrives, each under its own stable Message-ID: a worker killed between
    # handing a message to SMTP and recording it can hand over the same message once more.
    assert len(set(ids)) == 400
    assert len(ids) == delivered
    assert delivered <= 401, delivered
