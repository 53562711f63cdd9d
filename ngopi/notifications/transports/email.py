"""E-mail through Django's configured backend (SMTP in production, files or console in DEBUG)."""

import contextlib
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import translation

from ngopi.core.http import public_url

from . import TransportError


def enabled() -> bool:
    return True  # Django always has an e-mail backend


def message_id(delivery) -> str:
    """Stable per notification (and per chat delivery): if a worker dies after handing the
    message to SMTP and before recording it, the repeat carries the same Message-ID and mail
    systems that de-duplicate by it show it once."""
    if delivery.notification_id:
        return f"<notification-{delivery.notification_id}@{settings.NGOPI_MAIL_DOMAIN}>"
    return f"<delivery-{delivery.pk}@{settings.NGOPI_MAIL_DOMAIN}>"


def _message(delivery, connection) -> EmailMessage:
    notification = delivery.notification
    if notification is None:
        subject, body = "[Ngopi Kamtibmas]", delivery.text
    else:
        language = (
            delivery.language or getattr(notification.recipient, "language", "") or settings.LANGUAGE_CODE
        )
        with translation.override(language):
            link = public_url(notification.url) if notification.url else ""
            subject = f"[Ngopi Kamtibmas] {notification.title}"
            body = f"{notification.body}\n\n{link}".strip()
    return EmailMessage(
        subject=subject,
        body=body,
        to=[delivery.address],
        connection=connection,
        headers={"Message-ID": message_id(delivery)},
    )


@contextlib.contextmanager
def sender():
    connection = get_connection(fail_silently=False)

    def send(delivery) -> str:
        try:
            _message(delivery, connection).send()
        except (smtplib.SMTPException, OSError) as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}") from exc
        return message_id(delivery)

    try:
        yield send
    finally:
        with contextlib.suppress(Exception):  # closing a broken SMTP connection may fail too
            connection.close()
