"""The transactional outbox: notifications are rows written with the change that causes them,
each with one ``Delivery`` row per channel it goes by (e-mail, WhatsApp, SMS); a worker claims
and sends deliveries right after commit and a sweeper every minute delivers what is left
(``delivery.py``).

A broker outage or a lost task message therefore delays a message, never loses it, and the web
request never waits for the broker (publishing is best-effort, after commit, with a short
timeout).
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from . import kinds, transports
from .delivery import MAX_ATTEMPTS, deliver_pending, kick_delivery, retry_failed  # noqa: F401 (the API)
from .enums import Channel
from .models import ChannelAddress, Delivery, EmailPreference, Notification

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """A notification to create. Text is rendered by ``render`` in the recipient's language."""

    recipient: object
    kind: str
    key: str
    render: Callable[[], tuple[str, str]]  # returns (title, body)
    url: str = ""
    urgent: bool = False


def _is_urgent(kind: str, urgent: bool) -> bool:
    registered = kinds.get(kind)
    return urgent or bool(registered and registered.urgent)


def address_of(user, channel: str, numbers: dict | None = None) -> str:
    """Where ``user`` gets ``channel``: the e-mail address, or the verified WhatsApp number
    (which SMS uses too). "" when the user has none."""
    if not user.is_active:
        return ""
    if channel == Channel.EMAIL:
        return user.email
    if numbers is not None:
        return numbers.get(user.pk, "")
    return (
        ChannelAddress.objects.filter(user=user, channel=Channel.WHATSAPP, verified_at__isnull=False)
        .values_list("address", flat=True)
        .first()
        or ""
    )


def channels_for(
    message: "Message", preferences: dict, numbers: dict, enabled: set[str]
) -> list[tuple[str, str]]:
    """(channel, address) of each channel ``message`` goes by. Urgent alerts always go by
    e-mail (as they always did) and by WhatsApp when the officer verified a number; SMS is
    their fallback when WhatsApp fails (``delivery.fall_back``)."""
    user = message.recipient
    urgent = _is_urgent(message.kind, message.urgent)
    preference = preferences.get((user.pk, message.kind))
    wanted = {
        Channel.EMAIL: urgent or preference is None or preference.email,
        Channel.WHATSAPP: urgent or preference is None or preference.whatsapp,
        Channel.SMS: not urgent and preference is not None and preference.sms,
    }
    chosen = []
    for channel in (Channel.WHATSAPP, Channel.SMS, Channel.EMAIL):
        if not wanted[channel] or channel not in enabled:
            continue
        address = address_of(user, channel, numbers)
        if address:
            chosen.append((channel, address))
    return chosen


def notify(messages: Iterable[Message]) -> int:
    """Create the notifications that do not exist yet (by recipient and key) in the current
    transaction, each with its deliveries (one per channel it goes by), and ask a worker to send
    them right after commit. Returns how many were new."""
    messages = [m for m in messages if m.recipient is not None]
    if not messages:
        return 0
    user_ids = {m.recipient.pk for m in messages}
    existing = set(
        Notification.objects.filter(recipient_id__in=user_ids, key__in={m.key for m in messages}).values_list(
            "recipient_id", "key"
        )
    )
    preferences = {(p.user_id, p.kind): p for p in EmailPreference.objects.filter(user_id__in=user_ids)}
    numbers = verified_numbers(user_ids)
    enabled = set(transports.enabled_channels())
    rows, seen, routes = [], set(), {}
    now = timezone.now()
    for message in messages:
        ident = (message.recipient.pk, message.key)
        if ident in existing or ident in seen:
            continue
        seen.add(ident)
        routes[ident] = (
            _is_urgent(message.kind, message.urgent),
            channels_for(message, preferences, numbers, enabled),
        )
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
            )
        )
    # ignore_conflicts: a concurrent sweeper may have created the same (recipient, key) already.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if any(route for _urgent, route in routes.values()):
        created = Notification.objects.filter(
            recipient_id__in={u for u, _k in routes}, key__in={k for _u, k in routes}
        ).values_list("pk", "recipient_id", "key")
        deliveries = [
            Delivery(
                notification_id=pk,
                channel=channel,
                address=address,
                key=f"notification:{pk}",
                urgent=routes[(user_id, key)][0],
                next_attempt_at=now,
                created_at=now,
            )
            for pk, user_id, key in created
            if (user_id, key) in routes
            for channel, address in routes[(user_id, key)][1]
        ]
        # Unique per channel, address and key: a concurrent writer's rows are kept, not doubled.
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        transaction.on_commit(kick_delivery)
    return len(rows)


def verified_numbers(user_ids: Iterable[int]) -> dict[int, str]:
    return dict(
        ChannelAddress.objects.filter(
            user_id__in=list(user_ids), channel=Channel.WHATSAPP, verified_at__isnull=False
        ).values_list("user_id", "address")
    )


def queue_chat_message(
    *, channel: str, to: str, text: str, key: str, reply_to: str = "", buttons: tuple[str, ...] = ()
) -> Delivery:
    """A chat message to a number that is not a user (a resident), written in the current
    transaction (unique on channel, number and key: calling it twice queues it once) and sent
    by a worker after commit, or by the sweeper. Inside WhatsApp's 24-hour window it goes as free
    text (with reply buttons); outside it as the ``ngopi_pesan`` template."""
    if channel not in (Channel.WHATSAPP, Channel.SMS):
        raise ValueError(f"not a chat channel: {channel}")
    delivery, _created = Delivery.objects.get_or_create(
        channel=channel,
        address=normalise_number(to),
        key=key[:200],
        defaults={"text": text, "reply_to": reply_to, "buttons": list(buttons)},
    )
    transaction.on_commit(kick_delivery)
    return delivery


def normalise_number(number: str) -> str:
    """E.164 digits without "+": "0812-3456-7890" and "+62 812 3456 7890" become "6281234567890"."""
    digits = "".join(c for c in str(number) if c.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


def mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    rows = Notification.objects.for_user(user).unread()
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


@transaction.atomic
def set_email_preference(*, user, kind: str, email: bool) -> None:
    EmailPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": email})


@transaction.atomic
def set_channel_preference(*, user, kind: str, email: bool, whatsapp: bool, sms: bool) -> None:
    """A user's channels for one kind. Urgent kinds are not the user's to turn off."""
    if _is_urgent(kind, False):
        return
    EmailPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"email": email, "whatsapp": whatsapp, "sms": sms}
    )


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
