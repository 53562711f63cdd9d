"""The transactional outbox: notifications are rows written with the change that causes them;
e-mail delivery claims rows and sends them, and a sweeper every minute delivers what is left.

A broker outage or a lost task message therefore delays e-mail, never loses it, and the web
request never waits for the broker (publishing is best-effort, after commit, with a short
timeout).
"""

import contextlib
import logging
import os
import smtplib
import socket
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from ngopi.core import queue

from . import kinds
from .enums import EmailStatus
from .models import EmailPreference, Notification

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


@dataclass(frozen=True)
class Message:
    """A notification to create. Text is rendered by ``render`` in the recipient's language."""

    recipient: object
    kind: str
    key: str
    render: Callable[[], tuple[str, str]]  # returns (title, body)
    url: str = ""
    urgent: bool = False


def _email_wanted(user, kind: str, urgent: bool, opted_out: set[tuple[int, str]]) -> bool:
    if not user.email or not user.is_active:
        return False
    registered = kinds.get(kind)
    if urgent or (registered and registered.urgent):
        return True
    return (user.pk, kind) not in opted_out


def notify(messages: Iterable[Message]) -> int:
    """Create the notifications that do not exist yet (by recipient and key) in the current
    transaction, and ask a worker to e-mail them right after commit. Returns how many were new."""
    messages = [m for m in messages if m.recipient is not None]
    if not messages:
        return 0
    user_ids = {m.recipient.pk for m in messages}
    existing = set(
        Notification.objects.filter(recipient_id__in=user_ids, key__in={m.key for m in messages}).values_list(
            "recipient_id", "key"
        )
    )
    opted_out = set(
        EmailPreference.objects.filter(user_id__in=user_ids, email=False).values_list("user_id", "kind")
    )
    rows, seen = [], set()
    now = timezone.now()
    for message in messages:
        ident = (message.recipient.pk, message.key)
        if ident in existing or ident in seen:
            continue
        seen.add(ident)
        with translation.override(getattr(message.recipient, "language", None) or settings.LANGUAGE_CODE):
            title, body = message.render()
        rows.append(
            Notification(
                recipient=message.recipient,
                kind=message.kind,
                key=message.key,
                title=str(title)[:250],
                body=str(body),
                url=message.url,
                urgent=message.urgent,
                next_attempt_at=now,
                email_status=EmailStatus.PENDING
                if _email_wanted(message.recipient, message.kind, message.urgent, opted_out)
                else EmailStatus.SKIPPED,
            )
        )
    # ignore_conflicts: a concurrent sweeper may have created the same (recipient, key) already.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if any(r.email_status == EmailStatus.PENDING for r in rows):
        transaction.on_commit(kick_delivery)
    return len(rows)


def kick_delivery() -> None:
    """Ask a worker to deliver now; if the broker is down the sweeper will do it later."""
    from .tasks import deliver_pending

    queue.publish(deliver_pending, what="notification delivery", fallback="the sweeper will deliver")


def _claim(limit: int, owner: str) -> list[int]:
    """Claim due e-mails, urgent ones first, and take over claims whose lease lapsed (their
    worker died: a live worker renews its lease while it sends). SKIP LOCKED: two workers never
    take the same row."""
    now = timezone.now()
    with transaction.atomic():
        due = Notification.objects.email_due(now) | Notification.objects.filter(
            email_status=EmailStatus.SENDING,
            claimed_at__lt=now - timedelta(seconds=settings.NGOPI_EMAIL_CLAIM_LEASE_SECONDS),
        )
        ids = list(
            due.order_by("-urgent", "next_attempt_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("id", flat=True)[:limit]
        )
        Notification.objects.filter(pk__in=ids).update(
            email_status=EmailStatus.SENDING, claimed_at=now, claimed_by=owner
        )
    return ids


def _renew(ids: Iterable[int], owner: str) -> set[int]:
    """Extend the lease of the rows this worker still holds; returns them (a row another worker
    took over after a stall longer than the lease is left to that worker)."""
    mine = Notification.objects.filter(pk__in=list(ids), email_status=EmailStatus.SENDING, claimed_by=owner)
    mine.update(claimed_at=timezone.now())
    return set(mine.values_list("id", flat=True))


def deliver_pending(*, limit: int = 200) -> int:
    """Send the e-mails of claimed notifications; returns how many were sent.

    The claim is a lease of ``NGOPI_EMAIL_CLAIM_LEASE_SECONDS``, renewed every third of it
    while the batch is sent, so a long batch keeps its rows and a dead worker's rows are taken
    over by the next sweep once the lease lapses.
    """
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:100]
    ids = _claim(limit, owner)
    if not ids:
        return 0
    renew_every = settings.NGOPI_EMAIL_CLAIM_LEASE_SECONDS / 3
    renewed = time.monotonic()
    held = set(ids)
    sent = 0
    connection = get_connection(fail_silently=False)
    try:
        for notification in Notification.objects.filter(pk__in=ids).select_related("recipient"):
            if time.monotonic() - renewed >= renew_every:
                held = _renew(held, owner)
                renewed = time.monotonic()
            if notification.pk not in held:
                continue
            sent += _send(notification, connection, owner)
            held.discard(notification.pk)
    finally:
        with contextlib.suppress(Exception):  # closing a broken SMTP connection may fail too
            connection.close()
    return sent


def _send(notification: Notification, connection, owner: str) -> int:
    user = notification.recipient
    with translation.override(user.language or settings.LANGUAGE_CODE):
        link = f"{settings.NGOPI_SITE_URL}{notification.url}" if notification.url else ""
        body = f"{notification.body}\n\n{link}".strip()
        message = EmailMessage(
            subject=f"[Ngopi Kamtibmas] {notification.title}",
            body=body,
            to=[user.email],
            connection=connection,
            # Stable per notification: if a worker dies after handing the message to SMTP and
            # before recording it, the repeat carries the same Message-ID and mail systems
            # that de-duplicate by it show it once.
            headers={"Message-ID": f"<notification-{notification.pk}@{settings.NGOPI_MAIL_DOMAIN}>"},
        )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        attempts = notification.email_attempts + 1
        status = EmailStatus.FAILED if attempts >= MAX_ATTEMPTS else EmailStatus.PENDING
        Notification.objects.filter(
            pk=notification.pk, email_status=EmailStatus.SENDING, claimed_by=owner
        ).update(
            email_status=status,
            email_attempts=attempts,
            next_attempt_at=timezone.now() + timedelta(seconds=30 * 2**attempts),
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            claimed_at=None,
            claimed_by="",
        )
        return 0
    # Recorded even if another worker took the row over meanwhile: the message did go out.
    Notification.objects.filter(pk=notification.pk, email_status=EmailStatus.SENDING).update(
        email_status=EmailStatus.SENT, email_sent_at=timezone.now(), email_attempts=F("email_attempts") + 1
    )
    return 1


def retry_failed(*, ids: Iterable[int]) -> int:
    return Notification.objects.filter(pk__in=list(ids), email_status=EmailStatus.FAILED).update(
        email_status=EmailStatus.PENDING, email_attempts=0, next_attempt_at=timezone.now(), last_error=""
    )


def mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    rows = Notification.objects.for_user(user).unread()
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


@transaction.atomic
def set_email_preference(*, user, kind: str, email: bool) -> None:
    EmailPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": email})


def run_reminder_rules(now=None) -> int:
    """Run every rule the domain apps registered in ``NGOPI_REMINDER_RULES``. Each rule looks
    at the database as it is *now* and returns the messages that are due; ``notify`` keeps only
    the new ones. Returns how many notifications were created."""
    now = now or timezone.now()
    created = 0
    for path in settings.NGOPI_REMINDER_RULES:
        rule = import_string(path)
        with transaction.atomic():
            created += notify(rule(now))
    return created
