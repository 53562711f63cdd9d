"""10,000 due e-mail notifications delivered by one worker, against 10,000 no-op tasks on the
same broker and worker, measured in one run; counts duplicates. Then a second round with two
workers, the second killed (SIGKILL) while it sends: every notification must still go out once
(its claims lapse and the survivor's sweep takes them over), none twice.

    .venv/bin/python bench/notifications.py [--count 10000] [--lease 6] [--kills 1]

``--kills K`` kills a second worker K times in the second round (each time while it holds claimed
rows, then starts a new one): with many kills the repeats counted measure how wide the window is
between a message leaving and its row being recorded (e.g. ``--count 50000 --kills 25``).

Starts its own Redis on a free port and Celery workers (solo pool) on the scratch database;
e-mail goes to files so every delivered message can be counted by its Message-ID (stable per
notification: a repeat after a crash carries the same one).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import ROOT, free_port, machine_load, quick, report, scratch_database, start_redis


def mail_ids(folder: Path) -> dict[int, int]:
    """Notification id -> how many e-mails carried its Message-ID."""
    found: dict[int, int] = {}
    for path in folder.glob("*.log"):
        for pk in re.findall(r"Message-ID: <notification-(\d+)@", path.read_text(errors="replace")):
            found[int(pk)] = found.get(int(pk), 0) + 1
    return found


def due_emails(user, prefix: str, count: int) -> list:
    """``count`` notifications to ``user``, each with its e-mail delivery due now."""
    from ngopi.notifications.models import Delivery, Notification

    notes = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind="session.reminder",
                key=f"{prefix}:{i}",
                title=f"Pengingat {i}",
                body="Ngopi Kamtibmas RW 18, 19:30 WIB",
            )
            for i in range(count)
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
    return notes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=quick(10_000, 200))
    parser.add_argument("--lease", type=int, default=6, help="claim lease (s) in the killed-worker round")
    parser.add_argument("--kills", type=int, default=1, help="times a second worker is killed in round 2")
    args = parser.parse_args()
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    redis = start_redis(port)
    os.environ["CELERY_BROKER_URL"] = broker
    os.environ["REDIS_URL"] = broker
    mail_dir = Path(tempfile.mkdtemp(prefix="ngopi-bench-mail-"))
    worker = None
    worker_pids = []
    try:
        with scratch_database() as db_name:
            import redis as redis_client
            from django.db import connection

            from ngopi.accounts.enums import Role
            from ngopi.accounts.models import User
            from ngopi.celery import app
            from ngopi.notifications.enums import DeliveryStatus
            from ngopi.notifications.models import Delivery

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

            def start_worker(extra=None):
                return subprocess.Popen(
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
                        "--prefetch-multiplier=1",
                    ],
                    cwd=ROOT,
                    env={**env, **(extra or {})},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )

            worker = start_worker()
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

            due_emails(user, "bench", args.count)
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

            ids = mail_ids(mail_dir)
            duplicates = sum(n - 1 for n in ids.values())
            missing = args.count - len(ids)
            print(f"notifications:            {args.count}")
            print(f"no-op tasks:              {noop_seconds:.2f} s ({args.count / noop_seconds:.0f}/s)")
            print(f"delivery (one worker):    {deliver_seconds:.2f} s ({args.count / deliver_seconds:.0f}/s)")
            print(f"ratio delivery / no-op:   {deliver_seconds / noop_seconds:.2f}x")
            print(
                f"e-mails written:          {delivered} "
                f"(repeated Message-IDs: {duplicates}, missing {missing})"
            )
            report(
                "notifications / no-op tasks",
                size=f"{args.count:,} e-mails, 1 worker",
                figure=args.count / deliver_seconds,
                unit="e-mails/s",
                baseline=args.count / noop_seconds,
                baseline_name="no-op tasks/s",
                ratio=deliver_seconds / noop_seconds,
                note=f"ratio = delivery time / no-op time; load {machine_load()}",
            )

            # Round 2: two workers, the second killed mid-run; short leases so the survivor takes
            # the dead worker's claims over within seconds (production: 45 s).
            worker.kill()
            worker.wait()
            shutil.rmtree(mail_dir)
            mail_dir.mkdir()
            lease = {"NGOPI_EMAIL_CLAIM_LEASE_SECONDS": str(args.lease)}
            worker, second = start_worker(lease), start_worker(lease)
            worker_pids.append(second)
            time.sleep(3)
            notes2 = due_emails(user, "bench2", args.count)
            first = {n.pk for n in notes2}
            with app.connection_for_write(broker) as conn:
                for _i in range(args.count // 200 + 2):
                    app.send_task("notifications.deliver_pending", connection=conn)
            # Kill points spread over the run; a worker is killed only while it holds claims
            # (mid-batch), and replaced until the last kill.
            points = [args.count * (i + 1) // (args.kills + 2) for i in range(args.kills)]
            killed: list[int] = []
            deadline = time.monotonic() + max(120, args.count / 20)
            last_sweep = time.monotonic()
            while time.monotonic() < deadline:
                sent = Delivery.objects.filter(notification__in=first, status=DeliveryStatus.SENT).count()
                if len(killed) < len(points) and sent >= points[len(killed)] and second is not None:
                    sending = Delivery.objects.filter(
                        status=DeliveryStatus.SENDING, claimed_by__contains=f":{second.pid}:"
                    )
                    if sending.exists():
                        second.kill()  # SIGKILL: no clean-up, its claimed rows stay "sending"
                        second.wait()
                        killed.append(sent)
                        second = None
                        if len(killed) < len(points):
                            second = start_worker(lease)
                            worker_pids.append(second)
                if sent >= args.count:
                    break
                if killed and time.monotonic() - last_sweep > args.lease / 2:
                    with app.connection_for_write(broker) as conn:  # what beat does every minute
                        app.send_task("notifications.sweep", connection=conn)
                    last_sweep = time.monotonic()
                time.sleep(0.3)
            time.sleep(1)
            ids2 = {k: v for k, v in mail_ids(mail_dir).items() if k in first}
            repeated = sum(n - 1 for n in ids2.values())
            missing2 = args.count - len(ids2)
            print(
                f"two workers, a second one killed {len(killed)} time(s) (after {killed} sent): "
                f"{len(ids2)} delivered, {repeated} repeated, {missing2} missing"
            )
            when = ", ".join(f"{n:,}" for n in killed)
            note = f"second worker SIGKILLed after {when} of {args.count:,} sent; lease {args.lease} s"
            size = f"{args.count:,} e-mails, 2 workers"
            measured = len(killed) == args.kills
            report(
                "notifications duplicates",
                size=size,
                figure=repeated if measured else None,
                unit="repeats",
                target=("figure", "==", 0),
                note=note + " (a repeat carries the same Message-ID)",
                correctness=True,
            )
            report(
                "notifications missing",
                size=size,
                figure=missing2 if measured else None,
                unit="missing",
                target=("figure", "==", 0),
                note=note,
                correctness=True,
            )
    finally:
        for process in [worker, *worker_pids]:
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
        redis.terminate()
        redis.wait()
        shutil.rmtree(mail_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
