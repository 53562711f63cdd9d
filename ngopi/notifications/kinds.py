"""The kinds of notification, registered by the domain apps (this app knows none of them).

Each app calls ``register(code, label, urgent=False, acknowledge=None)`` in its
``AppConfig.ready``; the preferences page lists them. Urgent kinds are always e-mailed (and sent
by WhatsApp to an officer with a verified number). ``acknowledge(notification=, user=)`` is
called when the officer acknowledges such an alert by replying to it on WhatsApp ("1" or the
button); it does what the staff action in the app does and returns True when it did.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    urgent: bool = False
    acknowledge: Callable[..., bool] | None = None


_KINDS: dict[str, Kind] = {}


def register(code: str, label, *, urgent: bool = False, acknowledge: Callable[..., bool] | None = None):
    _KINDS[code] = Kind(code=code, label=label, urgent=urgent, acknowledge=acknowledge)


def get(code: str) -> Kind | None:
    return _KINDS.get(code)


def label_of(code: str) -> str:
    """The kind's name, or its key when no app registers it (any more)."""
    kind = _KINDS.get(code)
    return str(kind.label) if kind else code


def all_kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: k.code)
