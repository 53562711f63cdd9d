"""Reports of sessions: filed by the lead, or "did not take place", and corrected later."""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from ngopi.accounts.models import User

from .. import workflow
from ..enums import LogAction, SessionStatus
from ..models import Session, SessionPhoto, SessionReport
from .common import lock_session, log_action
from .sessions import stop_session

REPORT_FIELDS = ("residents_count", "leaders_count", "agencies_count", "summary", "issues_raised")


@transaction.atomic
def file_report(
    *,
    actor: User,
    session: Session,
    residents_count: int,
    leaders_count: int,
    agencies_count: int,
    summary: str,
    issues_raised: str = "",
    photos: Sequence = (),
) -> SessionReport:
    """The lead files the report of a held session: the session becomes *reported*."""
    session = lock_session(session, actor)
    workflow.check(session, actor, workflow.Action.REPORT)
    if session.status == SessionStatus.PLANNED:
        log_action(session, LogAction.HELD, actor)
    report = SessionReport.objects.create(
        session=session,
        residents_count=residents_count,
        leaders_count=leaders_count,
        agencies_count=agencies_count,
        summary=summary,
        issues_raised=issues_raised,
        filed_by=actor,
    )
    for photo in photos:
        SessionPhoto.objects.create(report=report, image=photo)
    session.status = SessionStatus.REPORTED
    session.save(update_fields=["status", "updated_at"])
    log_action(session, LogAction.REPORTED, actor, note=_("%(count)d photo(s)") % {"count": len(photos)})
    return report


@transaction.atomic
def report_not_held(*, actor: User, session: Session, postponed: bool, reason: str) -> Session:
    """The report of a session that did not take place: postponed or cancelled, with the reason."""
    return stop_session(
        actor=actor,
        session=session,
        reason=reason,
        status=SessionStatus.POSTPONED if postponed else SessionStatus.CANCELLED,
        step=workflow.Action.REPORT_NOT_HELD,
        action=LogAction.POSTPONED if postponed else LogAction.CANCELLED,
        what="postponed" if postponed else "cancelled",
    )


@transaction.atomic
def correct_report(
    *,
    actor: User,
    report: SessionReport,
    residents_count: int | None = None,
    leaders_count: int | None = None,
    agencies_count: int | None = None,
    summary: str | None = None,
    issues_raised: str | None = None,
    photos: Sequence = (),
) -> SessionReport:
    """Correct a filed report (a field left ``None`` stays as it is); what changed is recorded in
    the session's log. The lead or scheduling staff over the session may."""
    session = lock_session(report.session, actor)
    workflow.check(session, actor, workflow.Action.CORRECT_REPORT)
    report = SessionReport.objects.select_for_update().get(pk=report.pk)
    values = {
        "residents_count": residents_count,
        "leaders_count": leaders_count,
        "agencies_count": agencies_count,
        "summary": summary,
        "issues_raised": issues_raised,
    }
    changes = {}
    for name in REPORT_FIELDS:
        if values[name] is not None and getattr(report, name) != values[name]:
            changes[name] = [getattr(report, name), values[name]]
            setattr(report, name, values[name])
    report.save()
    for photo in photos:
        SessionPhoto.objects.create(report=report, image=photo)
    if photos:
        changes["photos_added"] = len(photos)
    log_action(session, LogAction.REPORT_CORRECTED, actor, changes=changes)
    return report
