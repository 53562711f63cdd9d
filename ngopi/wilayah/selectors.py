"""What the public page of an RW or kelurahan shows, read through the domain apps' selectors.

Privacy: only what those selectors give the public — counts by category, outcomes the officer
published (never a tip unless he ticked it), commitments and himbauan; no identity, no
description of a report, no report's location (the map shows posts and nothing else).

The rendered page (but its follow form) is cached for ``NGOPI_AREA_PAGE_CACHE_SECONDS`` per
area and language by the template's ``{% cache %}``; the view reads this data only on a miss."""

from datetime import timedelta

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from aspirations.selectors import public as aspiration_selectors
from events import selectors as event_selectors
from ngopi.areas.enums import AreaLevel
from ngopi.areas.models import Area

from .models import Follower

HEARD_MONTHS = 6
PAST_SESSIONS = 5
UPCOMING_SESSIONS = 5
OUTCOMES = 10
COMMITMENTS = 20


def public_area(*, pk: int) -> Area:
    """An RW or a kelurahan; 404 for any other level."""
    return get_object_or_404(
        Area.objects.select_related("parent", "parent__parent"),
        pk=pk,
        level__in=[AreaLevel.RW, AreaLevel.VILLAGE],
    )


def public_rw(*, pk: int) -> Area:
    area = public_area(pk=pk)
    if not is_rw(area):
        raise Http404
    return area


def is_rw(area: Area) -> bool:
    return area.level == AreaLevel.RW


def follower(*, pk: int) -> Follower | None:
    return Follower.objects.select_related("rw", "rw__parent").filter(pk=pk).first()


def area_page(area: Area) -> dict:
    now = timezone.now()
    since = timezone.localdate(now) - timedelta(days=30 * HEARD_MONTHS)
    posts = event_selectors.posts_with_next_session(area=area)
    data = {
        "area": area,
        "is_rw": is_rw(area),
        "upcoming": list(event_selectors.public_sessions(area=area, limit=UPCOMING_SESSIONS)),
        "posts": posts,
        "markers": event_selectors.post_markers(posts),
        "heard_since": since,
        "heard_months": HEARD_MONTHS,
    }
    if not is_rw(area):
        data["rws"] = event_selectors.rws_with_next_session(village=area)
    past = event_selectors.public_past_sessions(area, limit=PAST_SESSIONS)
    summaries = session_summaries(past)
    data |= {
        "past": [{"session": session, **summaries[session.pk]} for session in past],
        "heard": aspiration_selectors.heard_counts(area, since),
        "outcomes": aspiration_selectors.published_outcomes(area, limit=OUTCOMES),
        "commitments": event_selectors.public_commitments(area, limit=COMMITMENTS),
        "himbauan": event_selectors.public_himbauan(area, timezone.localdate(now)),
    }
    return data


def session_summaries(sessions) -> dict:
    """{session id: summary} of reported sessions (as ``public_past_sessions`` reads them, or
    with their report at least): attendance, topics by category, himbauan delivered and
    commitments made. One query for the topics."""
    topics = aspiration_selectors.topics_at_sessions([s.pk for s in sessions]) if sessions else {}
    summaries = {}
    for session in sessions:
        delivered = getattr(session, "himbauan_delivered", None)
        made = getattr(session, "commitments_made", None)
        summaries[session.pk] = {
            "attendance": session.report.total_attendance,
            "topics": [{"category": name, "count": n} for name, n in topics.get(session.pk, [])],
            "himbauan": [row.himbauan.title for row in delivered] if delivered is not None else [],
            "commitments": made if made is not None else [],
        }
    return summaries
