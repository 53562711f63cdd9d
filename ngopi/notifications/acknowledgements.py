"""An officer acknowledges an urgent alert by answering it on WhatsApp: "1" (or "ok", "siap")
or the alert's button. The inbound handler of order 10: it consumes only messages from a
verified officer's number that acknowledge, and leaves every other message to the next handler.

The alert acknowledged is the one the button names, else the one replied to, else the latest
urgent alert sent to that number in the last 24 hours. The kind's ``acknowledge`` hook (the
domain app's) does what the staff action in the app does.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ngopi.core.http import public_url

from . import kinds
from .enums import Channel
from .inbound import InboundChat
from .models import ChannelAddress, Delivery, Notification
from .transports.whatsapp import ACK_PREFIX, WINDOW

log = logging.getLogger(__name__)

ACK_WORDS = {"1", "ok", "oke", "siap", "terima", "diterima", "ack"}


def _is_ack(chat: InboundChat) -> bool:
    if chat.button_payload.startswith(ACK_PREFIX):
        return True
    words = chat.text.strip().lower().rstrip(".!").split()
    return bool(words) and words[0] in ACK_WORDS and len(words) <= 3


def _alert_for(user, chat: InboundChat) -> Notification | None:
    mine = Notification.objects.filter(recipient=user, urgent=True)
    if chat.button_payload.startswith(ACK_PREFIX):
        ident = chat.button_payload.removeprefix(ACK_PREFIX)
        return mine.filter(pk=int(ident)).first() if ident.isdigit() else None
    deliveries = Delivery.objects.filter(channel=Channel.WHATSAPP, address=chat.sender, notification__in=mine)
    if chat.context_message_id:
        replied = deliveries.filter(provider_message_id=chat.context_message_id).first()
        if replied is not None:
            return replied.notification
    latest = (
        deliveries.filter(created_at__gt=chat.received_at - WINDOW)
        .order_by("-created_at", "-id")
        .select_related("notification")
        .first()
    )
    return latest.notification if latest else None


def handle_acknowledgement(chat: InboundChat) -> bool:
    if chat.channel != Channel.WHATSAPP or not _is_ack(chat):
        return False
    verified = ChannelAddress.objects.filter(verified_at__isnull=False, channel=Channel.WHATSAPP)
    owner = verified.filter(address=chat.sender).select_related("user").first()
    if owner is None or not owner.user.is_active:
        return False  # not an officer: the resident conversation may take it
    user = owner.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        notification = _alert_for(user, chat)
        kind = kinds.get(notification.kind) if notification else None
        if notification is None or kind is None or kind.acknowledge is None:
            reply = _("There is no urgent alert to acknowledge.")
        else:
            with transaction.atomic():
                done = kind.acknowledge(notification=notification, user=user)
                unread = Notification.objects.filter(pk=notification.pk, read_at__isnull=True)
                unread.update(read_at=timezone.now())
            reply = (
                _("Acknowledged: %(title)s") % {"title": notification.title}
                if done
                else _("Could not acknowledge it here; please open the app: %(link)s")
                % {"link": public_url(notification.url)}
            )
        from .services import queue_chat_message

        with transaction.atomic():
            queue_chat_message(
                channel=Channel.WHATSAPP,
                to=chat.sender,
                text=str(reply),
                key=f"ack-reply:{chat.message_id}",
                reply_to=chat.message_id,
            )
    log.info("urgent alert acknowledged by chat reply: %s", bool(notification))
    return True
