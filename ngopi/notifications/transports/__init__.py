"""One module per channel. Each has ``enabled() -> bool`` (a channel without its settings is off)
and ``sender()``, a context manager giving ``send(delivery) -> provider message id`` for a batch;
``send`` raises ``TransportError`` (or ``OSError``) when the message did not go, and is then
retried with backoff by ``ngopi.notifications.delivery``."""

from importlib import import_module
from types import ModuleType


class TransportError(Exception):
    """The provider refused or could not be reached; the delivery is tried again later."""


_MODULES = {"email": "email", "whatsapp": "whatsapp", "sms": "sms"}


def get(channel: str) -> ModuleType:
    return import_module(f"{__name__}.{_MODULES[channel]}")


def enabled(channel: str) -> bool:
    return channel in _MODULES and get(channel).enabled()


def enabled_channels() -> list[str]:
    return [channel for channel in _MODULES if enabled(channel)]
