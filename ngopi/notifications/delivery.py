"""The outbox of every channel: ``Delivery`` rows claimed under a lease with ``SKIP LOCKED``,
sent through their channel's transport, retried with backoff; provider status callbacks; the
fallback of urgent alerts (WhatsApp, then SMS, then e-mail).

A broker outage or a lost task message delays a delivery, never loses it: the sweeper runs
``deliver_pending`` every minute.

A worker killed after the provider took a message and before recording it leaves that row
"sending". On WhatsApp, whose provider confirms each message by a status callback naming the
delivery, the worker marks the row (``handed_at``) just before calling the provider, so the row
it was handing over waits ``NGOPI_STATUS_CALLBACK_GRACE_SECONDS`` for that callback, which
records it as sent (no repeat), while the rows it never reached are taken over once the lease
lapses. On e-mail and SMS nothing could tell, so the row is sent again after the lease
(at-least-once), with the same Message-ID for mail systems to drop; the window for that is kept
to the one write that records the row once the provider answered (``_send``).
"""

import logging
import os
import socket
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ngopi.core import queue

from . import transports
from .enums import HANDED_OVER, Channel, DeliveryStatus
from .models import Delivery

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# An urgent alert that failed on one channel is written for the next one.
FALLBACK = {Channel.WHATSAPP: Channel.SMS, Channel.SMS: Channel.EMAIL}


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=30 * 2**attempts)


def kick_delivery() -> None:
    """Ask a worker to deliver now; if the broker is down the sweeper will do it later."""
    from .tasks import deliver_pending as task

    queue.publish(task, what="notification delivery", fallback="the sweeper will deliver")


def _lease() -> int:
    return settings.NGOPI_EMAIL_CLAIM_LEASE_SECONDS


def _taken_over(now, channels: list[str]) -> Q:
    """Claims to take over: their lease lapsed (the worker died; a live one renews it while it
    sends), and the row was not being handed over, or its channel's provider cannot confirm it,
    or no confirmation came within the grace (the provider most likely never got it)."""
    lapsed = Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - timedelta(seconds=_lease()))
    confirming = [channel for channel in channels if transports.confirms(channel)]
    grace = now - timedelta(seconds=settings.NGOPI_STATUS_CALLBACK_GRACE_SECONDS)
    return lapsed & (Q(handed_at__isnull=True) | ~Q(channel__in=confirming) | Q(handed_at__lt=grace))


def _claim(limit: int, owner: str) -> list[int]:
    """Claim due deliveries of the channels that are on, urgent ones first, and the claims to
    take over (``_taken_over``). SKIP LOCKED: two workers never take the same row."""
    now = timezone.now()
    channels = transports.enabled_channels()
    with transaction.atomic():
        due = Delivery.objects.filter(channel__in=channels).filter(
            Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | _taken_over(now, channels)
        )
        ids = list(
            due.order_by("-urgent", "next_attempt_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("id", flat=True)[:limit]
        )
        Delivery.objects.filter(pk__in=ids).update(
            status=DeliveryStatus.SENDING, claimed_at=now, claimed_by=owner, handed_at=None
        )
    return ids


def _hand_over(delivery: Delivery, owner: str) -> bool:
    """Mark the row as being handed to its provider now, renewing its lease, if this worker
    still holds it; False when another worker took it over (this one stalled past the lease).
    Only on a channel that ``transports.confirms``: elsewhere the mark would change nothing."""
    now = timezone.now()
    held = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING, claimed_by=owner)
    return bool(held.update(handed_at=now, claimed_at=now))


def _renew(ids: Iterable[int], owner: str) -> set[int]:
    """Extend the lease of the rows this worker still holds; returns them (a row another worker
    took over after a stall longer than the lease is left to that worker)."""
    mine = Delivery.objects.filter(pk__in=list(ids), status=DeliveryStatus.SENDING, claimed_by=owner)
    mine.update(claimed_at=timezone.now())
    return set(mine.values_list("id", flat=True))


def deliver_pending(*, limit: int = 200) -> int:
    """Send the claimed deliveries, channel by channel; returns how many went out.

    The claim is a lease of ``NGOPI_EMAIL_CLAIM_LEASE_SECONDS``, renewed every third of it
    while the batch is sent, so a long batch keeps its rows and a dead worker's rows are taken
    over by the next sweep once the lease lapses.
    """
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:100]
    ids = _claim(limit, owner)
    if not ids:
        return 0
    renew_every = _lease() / 3
    renewed = time.monotonic()
    held = set(ids)
    sent = 0
    by_channel = defaultdict(list)
    rows = Delivery.objects.filter(pk__in=ids).select_related("notification", "notification__recipient")
    for delivery in rows.order_by("-urgent", "next_attempt_at", "id"):
        by_channel[delivery.channel].append(delivery)
    for channel, deliveries in by_channel.items():
        marked = transports.confirms(channel)
        with transports.get(channel).sender() as send:
            for delivery in deliveries:
                if time.monotonic() - renewed >= renew_every:
                    held = _renew(held, owner)
                    renewed = time.monotonic()
                if delivery.pk not in held or (marked and not _hand_over(delivery, owner)):
                    continue
                sent += _send(delivery, send, owner)
                held.discard(delivery.pk)
    return sent


# Records a delivery as sent; recorded even if another worker took the row over meanwhile (the
# message did go out). Written as SQL: only its parameters are left to fill once the provider answers.
RECORD_SENT_SQL = """
UPDATE notifications_delivery
SET status = %s, sent_at = %s, attempts = attempts + 1, provider_message_id = %s, claimed_at = NULL
WHERE id = %s AND status = %s
"""


def _send(delivery: Delivery, send, owner: str) -> int:
    """Hand one delivery to its provider and record it as sent; a refusal is a failed attempt.

    The cursor is opened and the statement ready before the call, so after the provider's answer
    one statement is left to send: a worker killed before the answer leaves the row to be taken
    over once its lease lapses and sent once; only a kill between the answer and that statement
    reaching PostgreSQL repeats it (``bench/notifications.py --kills``: 1 repeat in 40 kills).
    """
    with connection.cursor() as cursor:
        try:
            provider_id = send(delivery)
        except (transports.TransportError, OSError) as exc:
            _failed_attempt(delivery, owner, f"{type(exc).__name__}: {exc}")
            return 0
        cursor.execute(
            RECORD_SENT_SQL,
            [DeliveryStatus.SENT, timezone.now(), provider_id[:200], delivery.pk, DeliveryStatus.SENDING],
        )
    return 1


@transaction.atomic
def _failed_attempt(delivery: Delivery, owner: str, error: str) -> None:
    attempts = delivery.attempts + 1
    final = attempts >= MAX_ATTEMPTS
    now = timezone.now()
    updated = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING, claimed_by=owner).update(
        status=DeliveryStatus.FAILED if final else DeliveryStatus.PENDING,
        attempts=attempts,
        next_attempt_at=now + backoff(attempts),
        failed_at=now if final else None,
        last_error=error[:2000],
        claimed_at=None,
        claimed_by="",
        handed_at=None,
    )
    if updated:
        # An urgent alert does not wait for six attempts on one channel: the next one is
        # written at the first failure (once), while this one keeps trying.
        fall_back(delivery)


def fall_back(delivery: Delivery) -> Delivery | None:
    """Write the next channel's delivery of a failed urgent alert (once per delivery)."""
    if not delivery.urgent or delivery.notification_id is None or delivery.channel not in FALLBACK:
        return None
    if not Delivery.objects.filter(pk=delivery.pk, fell_back=False).update(fell_back=True):
        return None
    from .services import address_of

    user = delivery.notification.recipient
    channel = FALLBACK[delivery.channel]
    while channel is not None:
        address = address_of(user, channel) if transports.enabled(channel) else ""
        if address:
            row, _created = Delivery.objects.get_or_create(
                channel=channel,
                address=address,
                key=f"notification:{delivery.notification_id}",
                defaults={"notification_id": delivery.notification_id, "urgent": True},
            )
            transaction.on_commit(kick_delivery)
            return row
        channel = FALLBACK.get(channel)
    return None


def retry_failed(*, ids: Iterable[int]) -> int:
    return Delivery.objects.filter(pk__in=list(ids), status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        last_error="",
        failed_at=None,
    )


_ORDER = {DeliveryStatus.SENT: 1, DeliveryStatus.DELIVERED: 2, DeliveryStatus.READ: 3}


def _by_callback_data(callback_data: str):
    """The delivery named by WhatsApp's ``biz_opaque_callback_data`` (``delivery-<id>``)."""
    ident = callback_data.removeprefix("delivery-")
    return int(ident) if callback_data.startswith("delivery-") and ident.isdigit() else None


@transaction.atomic
def record_status(
    *, provider_message_id: str, status: str, at=None, error: str = "", callback_data: str = ""
) -> bool:
    """A provider's status callback (sent, delivered, read, failed). Statuses only move
    forward (a late "delivered" does not undo "read"); "failed" starts the fallback.

    A callback can name a delivery its worker never recorded as sent (the worker died between
    the provider's answer and its own update): found by its stable id (``callback_data``), it
    is recorded as sent then, so the next worker does not send it again."""
    at = at or timezone.now()
    rows = Delivery.objects.select_for_update(of=("self",)).select_related("notification__recipient")
    delivery = rows.filter(provider_message_id=provider_message_id).first()
    if delivery is None and _by_callback_data(callback_data):
        delivery = rows.filter(pk=_by_callback_data(callback_data)).first()
    if delivery is None or status not in DeliveryStatus.values:
        return False
    if delivery.status in (DeliveryStatus.PENDING, DeliveryStatus.SENDING):
        delivery.provider_message_id = provider_message_id[:200]
        delivery.attempts += 1
        delivery.claimed_at, delivery.claimed_by = None, ""
        if status != DeliveryStatus.FAILED:
            delivery.status = DeliveryStatus.SENT
    fields = {"sent": "sent_at", "delivered": "delivered_at", "read": "read_at", "failed": "failed_at"}
    if status in fields and getattr(delivery, fields[status]) is None:
        setattr(delivery, fields[status], at)
    if status == DeliveryStatus.FAILED:
        delivery.status = DeliveryStatus.FAILED
        delivery.last_error = (error or "failed")[:2000]
    elif delivery.status in HANDED_OVER and _ORDER.get(status, 0) > _ORDER.get(delivery.status, 0):
        delivery.status = status
    delivery.save()
    if status == DeliveryStatus.FAILED:
        fall_back(delivery)
    return True
