"""Messages received on a chat channel (WhatsApp, SMS), handed to the handlers the apps register.

The webhook stores each message once (``InboundMessage``); a worker turns it into an
``InboundChat`` and calls ``dispatch_inbound``, which offers it to the handlers in order until
one consumes it. This app registers the officers' acknowledgement of urgent alerts (order 10);
a domain app may register a conversation with residents (order 100). No domain app is imported
here.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InboundMedia:
    media_id: str
    mime_type: str
    caption: str = ""


@dataclass(frozen=True)
class InboundChat:
    channel: str  # "whatsapp" | "sms"
    sender: str  # E.164 digits without "+", e.g. "6281234567890"
    message_id: str
    text: str
    button_payload: str
    media: tuple[InboundMedia, ...]
    received_at: datetime
    context_message_id: str = ""  # the message replied to, may be ""


@dataclass(frozen=True, order=True)
class _Handler:
    order: int
    code: str
    handler: Callable[[InboundChat], bool] = field(compare=False)


_HANDLERS: dict[str, _Handler] = {}


def register_inbound_handler(code: str, handler: Callable[[InboundChat], bool], *, order: int = 100) -> None:
    """``handler(chat)`` returns True when it consumed the message; later handlers then skip it.
    Registering the same code again replaces the handler."""
    _HANDLERS[code] = _Handler(order=order, code=code, handler=handler)


def handlers() -> list[tuple[str, Callable[[InboundChat], bool]]]:
    return [(h.code, h.handler) for h in sorted(_HANDLERS.values())]


def dispatch_inbound(chat: InboundChat) -> str:
    """Offer ``chat`` to each handler in order; returns the code of the one that consumed it,
    or "" when none did. Called by the worker, never in the webhook's request."""
    for code, handler in handlers():
        if handler(chat):
            return code
    log.info("inbound %s message consumed by no handler", chat.channel)
    return ""
