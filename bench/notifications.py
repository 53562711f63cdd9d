"""10,000 due e-mail notifications delivered by one worker, against 10,000 no-op tasks on the
same broker and worker, measured in one run; counts duplicates.

    .venv/bin/python bench/notifications.py [--count 10000]

Starts its own Redis on a free port and one Celery worker (solo pool) on the scratch database;
e-mail goes to files so every delivered message can be counted.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import ROOT, free_port, quick, scratch_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=quick(10_000, 200))
    args = parser.parse_args()
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    redis = subprocess.Popen(
        [
            shutil.which("redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    os.environ["CELERY_BROKER_URL"] = broker
    os.environ["REDIS_URL"] = broker
    mail_dir = Path(tempfile.mkdtemp(prefix="ngopi-bench-mail-"))
    worker = None
    try:
        with scratch_database() as db_name:
            import redis as redis_client
            from django.db import connection

            from ngopi.accounts.enums import Role
            from ngopi.accounts.models import User
            from ngopi.celery import app
            from ngopi.notifications.enums import DeliveryStatus
            from ngopi.notifications.models import Delivery, Notification

            user = User.objects.create(
                username="bench-officer", email="officer@polri.example", role=Role.ADMINISTRATOR
            )
            db = connection.settings_dict
            env = {
                **os.environ,
                "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db_name}",
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": str(mail_dir),
            }
            worker = subprocess.Popen(
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
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            queue = redis_client.Redis.from_url(broker)
            time.sleep(3)  # worker start-up

            # Baseline: no-op tasks through the same broker and worker.
            with app.connection_for_write(broker) as conn:
                t0 = time.perf_counter()
                for _i in range(args.count):
                    app.send_task("core.ping", connection=conn)
            while queue.llen("celery"):
                time.sleep(0.05)
            time.sleep(0.5)  # the last message may still be in the worker's hands
            noop_seconds = time.perf_counter() - t0

            notes = Notification.objects.bulk_create(
                [
                    Notification(
                        recipient=user,
                        kind="session.reminder",
                        key=f"bench:{i}",
                        title=f"Pengingat {i}",
                        body="Ngopi Kamtibmas RW 18, 19:30 WIB",
                    )
                    for i in range(args.count)
                ],
                batch_size=2000,
            )
            Delivery.objects.bulk_create(
                [
                    Delivery(notification=n, channel="email", address=user.email, key=f"notification:{n.pk}")
                    for n in notes
                ],
                batch_size=2000,
            )
            with app.connection_for_write(broker) as conn:
                t0 = time.perf_counter()
                app.send_task("notifications.sweep", connection=conn)
            while Delivery.objects.filter(status=DeliveryStatus.SENT).count() < args.count:
                time.sleep(0.2)
            deliver_seconds = time.perf_counter() - t0
            time.sleep(0.5)
            delivered = sum(
                p.read_text(errors="replace").count("\nSubject: ") for p in mail_dir.glob("*.log")
            )

            print(f"notifications:            {args.count}")
            print(f"no-op tasks:              {noop_seconds:.2f} s ({args.count / noop_seconds:.0f}/s)")
            print(f"delivery (one worker):    {deliver_seconds:.2f} s ({args.count / deliver_seconds:.0f}/s)")
            print(f"ratio delivery / no-op:   {deliver_seconds / noop_seconds:.2f}x")
            print(f"e-mails written:          {delivered} (duplicates: {delivered - args.count})")
    finally:
        if worker is not None:
            worker.kill()
            worker.wait()
        redis.terminate()
        redis.wait()
        shutil.rmtree(mail_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
