"""Serentak: one session at every post of a unit at once, planned, booked and stopped in bulk."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.base import DEFERRED
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ngopi.accounts.models import PoliceUnit, User
from ngopi.areas.models import Area, Post
from ngopi.notifications.services import notify

from .. import rules, workflow
from ..enums import BatchStatus, LogAction, OfficerRole, SessionStatus
from ..messages import batch_assignment_messages, batch_change_messages
from ..models import Operation, Session, SessionBatch, SessionKind, SessionLog, SessionOfficer
from .booking import lock_operation
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
    notices: list[str] = field(default_factory=list)  # about the whole batch, for the preview

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


def _plan_posts(posts) -> list[Post]:
    """The posts of the plan with what the preview shows and the batch writes, from one query of
    tuples: each post and its RW are built here, each kelurahan and Polsek once and shared by its
    posts (3,000 rows as select_related model instances were a quarter of a batch's time).
    The instances are partial, as ``only()`` would give: other fields load when read."""
    rows = posts.values_list(
        "pk",
        "name",
        "rw_id",
        "rw__name",
        "rw__parent_id",
        "rw__parent__name",
        "rw__parent__polsek_id",
        "rw__parent__polsek__name",
        "rw__parent__polsek__code",
    )
    db = posts.db

    def builder(model, *attnames):
        # as the ORM builds a row of only(): every field in the model's order, those not loaded
        # DEFERRED (from_db then calls the model's positional constructor)
        fields = [f.attname for f in model._meta.concrete_fields]
        template, slots = [DEFERRED] * len(fields), [fields.index(name) for name in attnames]

        def build(*values):
            row = template.copy()
            for slot, value in zip(slots, values, strict=True):
                row[slot] = value
            return model.from_db(db, None, row)

        return build

    new_polsek = builder(PoliceUnit, "id", "name", "code")
    new_village = builder(Area, "id", "name", "polsek_id")
    new_rw = builder(Area, "id", "name", "parent_id")
    new_post = builder(Post, "id", "name", "rw_id")
    # the relations as select_related caches them
    cache_polsek, cache_parent, cache_rw = Area.polsek.field, Area.parent.field, Post.rw.field
    villages: dict[int, Area] = {}
    polseks: dict[int | None, PoliceUnit | None] = {None: None}
    result = []
    for pk, name, rw_id, rw_name, village_id, village_name, polsek_id, polsek_name, polsek_code in rows:
        if polsek_id not in polseks:
            polseks[polsek_id] = new_polsek(polsek_id, polsek_name, polsek_code)
        village = villages.get(village_id)
        if village is None:
            village = villages[village_id] = new_village(village_id, village_name, polsek_id)
            cache_polsek.set_cached_value(village, polseks[polsek_id])
        rw = new_rw(rw_id, rw_name, village_id)
        cache_parent.set_cached_value(rw, village)
        post = new_post(pk, name, rw_id)
        cache_rw.set_cached_value(post, rw)
        result.append(post)
    return result


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
    areas = list(areas)  # read twice: the posts, and the scope of the busy-post check
    posts = _plan_posts(batch_posts(unit=unit, areas=areas))
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
    # The posts in scope as a subquery, not 3,000 parameters (their quoting alone cost more than
    # the query): the database probes session_post_start_idx for each.
    in_scope = batch_posts(unit=unit, areas=areas).order_by().values("pk")
    busy_posts = set(busy.filter(post__in=in_scope).order_by().values_list("post_id", flat=True))
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
    warnings: dict[int, str] = {}  # one text per lead, shared by the items he leads
    for item in items:
        if item.ok and item.lead is not None and per_lead[item.lead.pk] > 1:
            if item.lead.pk not in warnings:
                warnings[item.lead.pk] = _("%(officer)s leads %(count)d posts at the same time") % {
                    "officer": item.lead,
                    "count": per_lead[item.lead.pk],
                }
            item.warnings.append(warnings[item.lead.pk])
    notices = []
    if not general and starts_at <= timezone.now():
        # Allowed, to record a serentak already held; a mistyped date must not pass unseen.
        notices.append(
            _(
                "This time has already passed: the sessions are recorded as planned on that day, "
                "and each lead is asked for the report at once. Go on only to record sessions "
                "already held."
            )
        )
    return BatchPlan(items=items, notices=notices)


# Every column of a session the batch writes: the same values Session(...) and bulk_create gave
# (defaults and auto_now fields included); tests/events/test_batches.py checks that it names
# every concrete field of the model.
SESSION_COLUMNS = (
    "kind_id",
    "title",
    "post_id",
    "rw_id",
    "unit_id",
    "organiser_id",
    "operation_id",
    "batch_id",
    "starts_at",
    "ends_at",
    "agenda",
    "status",
    "status_reason",
    "created_by_id",
    "created_at",
    "updated_at",
)


def _insert_sessions(
    *,
    batch: SessionBatch,
    plan: BatchPlan,
    kind: SessionKind,
    title: str,
    organiser: PoliceUnit,
    operation: Operation | None,
    agenda: str,
    actor: User,
    note: str,
) -> None:
    """The batch's sessions, the lead of each and its "scheduled" log row, in one statement: an
    INSERT ... SELECT FROM unnest(...) of the per-post values (post, RW, Polsek, lead) with the
    rest as single parameters, feeding the officers' and the log's INSERT ... SELECT through
    RETURNING. bulk_create's per-object work (3,000 instances, 48,000 quoted parameters) was
    more than half of a serentak batch's time (bench/serentak.py)."""
    session, officer, log = Session._meta.db_table, SessionOfficer._meta.db_table, SessionLog._meta.db_table
    ready = plan.ready
    now = timezone.now()
    values = {
        "kind_id": kind.pk,
        "title": title,
        "organiser_id": organiser.pk,
        "operation_id": operation.pk if operation else None,
        "batch_id": batch.pk,
        "starts_at": batch.starts_at,
        "ends_at": batch.ends_at,
        "agenda": agenda,
        "status": SessionStatus.PLANNED.value,
        "status_reason": "",
        "created_by_id": actor.pk,
        "created_at": now,
        "updated_at": now,
    }
    if connection.vendor != "postgresql":
        _insert_sessions_portable(plan=plan, values=values, actor=actor, note=note, now=now)
        return
    per_post = ("post_id", "rw_id", "unit_id")
    columns = ", ".join(SESSION_COLUMNS)
    selected = ", ".join(f"r.{c}" if c in per_post else "%s" for c in SESSION_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            # Table and column names from the model; every value is a parameter.
            f"WITH r AS (SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[]) "  # noqa: S608
            "AS r(post_id, rw_id, unit_id, lead_id)), "
            f"new AS (INSERT INTO {session} ({columns}) SELECT {selected} FROM r RETURNING id, post_id), "
            f"leads AS (INSERT INTO {officer} (session_id, officer_id, role) "
            "SELECT new.id, r.lead_id, %s FROM new JOIN r ON r.post_id = new.post_id) "
            f"INSERT INTO {log} (session_id, action, actor_id, at, note, changes) "
            "SELECT new.id, %s, %s, %s, %s, '{}'::jsonb FROM new",
            [
                [item.post.pk for item in ready],
                [item.post.rw_id for item in ready],
                [item.polsek.pk for item in ready],
                [item.lead.pk for item in ready],
                *(values[c] for c in SESSION_COLUMNS if c not in per_post),
                OfficerRole.LEAD.value,
                LogAction.SCHEDULED.value,
                actor.pk,
                now,
                note,
            ],
        )


def _insert_sessions_portable(
    *, plan: BatchPlan, values: dict, actor: User, note: str, now: datetime
) -> None:
    """The same rows through the ORM, for SQLite (``make run``): the statement above is
    PostgreSQL's (``unnest``, writable CTEs)."""
    sessions = Session.objects.bulk_create(
        [
            Session(post_id=item.post.pk, rw_id=item.post.rw_id, unit_id=item.polsek.pk, **values)
            for item in plan.ready
        ],
        batch_size=500,
    )
    SessionOfficer.objects.bulk_create(
        [
            SessionOfficer(session=session, officer_id=item.lead.pk, role=OfficerRole.LEAD)
            for session, item in zip(sessions, plan.ready, strict=True)
        ],
        batch_size=500,
    )
    SessionLog.objects.bulk_create(
        [
            SessionLog(session=session, action=LogAction.SCHEDULED, actor=actor, at=now, note=note)
            for session in sessions
        ],
        batch_size=500,
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
    operation = lock_operation(operation)
    plan = plan_batch(unit=unit, areas=areas, starts_at=starts_at, ends_at=ends_at, operation=operation)
    if not plan.ready:
        raise SchedulingError([_("No post in scope can take a session at that time.")])
    batch = SessionBatch.objects.create(
        title=title, unit=unit, operation=operation, starts_at=starts_at, ends_at=ends_at, created_by=actor
    )
    _insert_sessions(
        batch=batch,
        plan=plan,
        kind=kind,
        title=title,
        organiser=unit,
        operation=operation,
        agenda=agenda,
        actor=actor,
        note=_("serentak batch"),
    )
    prepare_agendas(Session.objects.filter(batch=batch))
    per_officer: dict[User, list[str]] = defaultdict(list)
    for item in plan.ready:
        if item.lead.pk != actor.pk:
            per_officer[item.lead].append(item.post.name)
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
    # One notice per officer listing his posts, as the batch's assignment was told.
    posts_by_officer: dict[User, list[str]] = defaultdict(list)
    for row in (
        SessionOfficer.objects.filter(session_id__in=affected)
        .exclude(officer_id=actor.pk)
        .select_related("officer", "session__post")
        .order_by("officer_id", "session__post__name")
    ):
        posts_by_officer[row.officer].append(row.session.post.name)
    what = "cancelled" if cancel else "postponed"
    notify(
        batch_change_messages(
            batch, what=what, posts_by_officer=posts_by_officer, stamp=f"{now:%Y%m%dT%H%M%S%f}"
        )
    )
    return len(affected)
