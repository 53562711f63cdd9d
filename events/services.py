"""Every write on sessions, batches, operations and reports."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ngopi.accounts.models import PoliceUnit, User
from ngopi.areas.models import Area, Post
from ngopi.core.constraints import save_checked
from ngopi.notifications.services import notify

from .enums import TRANSITIONS, BatchStatus, LogAction, OfficerRole, SessionStatus
from .models import (
    CalendarFeed,
    Operation,
    Session,
    SessionBatch,
    SessionGuest,
    SessionKind,
    SessionLog,
    SessionOfficer,
    SessionPhoto,
    SessionReport,
    new_feed_token,
)


class SchedulingError(ValueError):
    """A rule of scheduling was broken; ``messages`` say which, in words."""

    def __init__(self, messages: Sequence[str]):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


class TransitionError(ValueError):
    pass


@dataclass(frozen=True)
class OfficerSlot:
    officer: User
    role: str = OfficerRole.ATTENDING


@dataclass(frozen=True)
class Guest:
    position: str
    name: str = ""
    institution: str = ""


# --- helpers ---------------------------------------------------------------------------


def _local(dt: datetime) -> str:
    return timezone.localtime(dt).strftime("%d-%m-%Y %H:%M")


def _log(session: Session, action: str, actor: User, note: str = "", changes: dict | None = None) -> None:
    SessionLog.objects.create(session=session, action=action, actor=actor, note=note, changes=changes or {})


def responsible_polsek(post: Post) -> PoliceUnit | None:
    return post.rw.parent.polsek if post.rw.parent_id else None


def find_conflicts(
    *,
    post: Post,
    starts_at: datetime,
    ends_at: datetime,
    officers: Iterable[User] = (),
    operation: Operation | None = None,
    exclude: Session | None = None,
) -> list[str]:
    """Every reason the session cannot be booked as asked, in words (empty when it can)."""
    problems: list[str] = []
    if ends_at <= starts_at:
        problems.append(_("The session must end after it starts."))
        return problems
    if operation is not None:
        start_day, end_day = timezone.localdate(starts_at), timezone.localdate(ends_at)
        if start_day < operation.starts_on or end_day > operation.ends_on:
            problems.append(
                _("The session falls outside the period of %(operation)s (%(start)s to %(end)s).")
                % {
                    "operation": operation.name,
                    "start": operation.starts_on.strftime("%d-%m-%Y"),
                    "end": operation.ends_on.strftime("%d-%m-%Y"),
                }
            )
    busy = Session.objects.booked().overlapping(starts_at, ends_at)
    if exclude is not None:
        busy = busy.exclude(pk=exclude.pk)
    for other in busy.filter(post=post).only("title", "starts_at", "ends_at")[:3]:
        problems.append(
            _("%(post)s is already booked for %(title)s (%(start)s–%(end)s WIB).")
            % {
                "post": post.name,
                "title": other.title,
                "start": _local(other.starts_at),
                "end": _local(other.ends_at),
            }
        )
    officer_ids = [o.pk for o in officers]
    if officer_ids:
        clashes = (
            SessionOfficer.objects.filter(session__in=busy, officer_id__in=officer_ids)
            .select_related("officer", "session")
            .order_by("officer_id")
        )
        for clash in clashes[:10]:
            problems.append(
                _("%(officer)s is already assigned to %(title)s (%(start)s–%(end)s WIB).")
                % {
                    "officer": clash.officer,
                    "title": clash.session.title,
                    "start": _local(clash.session.starts_at),
                    "end": _local(clash.session.ends_at),
                }
            )
    return problems


def _check_officers(officers: Sequence[OfficerSlot]) -> list[str]:
    problems = []
    leads = [slot for slot in officers if slot.role == OfficerRole.LEAD]
    if len(leads) > 1:
        problems.append(_("A session has one lead officer; %(count)d were chosen.") % {"count": len(leads)})
    ids = [slot.officer.pk for slot in officers]
    if len(ids) != len(set(ids)):
        problems.append(_("An officer is listed twice."))
    return problems


# --- single sessions ---------------------------------------------------------------------


def _check_booking(
    *,
    post: Post,
    starts_at: datetime,
    ends_at: datetime,
    officers: Sequence[OfficerSlot],
    operation: Operation | None,
    exclude: Session | None = None,
) -> PoliceUnit:
    """Lock the post (bookings of one post are serialised), check every rule, and return the
    Polsek responsible for it; raise ``SchedulingError`` with every problem in words."""
    Post.objects.select_for_update().filter(pk=post.pk).first()
    problems = _check_officers(officers)
    polsek = responsible_polsek(post)
    if polsek is None:
        problems.append(
            _("The kelurahan of %(post)s is not mapped to a Polsek yet; ask an administrator.")
            % {"post": post.name}
        )
    problems += find_conflicts(
        post=post,
        starts_at=starts_at,
        ends_at=ends_at,
        officers=[s.officer for s in officers],
        operation=operation,
        exclude=exclude,
    )
    if problems:
        raise SchedulingError(problems)
    return polsek


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
    polsek = _check_booking(
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
    _log(session, LogAction.SCHEDULED, actor)
    return session


def _tell_officers(session: Session, what: str, actor: User) -> None:
    from .reminders import change_messages

    officers = [a.officer for a in session.assignments.select_related("officer") if a.officer_id != actor.pk]
    notify(change_messages(session, what=what, officers=officers))


def _transition(session: Session, to: str) -> None:
    if to not in TRANSITIONS[SessionStatus(session.status)]:
        raise TransitionError(
            _("A session that is %(current)s cannot become %(new)s.")
            % {"current": session.get_status_display().lower(), "new": SessionStatus(to).label.lower()}
        )


def _locked(session: Session) -> Session:
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
    session = _locked(session)
    if session.status not in (SessionStatus.PLANNED, SessionStatus.POSTPONED):
        raise TransitionError(_("Only a planned or postponed session can be changed."))
    polsek = _check_booking(
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
            changes[name] = [_local(old), _local(new)]
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
    _log(session, LogAction.RESCHEDULED if rescheduled else LogAction.EDITED, actor, changes=changes)
    if rescheduled:
        _tell_officers(session, "rescheduled", actor)
    return session


def _stop(*, actor: User, session: Session, reason: str, status: str, action: str, what: str) -> Session:
    session = _locked(session)
    _require_reason(reason)
    _transition(session, status)
    session.status, session.status_reason = status, reason
    session.save(update_fields=["status", "status_reason", "updated_at"])
    _log(session, action, actor, note=reason)
    _tell_officers(session, what, actor)
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
    session = _locked(session)
    _transition(session, SessionStatus.HELD)
    if session.starts_at > timezone.now():
        raise TransitionError(_("A session cannot be marked as held before it starts."))
    session.status = SessionStatus.HELD
    session.save(update_fields=["status", "updated_at"])
    _log(session, LogAction.HELD, actor)
    return session


def _require_reason(reason: str) -> None:
    if not reason or not reason.strip():
        raise TransitionError(_("Give the reason, so residents and commanders know why."))


# --- reports ---------------------------------------------------------------------------

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
    session = _locked(session)
    _transition(session, SessionStatus.REPORTED)
    if session.starts_at > timezone.now():
        raise TransitionError(_("A report can only be filed once the session has started."))
    if session.status == SessionStatus.PLANNED:
        _log(session, LogAction.HELD, actor)
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
    _log(session, LogAction.REPORTED, actor, note=_("%(count)d photo(s)") % {"count": len(photos)})
    return report


@transaction.atomic
def report_not_held(*, actor: User, session: Session, postponed: bool, reason: str) -> Session:
    """The report of a session that did not take place: postponed or cancelled, with the reason."""
    if postponed:
        return postpone_session(actor=actor, session=session, reason=reason)
    return cancel_session(actor=actor, session=session, reason=reason)


@transaction.atomic
def correct_report(*, actor: User, report: SessionReport, photos: Sequence = (), **values) -> SessionReport:
    """Correct a filed report; what changed is recorded in the session's log."""
    report = SessionReport.objects.select_for_update().get(pk=report.pk)
    changes = {}
    for name in REPORT_FIELDS:
        if name in values and getattr(report, name) != values[name]:
            changes[name] = [getattr(report, name), values[name]]
            setattr(report, name, values[name])
    report.save()
    for photo in photos:
        SessionPhoto.objects.create(report=report, image=photo)
    if photos:
        changes["photos_added"] = len(photos)
    _log(report.session, LogAction.REPORT_CORRECTED, actor, changes=changes)
    return report


# --- operations --------------------------------------------------------------------------


@transaction.atomic
def create_operation(*, name: str, unit: PoliceUnit, starts_on, ends_on, description: str = "") -> Operation:
    """A new operation; a period ending before it starts or a name the unit already uses is
    refused in words (the model's constraints, checked before the insert and after a lost race)."""
    operation = Operation(name=name, unit=unit, starts_on=starts_on, ends_on=ends_on, description=description)
    try:
        save_checked(operation)
    except ValidationError as error:
        raise SchedulingError(error.messages) from None
    return operation


# --- serentak batches ---------------------------------------------------------------------


@dataclass
class BatchPlanItem:
    post: Post
    lead: User | None
    polsek: PoliceUnit | None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class BatchPlan:
    items: list[BatchPlanItem]

    @property
    def ready(self) -> list[BatchPlanItem]:
        return [i for i in self.items if i.ok]

    @property
    def conflicts(self) -> list[BatchPlanItem]:
        return [i for i in self.items if not i.ok]


def batch_posts(*, unit: PoliceUnit | None = None, areas: Iterable[Area] = ()):
    """Active posts in scope: every post whose kelurahan a Polsek of ``unit``'s subtree covers,
    or every post inside the chosen areas (any level)."""
    posts = Post.objects.active().select_related("rw", "rw__parent", "rw__parent__polsek")
    areas = list(areas)
    if areas:
        condition = Q()
        for area in areas:
            condition |= Q(rw__path__startswith=area.path)
        posts = posts.filter(condition)
    if unit is not None:
        posts = posts.filter(rw__parent__polsek__path__startswith=unit.path)
    return posts.order_by("rw__parent__name", "rw__name", "name")


def plan_batch(
    *,
    unit: PoliceUnit | None,
    areas: Iterable[Area] = (),
    starts_at: datetime,
    ends_at: datetime,
    operation: Operation | None = None,
) -> BatchPlan:
    """The preview: one item per post, with its lead and what stands in the way. A fixed number
    of queries whatever the number of posts."""
    posts = list(batch_posts(unit=unit, areas=areas))
    general: list[str] = []
    if ends_at <= starts_at:
        general.append(_("The session must end after it starts."))
    if operation is not None:
        start_day, end_day = timezone.localdate(starts_at), timezone.localdate(ends_at)
        if start_day < operation.starts_on or end_day > operation.ends_on:
            general.append(
                _("The time falls outside the period of %(operation)s.") % {"operation": operation.name}
            )
    village_ids = {p.rw.parent_id for p in posts}
    leads: dict[int, User] = {}
    through = Area.bhabinkamtibmas.through
    for row in (
        through.objects.filter(area_id__in=village_ids, user__is_active=True)
        .select_related("user")
        .order_by("area_id", "user_id")
    ):
        leads.setdefault(row.area_id, row.user)
    busy = Session.objects.booked().overlapping(starts_at, ends_at) if not general else Session.objects.none()
    busy_posts = set(busy.filter(post__in=[p.pk for p in posts]).values_list("post_id", flat=True))
    busy_officers = set(
        SessionOfficer.objects.filter(
            session__in=busy, officer_id__in=[u.pk for u in leads.values()]
        ).values_list("officer_id", flat=True)
    )
    items = []
    for post in posts:
        lead = leads.get(post.rw.parent_id)
        item = BatchPlanItem(post=post, lead=lead, polsek=post.rw.parent.polsek, problems=list(general))
        if item.polsek is None:
            item.problems.append(_("the kelurahan is not mapped to a Polsek"))
        if lead is None:
            item.problems.append(_("no Bhabinkamtibmas covers this kelurahan"))
        elif lead.pk in busy_officers:
            item.problems.append(_("%(officer)s is booked elsewhere at that time") % {"officer": lead})
        if post.pk in busy_posts:
            item.problems.append(_("the post is already booked at that time"))
        items.append(item)
    # A Bhabinkamtibmas covering several RW posts leads all of them in a serentak batch; the
    # preview says so, so staff can send other officers along.
    per_lead: dict[int, int] = defaultdict(int)
    for item in items:
        if item.ok and item.lead is not None:
            per_lead[item.lead.pk] += 1
    for item in items:
        if item.ok and item.lead is not None and per_lead[item.lead.pk] > 1:
            item.warnings.append(
                _("%(officer)s leads %(count)d posts at the same time")
                % {"officer": item.lead, "count": per_lead[item.lead.pk]}
            )
    return BatchPlan(items=items)


@transaction.atomic
def schedule_batch(
    *,
    actor: User,
    title: str,
    kind: SessionKind,
    unit: PoliceUnit,
    areas: Iterable[Area] = (),
    starts_at: datetime,
    ends_at: datetime,
    operation: Operation | None = None,
    agenda: str = "",
) -> tuple[SessionBatch, BatchPlan]:
    """Create one session per post that is free, in bulk (a fixed number of queries).

    Posts with a conflict are left out and returned in the plan, so the caller can say which.
    """
    plan = plan_batch(unit=unit, areas=areas, starts_at=starts_at, ends_at=ends_at, operation=operation)
    if not plan.ready:
        raise SchedulingError([_("No post in scope can take a session at that time.")])
    batch = SessionBatch.objects.create(
        title=title, unit=unit, operation=operation, starts_at=starts_at, ends_at=ends_at, created_by=actor
    )
    sessions = Session.objects.bulk_create(
        [
            Session(
                kind=kind,
                title=title,
                post=item.post,
                rw=item.post.rw,
                unit=item.polsek,
                organiser=unit,
                operation=operation,
                batch=batch,
                starts_at=starts_at,
                ends_at=ends_at,
                agenda=agenda,
                created_by=actor,
            )
            for item in plan.ready
        ],
        batch_size=1000,
    )
    SessionOfficer.objects.bulk_create(
        [
            SessionOfficer(session=session, officer=item.lead, role=OfficerRole.LEAD)
            for session, item in zip(sessions, plan.ready, strict=True)
        ],
        batch_size=2000,
    )
    now = timezone.now()
    SessionLog.objects.bulk_create(
        [
            SessionLog(session=s, action=LogAction.SCHEDULED, actor=actor, at=now, note=_("serentak batch"))
            for s in sessions
        ],
        batch_size=2000,
    )
    return batch, plan


@transaction.atomic
def stop_batch(*, actor: User, batch: SessionBatch, cancel: bool, reason: str) -> int:
    """Postpone or cancel every still-planned session of a batch, with one reason."""
    _require_reason(reason)
    batch = SessionBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == BatchStatus.CANCELLED:
        raise TransitionError(_("This batch is already cancelled."))
    new_status = SessionStatus.CANCELLED if cancel else SessionStatus.POSTPONED
    movable = [SessionStatus.PLANNED, SessionStatus.POSTPONED] if cancel else [SessionStatus.PLANNED]
    affected = list(batch.sessions.filter(status__in=movable).values_list("pk", flat=True))
    Session.objects.filter(pk__in=affected).update(
        status=new_status, status_reason=reason, updated_at=timezone.now()
    )
    action = LogAction.CANCELLED if cancel else LogAction.POSTPONED
    now = timezone.now()
    SessionLog.objects.bulk_create(
        [SessionLog(session_id=pk, action=action, actor=actor, at=now, note=reason) for pk in affected],
        batch_size=2000,
    )
    batch.status = BatchStatus.CANCELLED if cancel else BatchStatus.POSTPONED
    batch.status_reason = reason
    batch.save(update_fields=["status", "status_reason"])
    from .reminders import change_messages

    messages = []
    for session in (
        Session.objects.filter(pk__in=affected)
        .select_related("post", "rw", "rw__parent")
        .prefetch_related("assignments__officer")
    ):
        officers = [a.officer for a in session.assignments.all() if a.officer_id != actor.pk]
        messages += change_messages(session, what="cancelled" if cancel else "postponed", officers=officers)
    notify(messages)
    return len(affected)


# --- calendar feeds ---------------------------------------------------------------------------


@transaction.atomic
def renew_calendar_feed(*, user: User) -> CalendarFeed:
    """Create the officer's private feed or give it a new token (the old URL stops working)."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed
