"""Scheduling, changing, postponing, cancelling and holding a single session."""

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ngopi.accounts.models import PoliceUnit, User
from ngopi.areas.models import Post
from ngopi.core.dates import format_datetime

from .. import rules, workflow
from ..enums import LogAction, SessionStatus
from ..models import Operation, Session, SessionGuest, SessionKind, SessionOfficer
from .booking import check_booking
from .common import (
    Guest,
    OfficerSlot,
    lock_session,
    log_action,
    require_reason,
    tell_assignments,
    tell_officers,
)
from .loop import move_agendas, prepare_agendas


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
    if not rules.can_schedule(actor, polsek):
        raise PermissionDenied
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
    prepare_agendas([session])
    tell_assignments(session, {}, actor)
    return session


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
    session = lock_session(session, actor)
    workflow.check(session, actor, workflow.Action.EDIT)
    polsek = check_booking(
        post=post,
        starts_at=starts_at,
        ends_at=ends_at,
        officers=officers,
        operation=operation,
        exclude=session,
    )
    if not rules.can_schedule(actor, polsek):  # moved to a post outside the actor's units
        raise PermissionDenied
    changes = {}
    for name, new in (("starts_at", starts_at), ("ends_at", ends_at)):
        old = getattr(session, name)
        if old != new:
            changes[name] = [format_datetime(old), format_datetime(new)]
    moved_rw = session.rw_id != post.rw_id
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
    if moved_rw:  # another RW: its items replace the untouched ones the old RW brought
        move_agendas([session])
    else:  # another post or day at the same RW: what is due there joins
        prepare_agendas([session])
    before = {a.officer_id: a for a in session.assignments.select_related("officer")}
    old_officers = sorted((a.officer_id, a.role) for a in before.values())
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
    if rescheduled:  # an officer just put on it learns the time from his assignment notice
        tell_officers(session, "rescheduled", actor, among=set(before))
    if old_officers != new_officers:
        tell_assignments(session, before, actor)
    return session


def stop_session(
    *, actor: User, session: Session, reason: str, status: str, step: workflow.Action, action: str, what: str
) -> Session:
    """Postpone or cancel the session with a reason, as ``step`` of the workflow allows the actor
    (scheduling staff postpone or cancel; the lead reports that it did not take place)."""
    session = lock_session(session, actor)
    workflow.check(session, actor, step)
    workflow.check_transition(session, status)
    require_reason(reason)
    session.status, session.status_reason = status, reason
    session.save(update_fields=["status", "status_reason", "updated_at"])
    log_action(session, action, actor, note=reason)
    tell_officers(session, what, actor)
    return session


@transaction.atomic
def postpone_session(*, actor: User, session: Session, reason: str) -> Session:
    return stop_session(
        actor=actor,
        session=session,
        reason=reason,
        status=SessionStatus.POSTPONED,
        step=workflow.Action.POSTPONE,
        action=LogAction.POSTPONED,
        what="postponed",
    )


@transaction.atomic
def cancel_session(*, actor: User, session: Session, reason: str) -> Session:
    return stop_session(
        actor=actor,
        session=session,
        reason=reason,
        status=SessionStatus.CANCELLED,
        step=workflow.Action.CANCEL,
        action=LogAction.CANCELLED,
        what="cancelled",
    )


@transaction.atomic
def mark_held(*, actor: User, session: Session) -> Session:
    session = lock_session(session, actor)
    workflow.check(session, actor, workflow.Action.MARK_HELD)
    session.status = SessionStatus.HELD
    session.save(update_fields=["status", "updated_at"])
    log_action(session, LogAction.HELD, actor)
    return session
