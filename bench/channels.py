"""10,000 notifications over two channels (e-mail to files, WhatsApp to the fake Graph API) with
two workers, one of them killed (SIGKILL) mid-run and replaced; counts what each channel
received: duplicates and missing, per stable id (Message-ID, biz_opaque_callback_data).

    .venv/bin/python bench/channels.py [--count 10000] [--kill-at 0.3]

Starts its own Redis on a free port, the fake Graph API in this process, and Celery workers
(solo pool) on the scratch database. Every notification goes by both channels, so the workers
send 2 × count messages. The fake's "sent" status callbacks (carrying the delivery's stable id,
as Meta's do) are applied from a thread, as the webhook would; ``--no-callbacks`` leaves them out
to show the at-least-once window they close.
"""

import argparse
import collections
import os
import queue as queue_module
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _harness import ROOT, free_port, quick, report, scratch_database, start_redis

from tests.fakes.graph_api import PHONE_NUMBER_ID, TOKEN, FakeGraphApi, make_status_payload

MESSAGE_ID = re.compile(r"^Message-ID: <notification-(\d+)@", re.M)


def main() -> None:
    # A SIGTERM (timeout, Ctrl-C from make) still stops the workers and Redis it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=quick(10_000, 400))
    parser.add_argument(
        "--kill-at", type=float, default=0.3, help="share of messages sent when a worker is killed"
    )
    parser.add_argument("--no-callbacks", action="store_true", help="do not apply the status callbacks")
    args = parser.parse_args()
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    redis = start_redis(port)
    fake = FakeGraphApi().start()
    os.environ.update(
        CELERY_BROKER_URL=broker,
        REDIS_URL=broker,
        WHATSAPP_API_BASE=fake.base,
        WHATSAPP_ACCESS_TOKEN=TOKEN,
        WHATSAPP_PHONE_NUMBER_ID=PHONE_NUMBER_ID,
    )
    mail_dir = Path(tempfile.mkdtemp(prefix="ngopi-bench-channels-"))
    workers = []
    try:
        with scratch_database() as db_name:
            from django.db import connection, transaction
            from django.utils import timezone

            from ngopi.accounts.enums import Role
            from ngopi.accounts.models import User
            from ngopi.celery import app
            from ngopi.notifications.enums import DeliveryStatus
            from ngopi.notifications.models import ChannelAddress, Delivery
            from ngopi.notifications.services import Message, notify

            officers = []
            for i in range(20):
                user = User.objects.create(
                    username=f"bench-officer-{i}", email=f"officer{i}@polri.example", role=Role.ADMINISTRATOR
                )
                ChannelAddress.objects.create(
                    user=user, channel="whatsapp", address=f"62812900{i:05d}", verified_at=timezone.now()
                )
                officers.append(user)
            t0 = time.perf_counter()
            for start in range(0, args.count, 1000):
                with transaction.atomic():
                    notify(
                        Message(
                            recipient=officers[i % len(officers)],
                            kind="session.reminder",
                            key=f"bench:{i}",
                            render=lambda i=i: (f"Pengingat {i}", "Ngopi Kamtibmas RW 18, 19:30 WIB"),
                        )
                        for i in range(start, min(start + 1000, args.count))
                    )
            write_seconds = time.perf_counter() - t0
            total = Delivery.objects.count()
            assert total == 2 * args.count, total

            db = connection.settings_dict
            env = {
                **os.environ,
                "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db_name}",
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": str(mail_dir),
                "NGOPI_EMAIL_CLAIM_LEASE_SECONDS": "10",
                # The WhatsApp message the killed worker was handing over waits this long for its
                # "sent" callback before it is sent again (production: 90 s).
                "NGOPI_STATUS_CALLBACK_GRACE_SECONDS": "20",
            }

            def start_worker(name):
                process = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "ngopi",
                        "worker",
                        "--pool=solo",
                        "--loglevel=ERROR",
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
                workers.append(process)
                return process

            def sweep():
                with app.connection_for_write(broker) as conn:
                    app.send_task("notifications.sweep", connection=conn)

            def emails():
                return [
                    int(m)
                    for p in mail_dir.glob("*.log")
                    for m in MESSAGE_ID.findall(p.read_text(errors="replace"))
                ]

            def handed_over():
                return len(fake.sent) + len(emails())

            # Meta sends a "sent" status callback for each message it accepted (with our stable
            # id): applied here from a thread, as the webhook's request would, a little later.
            callbacks, callback_errors = queue_module.Queue(), []
            fake.on_sent = None if args.no_callbacks else callbacks.put

            def apply_callbacks():
                from django.db import connection as thread_connection

                from ngopi.notifications.receiving import store_whatsapp_webhook

                while (record := callbacks.get()) is not None:
                    data = record["raw"].get("biz_opaque_callback_data", "")
                    try:
                        store_whatsapp_webhook(
                            make_status_payload(record["id"], "sent", record["to"], callback_data=data)
                        )
                    except Exception as exc:
                        callback_errors.append(repr(exc))
                thread_connection.close()

            applier = threading.Thread(target=apply_callbacks, daemon=True)
            applier.start()
            doomed = start_worker("doomed")
            start_worker("survivor")
            time.sleep(3)  # start-up
            t0 = time.perf_counter()
            sweep()
            sweep()
            while handed_over() < args.kill_at * total:
                time.sleep(0.05)
            doomed.send_signal(signal.SIGKILL)
            doomed.wait()
            killed_after = handed_over()
            start_worker("heir")
            sent = DeliveryStatus.SENT
            deadline = time.monotonic() + 1800
            while Delivery.objects.filter(status=sent).count() < total and time.monotonic() < deadline:
                sweep()  # what beat does every minute; more often here
                time.sleep(5)
            deliver_seconds = time.perf_counter() - t0
            time.sleep(1)
            callbacks.put(None)
            applier.join(30)

            by_id = collections.Counter(m["raw"]["biz_opaque_callback_data"] for m in fake.sent)
            whatsapp_ids = {
                f"delivery-{pk}"
                for pk in Delivery.objects.filter(channel="whatsapp").values_list("pk", flat=True)
            }
            mails = collections.Counter(emails())
            email_ids = set(
                Delivery.objects.filter(channel="email").values_list("notification_id", flat=True)
            )
            unsent = Delivery.objects.exclude(status=sent).count()
            print(f"notifications:               {args.count} (deliveries: {total}, e-mail + WhatsApp)")
            print(f"status callbacks applied:    {not args.no_callbacks} (errors: {len(callback_errors)})")
            print(f"written by notify():         {write_seconds:.2f} s")
            rate = total / deliver_seconds
            print(f"delivered by 2 workers (one killed after {killed_after} messages, replaced):")
            print(f"                             {deliver_seconds:.2f} s ({rate:.0f} messages/s)")
            print(
                f"WhatsApp messages received:  {len(fake.sent)}, distinct {len(by_id)}, "
                f"repeated ids {sum(c - 1 for c in by_id.values())}, missing {len(whatsapp_ids - set(by_id))}"
            )
            repeated, missing = sum(c - 1 for c in mails.values()), len(email_ids - set(mails))
            print(
                f"e-mails written:             {sum(mails.values())}, distinct {len(mails)}, "
                f"repeated Message-IDs {repeated}, missing {missing}"
            )
            print(f"deliveries not recorded as sent: {unsent}")
            size = f"{total:,} deliveries, 2 workers"
            note = f"one worker SIGKILLed after {killed_after} messages and replaced"
            whatsapp_repeats = sum(c - 1 for c in by_id.values())
            whatsapp_missing = len(whatsapp_ids - set(by_id))
            for name, figure, unit in (
                ("channels WhatsApp repeats", whatsapp_repeats, "repeats"),
                ("channels WhatsApp missing", whatsapp_missing, "missing"),
                ("channels e-mail repeats", repeated, "repeats"),
                ("channels e-mail missing", missing, "missing"),
                ("channels deliveries not recorded as sent", unsent, "deliveries"),
            ):
                target = ("figure", "==", 0)
                report(name, size=size, figure=figure, unit=unit, target=target, note=note, correctness=True)
            print(f"load average: {os.getloadavg()}")
            stop(workers)  # before the scratch database is dropped: they hold connections to it
    finally:
        stop(workers)
        fake.stop()
        redis.terminate()
        redis.wait()
        shutil.rmtree(mail_dir, ignore_errors=True)


def stop(workers) -> None:
    for process in workers:
        if process.poll() is None:
            process.kill()
            process.wait()


if __name__ == "__main__":
    main()
