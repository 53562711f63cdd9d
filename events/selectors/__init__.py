"""Permission-aware reads of sessions and operations; the public pages' reads are in ``public``."""

import calendar as pycalendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ngopi.accounts.enums import UnitKind
from ngopi.accounts.models import PoliceUnit
from ngopi.areas.models import Area, Post
from ngopi.core.dates import day_end, day_start
from ngopi.core.pagination import KeysetPage, keyset_page

from ..enums import OfficerRole, SessionStatus
from ..models import (
    Operation,
    Session,
    SessionBatch,
    SessionLog,
    SessionOfficer,
)
from .public import (  # noqa: F401  (the app's reads are all reachable as events.selectors.*)
    in_area,
    kept_at_last_session,
    post_markers,
    posts_with_next_session,
    public_commitments,
    public_himbauan,
    public_past_sessions,
    public_sessions,
    public_villages,
    rws_with_next_session,
    session_for_public_page,
    sessions_reported_since,
    sessions_to_announce,
)

PAGE_SIZE = 25


def visible_session(*, user, pk: int) -> Session:
    """The one getter behind every staff page of a session: 404 outside the user's scope."""
    queryset = Session.objects.visible_to(user).for_list().select_related("organiser", "batch", "created_by")
    return get_object_or_404(queryset, pk=pk)


def session_detail(*, user, pk: int) -> Session:
    return get_object_or_404(
        Session.objects.visible_to(user)
        .for_list()
        .select_related("organiser", "batch", "created_by", "report", "report__filed_by")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=SessionOfficer.objects.select_related("officer").order_by("role", "id"),
            ),
            "guests",
            "report__photos",
            Prefetch("log", queryset=SessionLog.objects.select_related("actor")),
        ),
        pk=pk,
    )


@dataclass
class SessionFilters:
    unit: PoliceUnit | None = None
    area: Area | None = None
    operation: Operation | None = None
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None
    batch: SessionBatch | None = None
    mine: bool = False


def filtered_sessions(*, user, filters: SessionFilters) -> QuerySet:
    sessions = Session.objects.visible_to(user)
    if filters.unit is not None:
        sessions = sessions.filter(unit__path__startswith=filters.unit.path)
    if filters.area is not None:
        sessions = sessions.filter(rw__path__startswith=filters.area.path)
    if filters.operation is not None:
        sessions = sessions.filter(operation=filters.operation)
    if filters.batch is not None:
        sessions = sessions.filter(batch=filters.batch)
    if filters.status:
        sessions = sessions.filter(status=filters.status)
    if filters.date_from:
        sessions = sessions.filter(starts_at__gte=day_start(filters.date_from))
    if filters.date_to:
        sessions = sessions.filter(starts_at__lt=day_end(filters.date_to))
    if filters.mine:
        sessions = sessions.filter(assignments__officer=user)
    return sessions


def _with_lead(queryset: QuerySet) -> QuerySet:
    return queryset.for_list().prefetch_related(
        Prefetch(
            "assignments",
            queryset=SessionOfficer.objects.filter(role=OfficerRole.LEAD).select_related("officer"),
            to_attr="leads",
        )
    )


def session_page(*, user, filters: SessionFilters, after: str | None, size: int = PAGE_SIZE) -> KeysetPage:
    """One page of the staff list, ordered by start time; a fixed number of queries."""
    queryset = _with_lead(filtered_sessions(user=user, filters=filters))
    return keyset_page(queryset, fields=["starts_at", "id"], after=after, size=size)


def status_counts(*, user, filters: SessionFilters) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, ignoring the status filter itself."""
    rows = (
        filtered_sessions(user=user, filters=SessionFilters(**{**filters.__dict__, "status": ""}))
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
    )
    counts = {row["status"]: row["n"] for row in rows}
    return [(status.value, status.label, counts.get(status.value, 0)) for status in SessionStatus]


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    sessions: list


def month_calendar(*, user, filters: SessionFilters, year: int, month: int) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of the month with the sessions of each day; one query."""
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    return _days(
        user=user,
        filters=filters,
        days=[d for week in weeks for d in week],
        month=month,
        first=first,
        last=last,
        chunk=7,
    )


def week_calendar(*, user, filters: SessionFilters, monday: date) -> list[list[CalendarDay]]:
    days = [monday + timedelta(days=i) for i in range(7)]
    return _days(user=user, filters=filters, days=days, month=None, first=days[0], last=days[-1], chunk=7)


def _days(*, user, filters, days, month, first, last, chunk):
    sessions = (
        filtered_sessions(user=user, filters=filters)
        .filter(starts_at__gte=day_start(first), starts_at__lt=day_end(last))
        .for_list()
        .order_by("starts_at", "id")[:2000]
    )
    by_day = defaultdict(list)
    for session in sessions:
        by_day[timezone.localdate(session.starts_at)].append(session)
    cells = [
        CalendarDay(day=d, in_month=month is None or d.month == month, sessions=by_day.get(d, []))
        for d in days
    ]
    return [cells[i : i + chunk] for i in range(0, len(cells), chunk)]


def my_sessions(*, user) -> dict:
    now = timezone.now()
    mine = Session.objects.filter(assignments__officer=user)
    upcoming = _with_lead(
        mine.filter(ends_at__gte=now, status__in=[SessionStatus.PLANNED, SessionStatus.HELD])
    )
    needing_report = _with_lead(
        mine.filter(
            ends_at__lt=now,
            status__in=[SessionStatus.PLANNED, SessionStatus.HELD],
            assignments__role=OfficerRole.LEAD,
            assignments__officer=user,
        )
    )
    return {
        "upcoming": list(upcoming.order_by("starts_at", "id")[:20]),
        "needing_report": list(needing_report.order_by("starts_at", "id").distinct()[:50]),
    }


# --- operations ------------------------------------------------------------------------------


def visible_operation(*, user, pk: int) -> Operation:
    return get_object_or_404(Operation.objects.visible_to(user).select_related("unit"), pk=pk)


def operation_list(*, user) -> QuerySet:
    return (
        Operation.objects.visible_to(user)
        .select_related("unit")
        .annotate(session_count=Count("sessions"))
        .order_by("-starts_on", "name")
    )


# The figures of a coverage row that add up from Polsek to Polres to the operation's total.
COVERAGE_COUNTS = (
    "posts",
    "posts_covered",
    "planned",
    "held",
    "reported",
    "postponed",
    "cancelled",
    "residents",
)


@dataclass
class CoverageRow:
    unit: PoliceUnit
    posts: int = 0
    posts_covered: int = 0
    planned: int = 0
    held: int = 0
    reported: int = 0
    postponed: int = 0
    cancelled: int = 0
    residents: int = 0
    children: list | None = None

    @property
    def coverage(self) -> float | None:
        return self.posts_covered / self.posts if self.posts else None

    @property
    def total(self) -> int:
        return self.planned + self.held + self.reported + self.postponed + self.cancelled


def operation_coverage(*, user, operation: Operation) -> dict:
    """Posts in scope and sessions per status, per Polres and Polsek, within the user's view.

    Posts in scope are the active posts whose kelurahan a Polsek below the operation's owning
    unit covers. A post counts as covered once it has a held or reported session of the
    operation. Four queries whatever the size.
    """
    scope_units = PoliceUnit.objects.visible_to(user).filter(path__startswith=operation.unit.path)
    if user.unit_id and not user.is_administrator:
        # a commander inside the operation's unit sees his own subtree of it
        own = PoliceUnit.objects.get(pk=user.unit_id)
        if own.path.startswith(operation.unit.path):
            scope_units = scope_units.filter(path__startswith=own.path)
    units = {u.pk: u for u in scope_units.select_related("parent")}
    polseks = {pk: u for pk, u in units.items() if u.kind == UnitKind.POLSEK}

    posts = (
        Post.objects.active()
        .filter(rw__parent__polsek_id__in=list(polseks))
        .values("rw__parent__polsek_id")
        .annotate(
            n=Count("id"),
            covered=Count(
                "id",
                filter=Q(
                    Exists(
                        Session.objects.filter(
                            post=OuterRef("pk"),
                            operation=operation,
                            status__in=[SessionStatus.HELD, SessionStatus.REPORTED],
                        )
                    )
                ),
            ),
        )
        .order_by()
    )
    sessions = (
        Session.objects.filter(operation=operation, unit_id__in=list(polseks))
        .values("unit_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    residents = (
        Session.objects.filter(operation=operation, unit_id__in=list(polseks), report__isnull=False)
        .values("unit_id")
        .annotate(n=Count("id"), people=Sum("report__residents_count"))
        .order_by()
    )
    rows = {pk: CoverageRow(unit=u) for pk, u in polseks.items()}
    for row in posts:
        rows[row["rw__parent__polsek_id"]].posts = row["n"]
        rows[row["rw__parent__polsek_id"]].posts_covered = row["covered"]
    for row in sessions:
        setattr(rows[row["unit_id"]], row["status"], row["n"])
    for row in residents:
        rows[row["unit_id"]].residents = row["people"] or 0

    # Roll Polseks up into their Polres.
    groups: dict[int, CoverageRow] = {}
    for row in sorted(rows.values(), key=lambda r: r.unit.name):
        parent = units.get(row.unit.parent_id) or row.unit.parent
        group = groups.setdefault(parent.pk, CoverageRow(unit=parent, children=[]))
        group.children.append(row)
        for name in COVERAGE_COUNTS:
            setattr(group, name, getattr(group, name) + getattr(row, name))
    total = CoverageRow(unit=operation.unit)
    for group in groups.values():
        for name in COVERAGE_COUNTS:
            setattr(total, name, getattr(total, name) + getattr(group, name))
    return {"groups": sorted(groups.values(), key=lambda g: g.unit.name), "total": total}


# --- public ------------------------------------------------------------------------------------


def officer_feed_sessions(*, user) -> QuerySet:
    since = timezone.now() - timedelta(days=30)
    return (
        Session.objects.filter(assignments__officer=user, ends_at__gte=since)
        .for_list()
        .order_by("starts_at", "id")[:500]
    )


# --- "Hari ini": the staff landing page (ngopi/site/today.py) ---------------------------------

TODAY_LIMIT = 10


def sessions_on(*, user, day: date, mine: bool = False, limit: int = TODAY_LIMIT) -> list[Session]:
    """Booked sessions starting on the WIB ``day`` in the user's jurisdiction (only those he is
    assigned to with ``mine``), with their lead."""
    sessions = Session.objects.visible_to(user).booked()
    sessions = sessions.filter(starts_at__gte=day_start(day), starts_at__lt=day_end(day))
    if mine:
        sessions = sessions.filter(
            Exists(SessionOfficer.objects.filter(session=OuterRef("pk"), officer=user))
        )
    return list(_with_lead(sessions).order_by("starts_at", "id")[:limit])


def coming_sessions(*, user, now, days: int, limit: int = 20) -> list[Session]:
    """Booked sessions of the coming ``days`` (from now) in the user's jurisdiction."""
    sessions = Session.objects.visible_to(user).booked().filter(starts_at__gte=now)
    sessions = sessions.filter(starts_at__lt=day_end(timezone.localdate(now) + timedelta(days=days - 1)))
    return list(_with_lead(sessions).order_by("starts_at", "id")[:limit])


def reports_due(*, user, now, mine: bool = False, limit: int = TODAY_LIMIT) -> list[Session]:
    """Sessions that have ended without a report: those the user leads with ``mine``, else every
    one in his jurisdiction (what Binmas chases)."""
    sessions = Session.objects.visible_to(user).booked().filter(ends_at__lt=now)
    if mine:
        lead = SessionOfficer.objects.filter(session=OuterRef("pk"), officer=user, role=OfficerRole.LEAD)
        sessions = sessions.filter(Exists(lead))
    return list(_with_lead(sessions).order_by("ends_at", "id")[:limit])


def post_gaps(*, user, now, weeks: int, limit: int = TODAY_LIMIT) -> list[Post]:
    """Active posts in the user's jurisdiction where no session has been held for ``weeks``
    weeks (or ever), the longest-forgotten first; ``last_visit`` is the last session held there,
    ``next_visit`` the next one planned."""
    held = Q(sessions__status__in=[SessionStatus.HELD, SessionStatus.REPORTED], sessions__starts_at__lt=now)
    planned = Q(sessions__status=SessionStatus.PLANNED, sessions__starts_at__gte=now)
    posts = (
        Post.objects.visible_to(user)
        .active()
        .annotate(
            last_visit=Max("sessions__starts_at", filter=held),
            next_visit=Min("sessions__starts_at", filter=planned),
        )
        .filter(Q(last_visit__isnull=True) | Q(last_visit__lt=now - timedelta(weeks=weeks)))
        .select_related("rw", "rw__parent")
    )
    return list(posts.order_by(F("last_visit").asc(nulls_first=True), "name", "id")[:limit])
