"""What every events service shares: the errors, the value types, the log and the officers' news."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from ngopi.accounts.models import User
from ngopi.notifications.services import notify

from ..enums import OfficerRole
from ..messages import assignment_messages, change_messages
from ..models import Session, SessionLog
from ..workflow import TransitionError

__all__ = ["TransitionError"]  # raised here and by the workflow; callers catch it from ``services``


class SchedulingError(ValueError):
    """A rule of scheduling was broken; ``messages`` say which, in words."""

    def __init__(self, messages: Sequence[str]):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


@dataclass(frozen=True)
class OfficerSlot:
    officer: User
    role: str = OfficerRole.ATTENDING


@dataclass(frozen=True)
class Guest:
    position: str
    name: str = ""
    institution: str = ""


def log_action(
    session: Session, action: str, actor: User, note: str = "", changes: dict | None = None
) -> None:
    SessionLog.objects.create(session=session, action=action, actor=actor, note=note, changes=changes or {})


def require_reason(reason: str) -> None:
    if not reason or not reason.strip():
        raise TransitionError(_("Give the reason, so residents and commanders know why."))


def tell_officers(session: Session, what: str, actor: User, among=None) -> None:
    """Tell the session's officers (``among``: only these officer ids, e.g. those who were on it
    before an edit; one just put on it gets his assignment notice instead)."""
    officers = [
        a.officer
        for a in session.assignments.select_related("officer")
        if a.officer_id != actor.pk and (among is None or a.officer_id in among)
    ]
    notify(change_messages(session, what=what, officers=officers))


def tell_assignments(session: Session, before: dict, actor: User) -> None:
    """Tell each officer put on the session, given another role or taken off it (``before``: the
    session's ``SessionOfficer`` rows by officer id, before the change); the actor is not told."""
    after = {a.officer_id: a for a in session.assignments.select_related("officer")}
    changes = {
        "assigned": [a for pk, a in after.items() if pk not in before],
        "reassigned": [a for pk, a in after.items() if pk in before and before[pk].role != a.role],
        "removed": [a for pk, a in before.items() if pk not in after],
    }
    messages = []
    for what, rows in changes.items():
        rows = [a for a in rows if a.officer_id != actor.pk]
        messages += assignment_messages(session, what=what, assignments=rows)
    notify(messages)


def lock_session(session: Session, actor: User) -> Session:
    """The session, re-read and locked through the actor's jurisdiction: a session the actor
    cannot see is a 404, as on the pages, whoever calls the service."""
    locked = Session.objects.visible_to(actor).select_for_update(of=("self",)).filter(pk=session.pk).first()
    if locked is None:
        raise Http404
    return locked
