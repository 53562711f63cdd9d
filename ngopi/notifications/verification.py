"""An officer's WhatsApp number, verified once: a six-digit code sent through WhatsApp itself
(the ``ngopi_kode_verifikasi`` template), entered on the settings page. The code is stored
hashed, expires after ``NGOPI_CHANNEL_CODE_MINUTES``, allows five wrong tries, and at most
``NGOPI_CHANNEL_CODES_PER_HOUR`` codes are sent per user per hour."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import transports
from .delivery import kick_delivery
from .enums import Channel
from .models import ChannelAddress, Delivery
from .transports.whatsapp import TEMPLATE_CODE

MAX_WRONG_CODES = 5


class ChannelError(ValueError):
    """A translated message for the user; nothing was changed."""


def _checked_number(number: str) -> str:
    from .services import normalise_number

    digits = normalise_number(number)
    if not (10 <= len(digits) <= 15) or not digits.startswith("62"):
        raise ChannelError(_("Enter an Indonesian mobile number, e.g. 0812 3456 7890."))
    return digits


@transaction.atomic
def request_code(*, user, number: str) -> ChannelAddress:
    """Send a verification code to ``number`` by WhatsApp (the number stays unverified until the
    code comes back)."""
    if not transports.enabled(Channel.WHATSAPP):
        raise ChannelError(_("WhatsApp is not set up on this server."))
    number = _checked_number(number)
    taken = ChannelAddress.objects.filter(channel=Channel.WHATSAPP, address=number, verified_at__isnull=False)
    if taken.exclude(user=user).exists():
        raise ChannelError(_("This number is already verified by another user."))
    now = timezone.now()
    row, _created = ChannelAddress.objects.select_for_update().get_or_create(
        user=user, channel=Channel.WHATSAPP, defaults={"address": number}
    )
    if row.codes_window_start is None or row.codes_window_start < now - timedelta(hours=1):
        row.codes_window_start, row.codes_sent = now, 0
    if row.codes_sent >= settings.NGOPI_CHANNEL_CODES_PER_HOUR:
        raise ChannelError(_("Too many codes requested. Please try again in an hour."))
    code = f"{secrets.randbelow(10**6):06d}"
    if row.address != number:
        row.address, row.verified_at = number, None
    row.code_hash = make_password(code)
    row.code_expires_at = now + timedelta(minutes=settings.NGOPI_CHANNEL_CODE_MINUTES)
    row.code_attempts = 0
    row.codes_sent += 1
    row.save()
    Delivery.objects.create(
        channel=Channel.WHATSAPP,
        address=number,
        key=f"verify:{user.pk}:{now.timestamp():.6f}",
        urgent=True,
        template=TEMPLATE_CODE,
        params=[code],
        language=user.language or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(kick_delivery)
    return row


def confirm_code(*, user, code: str) -> ChannelAddress:
    """Verify the number with the code sent to it; a wrong code is counted (and stays counted)."""
    error = None
    with transaction.atomic():
        row = (
            ChannelAddress.objects.select_for_update()
            .filter(user=user, channel=Channel.WHATSAPP, code_hash__gt="")
            .first()
        )
        if row is None or row.code_expires_at is None or row.code_expires_at < timezone.now():
            error = _("The code has expired. Request a new one.")
        elif row.code_attempts >= MAX_WRONG_CODES:
            error = _("Too many wrong codes. Request a new one.")
        elif not check_password((code or "").strip(), row.code_hash):
            row.code_attempts += 1
            row.save(update_fields=["code_attempts"])
            error = _("That code is not right.")
        else:
            row.verified_at = timezone.now()
            row.code_hash, row.code_expires_at, row.code_attempts = "", None, 0
            row.save(update_fields=["verified_at", "code_hash", "code_expires_at", "code_attempts"])
    if error:
        raise ChannelError(error)
    return row


@transaction.atomic
def remove_number(*, user) -> int:
    deleted, _rows = ChannelAddress.objects.filter(user=user, channel=Channel.WHATSAPP).delete()
    return deleted


@transaction.atomic
def set_verified_number(*, user, number: str) -> ChannelAddress:
    """Record a number as verified without a code (the demo's officers; an administrator who
    checked the number by other means). Idempotent."""
    number = _checked_number(number)
    row, _created = ChannelAddress.objects.update_or_create(
        user=user,
        channel=Channel.WHATSAPP,
        defaults={"address": number, "verified_at": timezone.now(), "code_hash": "", "code_expires_at": None},
    )
    return row
