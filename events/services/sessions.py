"""Scheduling, changing, postponing, cancelling and holding a single session."""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngopi.accounts.models import PoliceUnit, User
from ngopi.areas.models import Post

from ..enums import TRANSITIONS, LogAction, SessionStatus
from ..models import Operation, Session, SessionGuest, SessionKind, SessionOfficer
from .booking import check_booking
from .common import Guest, OfficerSlot, TransitionError, local_time, log_action, require_reason, tell_officers


@transaction.atomic
def schedule_session(
    *,
    actor: User,
    kind: SessionKind,
    title: str,
    post: Post,
    starts_at: datetime,
    ends_at: datetime,
    organiser: PoliceUnit,
    operation: Operation | None = None,
    agenda: str = "",
    officers: Sequence[OfficerSlot] = (),
    guests: Sequence[Guest] = (),
) -> Session:
    polsek = check_booking(
        post=post,
        starts_at=starts_at,
        ends_at=ends_at,
        officers=officers,
        operation=operation,
    )
    session = Session.objects.create(
        kind=kind,
        title=title,
        post=post,
        rw=post.rw,
        unit=polsek,
        organiser=organiser,
        operation=operation,
        starts_at=starts_at,
        ends_at=ends_at,
        agenda=agenda,
        created_by=actor,
    )
    SessionOfficer.objects.bulk_create(
        [SessionOfficer(session=session, officer=s.officer, role=s.role) for s in officers]
    )
    SessionGuest.objects.bulk_create(
        [
            SessionGuest(session=session, position=g.position, name=g.name, institution=g.institution)
            for g in guests
        ]
    )
    log_action(session, LogAction.SCHEDULED, actor)
    return session


def check_transition(session: Session, to: str) -> None:
    if to not in TRANSITIONS[SessionStatus(session.status)]:
        raise TransitionError(
            _("A session that is %(current)s cannot become %(new)s.")
            % {"current": session.get_status_display().lower(), "new": SessionStatus(to).label.lower()}
        )


def lock_session(session: Session) -> Session:
    return Session.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def update_session(
    *,
    actor: User,
    session: Session,
    title: str,
    kind: SessionKind,
    post: Post,
    starts_at: datetime,
    ends_at: datetime,
    operation: Operation | None,
    agenda: str,
    officers: Sequence[OfficerSlot],
    guests: Sequence[Guest],
) -> Session:
    """Edit a planned or postponed session. A new time or post is a reschedule: reminders
    key on ``starts_at``, and a postponed session becomes planned again."""
    session = lock_session(session)
    if session.status not in (SessionStatus.PLANNED, SessionStatus.POSTPONED):
        raise TransitionError(_("Only a planned or postponed session can be changed."))
    polsek = check_booking(
        post=post,
        starts_at=starts_at,
        ends_at=ends_at,
        officers=officers,
        operation=operation,
        exclude=session,
    )
    changes = {}
    for name, new in (("starts_at", starts_at), ("ends_at", ends_at)):
        old = getattr(session, name)
        if old != new:
            changes[name] = [local_time(old), local_time(new)]
    if session.post_id != post.pk:
        changes["post"] = [session.post.name, post.name]
    rescheduled = bool(changes) or session.status == SessionStatus.POSTPONED
    for name, new in (("title", title), ("agenda", agenda)):
        if getattr(session, name) != new:
            changes[name] = [getattr(session, name), new]
    if session.kind_id != kind.pk:
        changes["kind"] = [str(session.kind), str(kind)]
    if session.operation_id != (operation.pk if operation else None):
        changes["operation"] = [str(session.operation or "—"), str(operation or "—")]
    session.title, session.kind, session.post, session.rw, session.unit = title, kind, post, post.rw, polsek
    session.starts_at, session.ends_at, session.operation, session.agenda = (
        starts_at,
        ends_at,
        operation,
        agenda,
    )
    if session.status == SessionStatus.POSTPONED:
        session.status, session.status_reason = SessionStatus.PLANNED, ""
    session.save()
    old_officers = sorted((a.officer_id, a.role) for a in session.assignments.all())
    new_officers = sorted((s.officer.pk, s.role) for s in officers)
    if old_officers != new_officers:
        changes["officers"] = [len(old_officers), len(new_officers)]
        session.assignments.all().delete()
        SessionOfficer.objects.bulk_create(
            [SessionOfficer(session=session, officer=s.officer, role=s.role) for s in officers]
        )
    session.guests.all().delete()
    SessionGuest.objects.bulk_create(
        [
            SessionGuest(session=session, position=g.position, name=g.name, institution=g.institution)
            for g in guests
        ]
    )
    log_action(session, LogAction.RESCHEDULED if rescheduled else LogAction.EDITED, actor, changes=changes)
    if rescheduled:
        tell_officers(session, "rescheduled", actor)
    return session


def _stop(*, actor: User, session: Session, reason: str, status: str, action: str, what: str) -> Session:
    session = lock_session(session)
    require_reason(reason)
    check_transition(session, status)
    session.status, session.status_reason = status, reason
    session.save(update_fields=["status", "status_reason", "updated_at"])
    log_action(session, action, actor, note=reason)
    tell_officers(session, what, actor)
    return session


@transaction.atomic
def postpone_session(*, actor: User, session: Session, reason: str) -> Session:
    return _stop(
        actor=actor,
        session=session,
        reason=reason,
        status=SessionStatus.POSTPONED,
        action=LogAction.POSTPONED,
        what="postponed",
    )


@transaction.atomic
def cancel_session(*, actor: User, session: Session, reason: str) -> Session:
    return _stop(
        actor=actor,
        session=session,
        reason=reason,
        status=SessionStatus.CANCELLED,
        action=LogAction.CANCELLED,
        what="cancelled",
    )


@transaction.atomic
def mark_held(*, actor: User, session: Session) -> Session:
    session = lock_session(session)
    check_transition(session, SessionStatus.HELD)
    if session.starts_at > timezone.now():
        raise TransitionError(_("A session cannot be marked as held before it starts."))
    session.status = SessionStatus.HELD
    session.save(update_fields=["status", "updated_at"])
    log_action(session, LogAction.HELD, actor)
    return session
