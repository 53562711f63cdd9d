"""Serentak: one session at every post of a unit at once, planned, booked and stopped in bulk."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ngopi.accounts.models import PoliceUnit, User
from ngopi.areas.models import Area, Post
from ngopi.notifications.services import notify

from .. import rules, workflow
from ..enums import BatchStatus, LogAction, OfficerRole, SessionStatus
from ..messages import batch_assignment_messages, change_messages
from ..models import Operation, Session, SessionBatch, SessionKind, SessionLog, SessionOfficer
from .common import SchedulingError, require_reason
from .loop import prepare_agendas


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
    # Only what the preview shows and the batch writes: 3,000 full rows over four tables (with
    # decimal coordinates to convert) were a third of a serentak batch's time.
    posts = list(
        batch_posts(unit=unit, areas=areas).only(
            "name",
            "rw__name",
            "rw__parent__name",
            "rw__parent__polsek__name",
            "rw__parent__polsek__code",
        )
    )
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


def _add_leads_and_log(*, batch: SessionBatch, plan: BatchPlan, actor: User, note: str) -> None:
    """The lead of every session of the batch and its "scheduled" log row, each in one
    INSERT ... SELECT over the batch's sessions: building 6,000 model instances for these two
    tables cost more than inserting the sessions themselves (bench/serentak.py)."""
    session, officer, log = Session._meta.db_table, SessionOfficer._meta.db_table, SessionLog._meta.db_table
    posts = [item.post.pk for item in plan.ready]
    leads = [item.lead.pk for item in plan.ready]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {officer} (session_id, officer_id, role) "  # noqa: S608 (table names only)
            f"SELECT s.id, lead.officer_id, %s FROM {session} s "
            "JOIN unnest(%s::bigint[], %s::bigint[]) AS lead(post_id, officer_id) "
            "ON lead.post_id = s.post_id WHERE s.batch_id = %s",
            [OfficerRole.LEAD, posts, leads, batch.pk],
        )
        cursor.execute(
            f"INSERT INTO {log} (session_id, action, actor_id, at, note, changes) "  # noqa: S608
            f"SELECT s.id, %s, %s, %s, %s, '{{}}'::jsonb FROM {session} s WHERE s.batch_id = %s",
            [LogAction.SCHEDULED, actor.pk, timezone.now(), note, batch.pk],
        )


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
    The actor schedules for ``unit``, which must lie in his jurisdiction.
    """
    if not rules.can_schedule(actor, unit):
        raise PermissionDenied
    plan = plan_batch(unit=unit, areas=areas, starts_at=starts_at, ends_at=ends_at, operation=operation)
    if not plan.ready:
        raise SchedulingError([_("No post in scope can take a session at that time.")])
    batch = SessionBatch.objects.create(
        title=title, unit=unit, operation=operation, starts_at=starts_at, ends_at=ends_at, created_by=actor
    )
    sessions = Session.objects.bulk_create(
        [
            Session(
                kind_id=kind.pk,
                title=title,
                post=item.post,  # kept: the officers' notices name the posts
                rw_id=item.post.rw_id,
                unit_id=item.polsek.pk,
                organiser_id=unit.pk,
                operation_id=operation.pk if operation else None,
                batch_id=batch.pk,
                starts_at=starts_at,
                ends_at=ends_at,
                agenda=agenda,
                created_by_id=actor.pk,
            )
            for item in plan.ready
        ],
        batch_size=1000,
    )
    _add_leads_and_log(batch=batch, plan=plan, actor=actor, note=_("serentak batch"))
    prepare_agendas(sessions)
    per_officer: dict[User, list[Session]] = defaultdict(list)
    for session, item in zip(sessions, plan.ready, strict=True):
        if item.lead.pk != actor.pk:
            per_officer[item.lead].append(session)
    notify(batch_assignment_messages(batch, per_officer))
    return batch, plan


@transaction.atomic
def stop_batch(*, actor: User, batch: SessionBatch, cancel: bool, reason: str) -> int:
    """Postpone or cancel every still-planned session of a batch, with one reason."""
    locked = SessionBatch.objects.visible_to(actor).select_for_update(of=("self",)).filter(pk=batch.pk)
    batch = locked.select_related("unit").first()
    if batch is None:
        raise Http404
    step = workflow.BatchAction.CANCEL if cancel else workflow.BatchAction.POSTPONE
    workflow.check_batch(batch, actor, step)
    require_reason(reason)
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
