"""Reads for the public pages (no user: only what anyone may see): sessions by area, the
posts on the maps, the RW page's past sessions, commitments and himbauan, the followers' mail."""

from datetime import date, timedelta

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from ngopi.areas.enums import AreaLevel
from ngopi.areas.models import Area, Post

from ..enums import CommitmentStatus, SessionStatus
from ..models import (
    AgendaHimbauan,
    Commitment,
    Himbauan,
    Session,
)


def in_area(sessions: QuerySet, area: Area) -> QuerySet:
    """Sessions (or commitments: rows with an ``rw``) in ``area``: an RW and a kelurahan by their
    ids (the ``(rw, starts_at)`` index), larger areas by the path prefix."""
    if area.level == AreaLevel.RW:
        return sessions.filter(rw=area)
    if area.level == AreaLevel.VILLAGE:
        return sessions.filter(rw__parent=area)
    return sessions.filter(rw__path__startswith=area.path)


def public_sessions(*, area: Area | None = None, limit: int | None = None) -> QuerySet:
    sessions = Session.objects.public().upcoming().for_list().order_by("starts_at", "id")
    if area is not None:
        sessions = in_area(sessions, area)
    return sessions[:limit] if limit else sessions


def public_villages() -> QuerySet:
    """The kelurahan a resident may pick to see the sessions near him: those a Polsek covers."""
    return Area.objects.filter(level=AreaLevel.VILLAGE, polsek__isnull=False).order_by("name", "pk")


def session_for_public_page(*, pk: int) -> Session:
    """Any session by its number, for its public page (which says when one is postponed or
    cancelled); 404 when there is none. Not to be confused with the aspirations form's check of
    a session that still takes input."""
    return get_object_or_404(Session.objects.for_list(), pk=pk)


def posts_with_next_session(
    *, area: Area | None = None, upcoming_only: bool = False, limit: int = 500
) -> list[Post]:
    """Active posts (in ``area``) with their next public session (``next_session_id``,
    ``next_session_at``) for the maps; with ``upcoming_only``, only posts that have one."""
    nxt = (
        Session.objects.public()
        .filter(post=OuterRef("pk"), ends_at__gte=timezone.now())
        .order_by("starts_at", "id")
    )
    posts = Post.objects.active().annotate(
        next_session_id=Subquery(nxt.values("pk")[:1]),
        next_session_at=Subquery(nxt.values("starts_at")[:1]),
    )
    if area is not None:
        posts = posts.filter(rw__path__startswith=area.path)
    if upcoming_only:
        posts = posts.filter(next_session_id__isnull=False)
    return list(posts.select_related("rw", "rw__parent").order_by("rw__name", "name", "id")[:limit])


def post_markers(posts) -> list[dict]:
    """Posts as map markers (``{% map %}``): a post's own coordinates, nothing else."""
    markers = []
    for post in posts:
        if post.latitude is None or post.longitude is None:
            continue
        when = ""
        if post.next_session_at:
            local = timezone.localtime(post.next_session_at)
            when = local.strftime("%d-%m-%Y %H:%M") + " WIB"
        markers.append(
            {
                "lat": float(post.latitude),
                "lng": float(post.longitude),
                "label": f"{post.name} · {post.rw.name}",
                "detail": when,
                "url": reverse("events:public_detail", args=[post.next_session_id])
                if post.next_session_id
                else "",
            }
        )
    return markers


def rws_with_next_session(*, village: Area) -> list[Area]:
    """The RWs of a kelurahan, each with its next public session (``next_session``, or None)."""
    nxt = (
        Session.objects.public()
        .filter(rw=OuterRef("pk"), ends_at__gte=timezone.now())
        .order_by("starts_at", "id")
    )
    rws = list(
        Area.objects.filter(parent=village, level=AreaLevel.RW)
        .annotate(next_session_id=Subquery(nxt.values("pk")[:1]))
        .order_by("name", "pk")[:200]
    )
    sessions = Session.objects.for_list().in_bulk([rw.next_session_id for rw in rws if rw.next_session_id])
    for rw in rws:
        rw.next_session = sessions.get(rw.next_session_id)
    return rws


def _with_public_summary(sessions: QuerySet) -> QuerySet:
    """Sessions with their report, ``himbauan_delivered`` (the agenda's himbauan ticked as
    discussed) and ``commitments_made``: two queries more whatever their number."""
    return (
        sessions.for_list()
        .select_related("report")
        .prefetch_related(
            Prefetch(
                "agenda_himbauan",
                queryset=AgendaHimbauan.objects.filter(discussed=True).select_related("himbauan"),
                to_attr="himbauan_delivered",
            ),
            Prefetch(
                "commitments",
                queryset=Commitment.objects.order_by("due_date", "id"),
                to_attr="commitments_made",
            ),
        )
    )


def public_past_sessions(area: Area, limit: int = 5) -> list[Session]:
    """Reported sessions in ``area``, newest first, with their public summary (above)."""
    sessions = in_area(Session.objects.filter(status=SessionStatus.REPORTED, report__isnull=False), area)
    return list(_with_public_summary(sessions).order_by("-starts_at", "-id")[:limit])


def public_commitments(area: Area, limit: int = 20) -> list[Commitment]:
    """Commitments made in ``area``: the open ones first (soonest due), then the closed ones
    (latest closed). Text, status and dates only are for the public (no names)."""
    commitments = (
        in_area(Commitment.objects.all(), area)
        .select_related("rw", "session")
        .order_by(F("closed_at").desc(nulls_first=True), "due_date", "id")
    )
    return list(commitments[:limit])


def kept_at_last_session(*, rw: Area, before=None) -> list[Commitment]:
    """The commitments made at the last reported session at ``rw`` (before ``before``) that were
    kept: what a poster of the next session shows."""
    last = (
        Session.objects.filter(rw=rw, status=SessionStatus.REPORTED)
        .filter(starts_at__lt=before or timezone.now())
        .order_by("-starts_at", "-id")
        .values("pk")[:1]
    )
    return list(
        Commitment.objects.filter(session__in=Subquery(last), status=CommitmentStatus.KEPT).order_by("id")[
            :10
        ]
    )


def public_himbauan(area: Area, on_date: date | None = None, limit: int = 10) -> list[Himbauan]:
    """Himbauan in force for ``area``: those of the area and the areas above it, and for a
    kelurahan also those of its RWs."""
    himbauan = Himbauan.objects.in_force(on_date)
    covering = Q(area__path__in=[*area.ancestor_paths(), area.path])
    if area.level != AreaLevel.RW:
        covering |= Q(area__path__startswith=area.path)
    return list(
        himbauan.filter(covering).select_related("area", "operation").order_by("-valid_from", "-id")[:limit]
    )


def sessions_to_announce(*, now, within: timedelta) -> list[Session]:
    """Planned sessions starting within ``within`` from ``now``: what followers of an RW are told
    about (ngopi/wilayah)."""
    sessions = Session.objects.filter(
        status=SessionStatus.PLANNED, starts_at__gt=now, starts_at__lte=now + within
    )
    return list(sessions.for_list().order_by("starts_at", "id")[:2000])


def sessions_reported_since(*, since) -> list[Session]:
    """Sessions whose report was filed since ``since``, with the report (for followers' summaries)."""
    sessions = Session.objects.filter(report__filed_at__gte=since).exclude(status=SessionStatus.CANCELLED)
    return list(_with_public_summary(sessions).order_by("starts_at", "id")[:2000])
