"""WhatsApp through Meta's Cloud API (Graph API), on the standard library's HTTP client.

Off unless ``WHATSAPP_ACCESS_TOKEN`` and ``WHATSAPP_PHONE_NUMBER_ID`` are set. Inside the
24-hour customer-service window (the number wrote to us in the last 24 hours) a message is free
text, with reply buttons when it has any; outside it only an approved template may be sent
(docs/whatsapp.md lists them and what each says).
"""

import contextlib
import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ngopi.core.http import public_url

from . import TransportError
from ._http import request, request_json

WINDOW = timedelta(hours=24)
# Meta sends a "sent" status callback for every message it accepted, carrying
# ``biz_opaque_callback_data`` (the delivery's id): ``record_status`` records it by that.
CONFIRMS = True
ACK_PREFIX = "ack:"  # payload of the acknowledgement button of an urgent alert

# Templates to create and have approved in the WhatsApp Manager (docs/whatsapp.md).
TEMPLATE_NOTIFICATION = "ngopi_pemberitahuan"  # {{1}} title, {{2}} link
TEMPLATE_URGENT = "ngopi_darurat"  # {{1}} title, {{2}} link; quick reply button "1 · Terima"
TEMPLATE_MESSAGE = "ngopi_pesan"  # {{1}} text (a message to a resident outside the window)
TEMPLATE_CODE = "ngopi_kode_verifikasi"  # authentication template: {{1}} the code


def enabled() -> bool:
    return bool(settings.WHATSAPP_ACCESS_TOKEN and settings.WHATSAPP_PHONE_NUMBER_ID)


def _base() -> str:
    return settings.WHATSAPP_API_BASE.rstrip("/")


def _auth() -> dict:
    return {"Authorization": f"Bearer {settings.WHATSAPP_ACCESS_TOKEN}"}


def verify_signature(body: bytes, header: str) -> bool:
    """``X-Hub-Signature-256`` is ``sha256=`` + HMAC-SHA256 of the raw body with the app secret."""
    secret = settings.WHATSAPP_APP_SECRET
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def in_window(address: str, now=None) -> bool:
    """Did this number write to us in the last 24 hours (free text allowed)?"""
    from ..models import InboundMessage

    now = now or timezone.now()
    return InboundMessage.objects.filter(
        channel="whatsapp", sender=address, received_at__gt=now - WINDOW
    ).exists()


def _language(delivery) -> str:
    language = delivery.language
    if not language and delivery.notification_id:
        language = getattr(delivery.notification.recipient, "language", "")
    return "en" if (language or settings.LANGUAGE_CODE).startswith("en") else "id"


def _template(name: str, language: str, params, button_payload: str = "") -> dict:
    components = [{"type": "body", "parameters": [{"type": "text", "text": str(p)[:1000]} for p in params]}]
    if button_payload:
        components.append(
            {
                "type": "button",
                "sub_type": "quick_reply",
                "index": "0",
                "parameters": [{"type": "payload", "payload": button_payload}],
            }
        )
    return {
        "type": "template",
        "template": {"name": name, "language": {"code": language}, "components": components},
    }


def _text_or_buttons(text: str, buttons: list[tuple[str, str]]) -> dict:
    if not buttons:
        return {"type": "text", "text": {"body": text[:4096], "preview_url": False}}
    return {
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": {"text": text[:1024]},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": ident[:256], "title": title[:20]}}
                    for ident, title in buttons[:3]
                ]
            },
        },
    }


def payload_for(delivery, now=None) -> dict:
    """The Graph API body for ``delivery`` (template outside the 24-hour window)."""
    language = _language(delivery)
    with translation.override(language):
        body = _body(delivery, language, now)
    body.update(
        {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": delivery.address,
            # Comes back in the status callbacks: a stable id for this delivery.
            "biz_opaque_callback_data": f"delivery-{delivery.pk}",
        }
    )
    if delivery.reply_to:
        body["context"] = {"message_id": delivery.reply_to}
    return body


def _body(delivery, language: str, now) -> dict:
    notification = delivery.notification
    if delivery.template:
        body = _template(delivery.template, language, delivery.params)
    elif notification is not None:
        link = public_url(notification.url) if notification.url else settings.NGOPI_SITE_URL
        ack = f"{ACK_PREFIX}{notification.pk}" if notification.urgent else ""
        if in_window(delivery.address, now):
            text = "\n\n".join(p for p in (f"*{notification.title}*", notification.body, link) if p)
            if ack:
                text += "\n\n" + _("Reply 1 to acknowledge.")
            buttons = [(ack, _("1 · Acknowledge"))] if ack else []
            body = _text_or_buttons(text, buttons)
        else:
            name = TEMPLATE_URGENT if ack else TEMPLATE_NOTIFICATION
            body = _template(name, language, [notification.title, link], button_payload=ack)
    elif in_window(delivery.address, now):
        body = _text_or_buttons(delivery.text, [(b, b) for b in delivery.buttons])
    else:
        body = _template(TEMPLATE_MESSAGE, language, [delivery.text])
    return body


def send_one(delivery) -> str:
    url = f"{_base()}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
    answer = request_json("POST", url, headers=_auth(), payload=payload_for(delivery))
    try:
        return str(answer["messages"][0]["id"])
    except (KeyError, IndexError, TypeError) as exc:
        raise TransportError(f"unexpected answer: {str(answer)[:300]}") from exc


@contextlib.contextmanager
def sender():
    if not enabled():
        raise TransportError("WhatsApp is not configured")
    yield send_one


def download_media(media_id: str) -> tuple[bytes, str]:
    """The content and MIME type of a media item a user sent (two requests: its URL, then it)."""
    if not enabled():
        raise TransportError("WhatsApp is not configured")
    info = request_json("GET", f"{_base()}/{media_id}", headers=_auth())
    if not info.get("url"):
        raise TransportError("the media has no URL")
    _status, headers, content = request("GET", info["url"], headers=_auth(), timeout=30)
    mime = info.get("mime_type") or headers.get("Content-Type", "application/octet-stream")
    return content, mime
