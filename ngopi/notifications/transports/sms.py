"""SMS through one generic HTTP gateway, described by the ``SMS_*`` settings (docs/settings.md):
the URL, the method, one authentication header, the names of the fields for the number, the text
and the sender, the body format (JSON or form), and where the message id is in the answer.

Off unless ``SMS_GATEWAY_URL`` is set.
"""

import contextlib
import json
import urllib.parse

from django.conf import settings

from ngopi.core.http import public_url

from . import TransportError
from ._http import request

MAX_LENGTH = 459  # three concatenated SMS parts


def enabled() -> bool:
    return bool(settings.SMS_GATEWAY_URL)


def text_of(delivery) -> str:
    notification = delivery.notification
    if notification is None:
        return delivery.text[:MAX_LENGTH]
    link = public_url(notification.url) if notification.url else ""
    return f"{notification.title} {link}".strip()[:MAX_LENGTH]


def _fields(delivery) -> dict:
    fields = {settings.SMS_TO_FIELD: delivery.address, settings.SMS_TEXT_FIELD: text_of(delivery)}
    if settings.SMS_SENDER_FIELD and settings.SMS_SENDER:
        fields[settings.SMS_SENDER_FIELD] = settings.SMS_SENDER
    return fields


def _message_id(content: bytes, delivery) -> str:
    """The gateway's id at ``SMS_ID_FIELD`` (dotted path) in a JSON answer, else our own."""
    try:
        value = json.loads(content or b"{}")
        for part in filter(None, settings.SMS_ID_FIELD.split(".")):
            value = value[int(part)] if isinstance(value, list) else value[part]
        if value not in (None, "", {}, []):
            return str(value)
    except (ValueError, KeyError, IndexError, TypeError):
        pass
    return f"sms-delivery-{delivery.pk}"


def send_one(delivery) -> str:
    fields = _fields(delivery)
    headers = {}
    if settings.SMS_AUTH_HEADER and settings.SMS_AUTH_VALUE:
        headers[settings.SMS_AUTH_HEADER] = settings.SMS_AUTH_VALUE
    url, body = settings.SMS_GATEWAY_URL, None
    method = settings.SMS_METHOD.upper()
    if method == "GET":
        url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(fields)}"
    elif settings.SMS_FORMAT == "form":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urllib.parse.urlencode(fields).encode()
    else:
        headers["Content-Type"] = "application/json"
        body = json.dumps(fields).encode()
    _status, _headers, content = request(method, url, headers=headers, body=body, timeout=10)
    return _message_id(content, delivery)


@contextlib.contextmanager
def sender():
    if not enabled():
        raise TransportError("the SMS gateway is not configured")
    yield send_one
