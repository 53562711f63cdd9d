"""The kinds of notification, registered by the domain apps (this app knows none of them).

Each app calls ``register(code, label, urgent=False)`` in its ``AppConfig.ready``; the
preferences page lists them. Urgent kinds are always e-mailed.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    urgent: bool = False


_KINDS: dict[str, Kind] = {}


def register(code: str, label, *, urgent: bool = False) -> None:
    _KINDS[code] = Kind(code=code, label=label, urgent=urgent)


def get(code: str) -> Kind | None:
    return _KINDS.get(code)


def label_of(code: str) -> str:
    """The kind's name, or its key when no app registers it (any more)."""
    kind = _KINDS.get(code)
    return str(kind.label) if kind else code


def all_kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: k.code)
