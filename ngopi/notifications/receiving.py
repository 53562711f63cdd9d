"""What the chat webhook receives: messages stored once each (``InboundMessage``, unique on the
provider's id) and handed to the inbound handlers by a worker; status callbacks recorded on the
deliveries. The webhook's request only stores; the work is done by ``process_inbound``."""

import logging
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from ngopi.core import queue

from . import inbound
from .delivery import backoff, record_status
from .enums import Channel
from .models import InboundMessage

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
CLAIM_SECONDS = 120


def kick_inbound() -> None:
    from .tasks import process_inbound as task

    queue.publish(task, what="inbound chat processing", fallback="the sweeper will process it")


def _when(timestamp) -> datetime:
    try:
        return datetime.fromtimestamp(int(timestamp), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return timezone.now()


@transaction.atomic
def store_whatsapp_webhook(payload: dict) -> tuple[int, int]:
    """Store the messages of a (signature-checked) Cloud API webhook body and record its
    statuses. Returns (new messages, statuses recorded); a replayed message id is ignored."""
    rows, statuses = [], 0
    for entry in payload.get("entry") or []:
        for change in (entry or {}).get("changes") or []:
            value = (change or {}).get("value") or {}
            for message in value.get("messages") or []:
                if not isinstance(message, dict) or not message.get("id") or not message.get("from"):
                    continue
                rows.append(
                    InboundMessage(
                        channel=Channel.WHATSAPP,
                        provider_message_id=str(message["id"])[:200],
                        sender=str(message["from"])[:30],
                        payload=message,
                        received_at=_when(message.get("timestamp")),
                    )
                )
            for status in value.get("statuses") or []:
                if not isinstance(status, dict) or not status.get("id"):
                    continue
                errors = status.get("errors") or []
                error = "; ".join(
                    f"{e.get('code', '')} {e.get('title', '')} {e.get('message', '')}".strip()
                    for e in errors
                    if isinstance(e, dict)
                )
                statuses += record_status(
                    provider_message_id=str(status["id"]),
                    status=str(status.get("status", "")),
                    at=_when(status.get("timestamp")),
                    error=error,
                    callback_data=str(status.get("biz_opaque_callback_data", "")),
                )
    new = InboundMessage.objects.bulk_create(rows, ignore_conflicts=True) if rows else []
    if new:
        transaction.on_commit(kick_inbound)
    return len(rows), statuses


def chat_of(row: InboundMessage) -> inbound.InboundChat:
    """The ``InboundChat`` of a stored WhatsApp message (text, button reply, media)."""
    message = row.payload or {}
    kind = message.get("type", "")
    text, button = "", ""
    if kind == "text":
        text = (message.get("text") or {}).get("body", "")
    elif kind == "button":  # a template's quick reply
        button = (message.get("button") or {}).get("payload", "")
        text = (message.get("button") or {}).get("text", "")
    elif kind == "interactive":
        reply = (
            (message.get("interactive") or {}).get("button_reply")
            or (message.get("interactive") or {}).get("list_reply")
            or {}
        )
        button, text = reply.get("id", ""), reply.get("title", "")
    media = []
    for media_kind in ("image", "document", "audio", "video", "sticker"):
        item = message.get(media_kind)
        if isinstance(item, dict) and item.get("id"):
            media.append(
                inbound.InboundMedia(
                    media_id=str(item["id"]),
                    mime_type=item.get("mime_type", ""),
                    caption=item.get("caption", ""),
                )
            )
            text = text or item.get("caption", "")
    return inbound.InboundChat(
        channel=row.channel,
        sender=row.sender,
        message_id=row.provider_message_id,
        text=str(text),
        button_payload=str(button),
        media=tuple(media),
        received_at=row.received_at,
        context_message_id=str((message.get("context") or {}).get("id", "")),
    )


def _claim(limit: int) -> list[int]:
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            InboundMessage.objects.filter(processed_at__isnull=True, next_attempt_at__lte=now)
            .exclude(claimed_at__gt=now - timedelta(seconds=CLAIM_SECONDS))
            .order_by("received_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("id", flat=True)[:limit]
        )
        InboundMessage.objects.filter(pk__in=ids).update(claimed_at=now)
    return ids


def process_inbound(*, limit: int = 100) -> int:
    """Hand the stored messages to the inbound handlers, oldest first; returns how many were
    processed. A handler that raises leaves its message for a later try (with backoff)."""
    done = 0
    for row in InboundMessage.objects.filter(pk__in=_claim(limit)).order_by("received_at", "id"):
        try:
            handled_by = inbound.dispatch_inbound(chat_of(row))
        except Exception as exc:
            log.exception("inbound message %s not processed", row.pk)
            attempts = row.attempts + 1
            InboundMessage.objects.filter(pk=row.pk).update(
                attempts=attempts,
                claimed_at=None,
                next_attempt_at=timezone.now() + backoff(attempts),
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
                processed_at=timezone.now() if attempts >= MAX_ATTEMPTS else None,
            )
            continue
        InboundMessage.objects.filter(pk=row.pk).update(
            processed_at=timezone.now(), handled_by=handled_by[:100], claimed_at=None
        )
        done += 1
    return done
