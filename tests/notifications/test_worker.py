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
from ngopi.notifications.enums import DeliveryStatus
from ngopi.notifications.models import Delivery, Notification
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


FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
SLOW_BACKEND = "tests.notifications.slow_mail.SlowFileBackend"


def worker_env(broker_url, mail_dir):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        if connection.vendor == "postgresql"
        else f"sqlite:///{db['NAME']}",
        "CELERY_BROKER_URL": broker_url,
        "REDIS_URL": broker_url,
        "EMAIL_FILE_PATH": str(mail_dir),
        "DEBUG": "0",
    }
    env.pop("NGOPI_EMAIL_CLAIM_LEASE_SECONDS", None)
    return env


@pytest.fixture
def start_beat(reference_data, mail_dir, tmp_path):
    """Celery beat with the production schedule (the sweeper every minute)."""
    started = []

    def _start(broker_url):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "ngopi",
                "beat",
                "--loglevel=WARNING",
                f"--schedule={tmp_path / 'beat-schedule'}",
                f"--pidfile={tmp_path / 'beat.pid'}",
            ],
            cwd=ROOT,
            env=worker_env(broker_url, mail_dir),
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


@pytest.fixture
def start_worker(reference_data, mail_dir):
    started = []

    def _start(broker_url, name, lease_seconds=None, email_backend=FILE_BACKEND, mail_seconds=None):
        env = worker_env(broker_url, mail_dir)
        env["EMAIL_BACKEND"] = email_backend
        if lease_seconds is not None:  # else the production default
            env["NGOPI_EMAIL_CLAIM_LEASE_SECONDS"] = str(lease_seconds)
        if mail_seconds is not None:
            env["SLOW_MAIL_SECONDS"] = str(mail_seconds)
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


def bulk_notify(rows):
    """Notifications with their e-mail deliveries, as ``notify`` writes them, in two inserts."""
    created = Notification.objects.bulk_create(rows)
    Delivery.objects.bulk_create(
        Delivery(
            notification=n,
            channel="email",
            address=n.recipient.email,
            key=f"notification:{n.pk}",
            urgent=n.urgent,
        )
        for n in created
    )


def test_real_worker_on_real_redis_delivers_a_notification(redis_server, start_worker, bhabin, mail_dir):
    start_worker(redis_server.url, "w1")
    from django.db import transaction

    with transaction.atomic():
        notify(messages_for(bhabin, 1, "e2e"))  # queued to the worker on commit
    assert wait_for(lambda: Delivery.objects.filter(channel="email", status=DeliveryStatus.SENT).count() == 1)
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
    assert (
        Delivery.objects.filter(status=DeliveryStatus.PENDING, notification__recipient=bhabin).count() == 10
    )

    redis_server.start()  # the broker is back (same port); a worker, the announcer and the sweeper run
    start_worker(redis_server.url, "w2")
    send("aspirations.announce_new", redis_server.url)
    assert wait_for(lambda: not Aspiration.objects.filter(announced_at__isnull=True).exists(), timeout=60)
    send("notifications.sweep", redis_server.url)
    # 200 for bhabin (190 assigned, 10 urgent) and 10 urgent alerts for the Kapolsek.
    assert wait_for(
        lambda: Delivery.objects.filter(channel="email", status=DeliveryStatus.SENT).count() == 210,
        timeout=90,
    )
    assert Notification.objects.filter(recipient=bhabin).count() == 200
    assert Notification.objects.filter(recipient=kapolsek).count() == 10
    time.sleep(1)
    assert sent_files(mail_dir) == 210
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}


def test_killed_worker_its_claims_are_delivered_by_the_next(redis_server, start_worker, bhabin, mail_dir):
    from django.db import transaction

    with transaction.atomic():
        bulk_notify(
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
    stuck = Delivery.objects.exclude(status=DeliveryStatus.SENT).count()
    assert stuck > 0

    start_worker(redis_server.url, "heir", lease_seconds=2)
    time.sleep(2.5)
    send("notifications.sweep", redis_server.url)
    assert wait_for(
        lambda: Delivery.objects.filter(channel="email", status=DeliveryStatus.SENT).count() == 400,
        timeout=90,
    )
    time.sleep(1)
    delivered = sent_files(mail_dir)
    ids = message_ids(mail_dir)
    # Every reminder arrives, each under its own stable Message-ID: a worker killed between
    # handing a message to SMTP and recording it can hand over the same message once more.
    assert len(set(ids)) == 400
    assert len(ids) == delivered
    assert delivered <= 401, delivered


def test_killed_worker_its_urgent_alerts_are_taken_over_within_two_minutes(
    redis_server, start_worker, start_beat, bhabin, mail_dir
):
    """The production defaults (lease, sweeper every minute by beat) are what is measured."""
    from django.db import transaction

    with transaction.atomic():
        bulk_notify(
            [
                Notification(
                    recipient=bhabin, kind="aspiration.urgent", key=f"u{i}", title=f"Darurat {i}", urgent=True
                )
                for i in range(60)
            ]
            + [
                Notification(recipient=bhabin, kind="session.reminder", key=f"r{i}", title=f"Pengingat {i}")
                for i in range(300)
            ]
        )
    # A slow SMTP server: the worker is still sending its batch when it dies.
    first = start_worker(redis_server.url, "doomed", email_backend=SLOW_BACKEND, mail_seconds=0.25)
    send("notifications.deliver_pending", redis_server.url)
    assert wait_for(lambda: sent_files(mail_dir) >= 10, timeout=60)
    os.kill(first.pid, signal.SIGKILL)
    killed = time.monotonic()
    first.wait(10)
    urgent = Delivery.objects.filter(urgent=True)
    assert urgent.filter(status=DeliveryStatus.SENDING).count() > 0

    start_worker(redis_server.url, "heir")  # production defaults
    start_beat(redis_server.url)
    assert wait_for(lambda: not urgent.exclude(status=DeliveryStatus.SENT).exists(), timeout=150, step=0.5)
    takeover = time.monotonic() - killed
    print(f"urgent alerts of the killed worker delivered {takeover:.1f} s after its death")
    assert takeover <= 120, f"urgent alerts taken over after {takeover:.1f} s"

    assert wait_for(
        lambda: Delivery.objects.filter(channel="email", status=DeliveryStatus.SENT).count() == 360,
        timeout=60,
    )
    time.sleep(1)
    ids = message_ids(mail_dir)
    assert len(set(ids)) == 360
    assert len(ids) <= 361, len(ids)  # at most the one the doomed worker was handing over


def test_live_worker_with_a_batch_longer_than_its_lease_keeps_it(
    redis_server, start_worker, bhabin, mail_dir
):
    """A batch that outlasts the lease is renewed while it is sent: nobody takes it over."""
    from django.db import transaction

    with transaction.atomic():
        bulk_notify(
            [
                Notification(recipient=bhabin, kind="session.reminder", key=f"k{i}", title=f"Pengingat {i}")
                for i in range(60)
            ]
        )
    start_worker(redis_server.url, "busy", lease_seconds=2, email_backend=SLOW_BACKEND, mail_seconds=0.1)
    send("notifications.deliver_pending", redis_server.url)
    assert wait_for(lambda: sent_files(mail_dir) >= 5, timeout=60)
    start_worker(redis_server.url, "idle", lease_seconds=2)
    for _ in range(3):  # the sweeper runs on the idle worker while the busy one is still sending
        time.sleep(1.5)
        send("notifications.sweep", redis_server.url)
    assert wait_for(
        lambda: Delivery.objects.filter(channel="email", status=DeliveryStatus.SENT).count() == 60, timeout=60
    )
    time.sleep(1)
    ids = message_ids(mail_dir)
    assert sorted(ids) == sorted(set(ids)), "an e-mail was sent twice"
    assert len(ids) == 60
