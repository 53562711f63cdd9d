"""One module per channel. Each has ``enabled() -> bool`` (a channel without its settings is off)
and ``sender()``, a context manager giving ``send(delivery) -> provider message id`` for a batch;
``send`` raises ``TransportError`` (or ``OSError``) when the message did not go, and is then
retried with backoff by ``ngopi.notifications.delivery``. A module whose provider confirms each
message by a status callback naming the delivery sets ``CONFIRMS = True``."""

from importlib import import_module
from types import ModuleType


class TransportError(Exception):
    """The provider refused or could not be reached; the delivery is tried again later."""


_MODULES = {"email": "email", "whatsapp": "whatsapp", "sms": "sms"}


def get(channel: str) -> ModuleType:
    return import_module(f"{__name__}.{_MODULES[channel]}")


def enabled(channel: str) -> bool:
    return channel in _MODULES and get(channel).enabled()


def confirms(channel: str) -> bool:
    """Whether the channel's provider confirms each message it took by a status callback that
    names the delivery (``record_status`` then marks it sent, even if its worker died)."""
    return bool(getattr(get(channel), "CONFIRMS", False))


def enabled_channels() -> list[str]:
    return [channel for channel in _MODULES if enabled(channel)]
