"""Actions of other apps offered on a session's staff page (this app imports none of them).

An app that acts on sessions — aspirations records what residents said at one — calls
``register_session_action`` in its ``AppConfig.ready``; the session page shows the links that
``session_actions`` returns for the signed-in user. The same pattern as
``ngopi.notifications.kinds``.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SessionAction:
    code: str
    label: object  # a lazy translation
    url: Callable  # session → address
    available: Callable  # (session, user) → bool
    primary: bool = False


@dataclass(frozen=True)
class SessionLink:
    code: str
    label: str
    url: str
    primary: bool


_ACTIONS: dict[str, SessionAction] = {}


def _always(session, user) -> bool:
    return True


def register_session_action(
    code: str, label, *, url: Callable, available: Callable = _always, primary: bool = False
) -> None:
    """Offer a link on every session page where ``available(session, user)`` holds."""
    _ACTIONS[code] = SessionAction(code=code, label=label, url=url, available=available, primary=primary)


def session_actions(session, user) -> list[SessionLink]:
    """The registered links for this session and user, in the order they were registered."""
    return [
        SessionLink(code=a.code, label=str(a.label), url=a.url(session), primary=a.primary)
        for a in _ACTIONS.values()
        if a.available(session, user)
    ]
