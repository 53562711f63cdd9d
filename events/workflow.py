"""The life of a session (and of a serentak batch): which status may follow which, and which
actions a user may take from the current state.

Views and templates ask ``allowed_actions`` (a template never tests a status); services call
``check`` before they change anything, so the buttons offered and the rules enforced cannot
drift apart. Who may act comes from ``rules``; this module adds what the state and the clock allow.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import rules
from .enums import BatchStatus, CommitmentStatus, SessionStatus


class TransitionError(ValueError):
    """The session's (or batch's) state does not allow the action; the message says why."""


# Which status may follow which.
TRANSITIONS: dict[SessionStatus, frozenset[SessionStatus]] = {
    SessionStatus.PLANNED: frozenset(
        {SessionStatus.HELD, SessionStatus.REPORTED, SessionStatus.POSTPONED, SessionStatus.CANCELLED}
    ),
    SessionStatus.HELD: frozenset({SessionStatus.REPORTED}),
    SessionStatus.POSTPONED: frozenset({SessionStatus.PLANNED, SessionStatus.CANCELLED}),
    SessionStatus.REPORTED: frozenset(),  # a filed report is corrected, never filed twice
    SessionStatus.CANCELLED: frozenset(),
}


class Action(StrEnum):
    EDIT = "edit"  # change or reschedule; a postponed session becomes planned again
    POSTPONE = "postpone"
    CANCEL = "cancel"
    MARK_HELD = "mark_held"
    REPORT = "report"
    REPORT_NOT_HELD = "report_not_held"  # the lead's report of a session that did not take place
    CORRECT_REPORT = "correct_report"
    POSTER = "poster"
    AGENDA = "agenda"  # tick what was discussed, note the answers
    COMMITMENT = "commitment"  # record a promise made at the session


def _anyone(user, session) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    who: Callable
    to: SessionStatus | None = None  # the status the action leads to, if it changes it
    sources: frozenset[SessionStatus] | None = None  # else: where ``to`` may be reached from
    refused: object = None  # message when the state does not allow it (else: the transition's)
    too_early: object = None  # message when the session has not started yet (None: any time)

    def starts_from(self) -> frozenset[SessionStatus]:
        if self.sources is not None:
            return self.sources
        return frozenset(status for status, targets in TRANSITIONS.items() if self.to in targets)


STEPS: dict[Action, Step] = {
    Action.EDIT: Step(
        who=rules.can_edit,
        sources=frozenset({SessionStatus.PLANNED, SessionStatus.POSTPONED}),
        refused=gettext_lazy("Only a planned or postponed session can be changed."),
    ),
    Action.POSTPONE: Step(who=rules.can_edit, to=SessionStatus.POSTPONED),
    Action.CANCEL: Step(who=rules.can_edit, to=SessionStatus.CANCELLED),
    Action.MARK_HELD: Step(
        who=rules.can_report,
        to=SessionStatus.HELD,
        too_early=gettext_lazy("A session cannot be marked as held before it starts."),
    ),
    Action.REPORT: Step(
        who=rules.can_report,
        to=SessionStatus.REPORTED,
        too_early=gettext_lazy("A report can only be filed once the session has started."),
    ),
    Action.REPORT_NOT_HELD: Step(
        who=rules.can_report,
        sources=frozenset({SessionStatus.PLANNED}),
        refused=gettext_lazy("This session cannot take a report any more."),
    ),
    Action.CORRECT_REPORT: Step(
        who=rules.can_report,
        sources=frozenset({SessionStatus.REPORTED}),
        refused=gettext_lazy("Only a filed report can be corrected."),
    ),
    # The poster invites residents to the session and its QR code opens the form for it: only
    # while residents may still bring something to it (``open_to_residents``).
    Action.POSTER: Step(
        who=_anyone,
        sources=frozenset({SessionStatus.PLANNED, SessionStatus.HELD}),
        refused=gettext_lazy("A poster invites residents to a session still ahead or under way."),
    ),
    Action.AGENDA: Step(
        who=rules.can_record_agenda,
        sources=frozenset({SessionStatus.PLANNED, SessionStatus.HELD, SessionStatus.REPORTED}),
        refused=gettext_lazy("The agenda of a session that did not take place cannot be ticked."),
        too_early=gettext_lazy("The agenda can be ticked once the session has started."),
    ),
    Action.COMMITMENT: Step(
        who=rules.can_record_agenda,
        sources=frozenset({SessionStatus.PLANNED, SessionStatus.HELD, SessionStatus.REPORTED}),
        refused=gettext_lazy("Commitments are recorded for sessions that took place."),
        too_early=gettext_lazy("Commitments can only be recorded once the session has started."),
    ),
}


def transition_refused(session, to) -> str:
    return _("A session that is %(current)s cannot become %(new)s.") % {
        "current": SessionStatus(session.status).label.lower(),
        "new": SessionStatus(to).label.lower(),
    }


def check_transition(session, to) -> None:
    """Raise ``TransitionError`` unless the session's status may become ``to``."""
    if to not in TRANSITIONS[SessionStatus(session.status)]:
        raise TransitionError(transition_refused(session, to))


def _state_refusal(session, step: Step, *, now, timing: bool) -> str | None:
    if session.status not in step.starts_from():
        return str(step.refused) if step.refused else transition_refused(session, step.to)
    if timing and step.too_early and session.starts_at > (now or timezone.now()):
        return str(step.too_early)
    return None


def check(session, user, action: Action, *, now=None, timing: bool = True) -> None:
    """Raise ``PermissionDenied`` when the user's role may not take ``action`` on this session,
    ``TransitionError`` (with the reason in words) when its state or the clock does not allow it.

    ``timing=False`` leaves the clock out (a report form may be shown before the session starts;
    filing it is refused until then).
    """
    step = STEPS[action]
    if not step.who(user, session):
        raise PermissionDenied
    problem = _state_refusal(session, step, now=now, timing=timing)
    if problem:
        raise TransitionError(problem)


def allowed_actions(session, user, *, now=None) -> frozenset[Action]:
    """Every action the user may take on the session now (what the session page offers)."""
    now = now or timezone.now()
    return frozenset(
        action
        for action, step in STEPS.items()
        if step.who(user, session) and _state_refusal(session, step, now=now, timing=True) is None
    )


def open_to_residents(session) -> bool:
    """Residents may still send what they want raised at the session (its public page and the
    QR poster link to the form): while it is planned or being held."""
    return session.status in (SessionStatus.PLANNED, SessionStatus.HELD)


# --- serentak batches ----------------------------------------------------------------------------


class BatchAction(StrEnum):
    POSTPONE = "postpone"  # postpone every still-planned session
    CANCEL = "cancel"  # cancel every planned or postponed session


BATCH_SOURCES = {
    BatchAction.POSTPONE: frozenset({BatchStatus.ACTIVE}),
    BatchAction.CANCEL: frozenset({BatchStatus.ACTIVE, BatchStatus.POSTPONED}),
}


def check_batch(batch, user, action: BatchAction) -> None:
    if not rules.can_stop_batch(user, batch):
        raise PermissionDenied
    if batch.status not in BATCH_SOURCES[action]:
        if batch.status == BatchStatus.CANCELLED:
            raise TransitionError(_("This batch is already cancelled."))
        raise TransitionError(_("This batch is already postponed."))


def allowed_batch_actions(batch, user) -> frozenset[BatchAction]:
    if not rules.can_stop_batch(user, batch):
        return frozenset()
    return frozenset(action for action, sources in BATCH_SOURCES.items() if batch.status in sources)


# --- commitments -------------------------------------------------------------------------------


def check_close_commitment(commitment, user) -> None:
    """Raise ``PermissionDenied`` unless the user may close the commitment, ``TransitionError``
    when it is closed already."""
    if not rules.can_close_commitment(user, commitment):
        raise PermissionDenied
    if commitment.status != CommitmentStatus.OPEN:
        raise TransitionError(_("This commitment is closed already."))


def may_close_commitment(commitment, user) -> bool:
    return commitment.status == CommitmentStatus.OPEN and rules.can_close_commitment(user, commitment)
