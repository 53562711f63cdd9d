"""What residents may see of the aspirations of an area (the public RW/kelurahan page,
``ngopi/wilayah``): counts, and the outcomes an officer chose to publish. Never a description,
a tracking code, a name or a place.

Tips are counted as one number without their category: "2 tips on narkoba in RW 18" could warn
the very people a tip is about. Complaints and suggestions are counted per category.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Count, F

from ngopi.areas.enums import AreaLevel
from ngopi.core.dates import day_start

from ..enums import Kind, Status
from ..models import AgendaAspiration, Aspiration

PUBLISHED_STATUSES = [Status.RESOLVED, Status.CLOSED]


def _in_area(area):
    if area.level == AreaLevel.RW:
        return Aspiration.objects.filter(rw=area)
    if area.level == AreaLevel.VILLAGE:
        return Aspiration.objects.filter(village=area)
    return Aspiration.objects.filter(rw__path__startswith=area.path)


def heard_counts(area, since: date) -> dict:
    """ "Kami dengar": ``{"categories": [(category, count)], "tips": n, "total": n}`` of what
    residents raised in ``area`` since ``since`` (a WIB day); duplicates are not counted twice.
    One query."""
    rows = (
        _in_area(area)
        .filter(created_at__gte=day_start(since))
        .exclude(status=Status.DUPLICATE)
        .values("kind", "category__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_category: dict[str, int] = defaultdict(int)
    tips = 0
    for row in rows:
        if row["kind"] == Kind.TIP:
            tips += row["n"]
        else:
            by_category[row["category__name"]] += row["n"]
    categories = sorted(by_category.items(), key=lambda item: (-item[1], item[0]))
    return {"categories": categories, "tips": tips, "total": sum(by_category.values()) + tips}


def published_outcomes(area, limit: int = 10) -> list[dict]:
    """ "Kami lakukan": the outcomes the officer published (``outcome_public``, which is never set
    for a tip unless he ticked it), newest first: category, kind, RW, when and his public summary
    only; a tip's category is left out (``None``), as "Kami dengar" leaves it out. One query."""
    outcomes = list(
        _in_area(area)
        .filter(outcome_public=True, status__in=PUBLISHED_STATUSES)
        .exclude(public_summary="")
        .values("kind", "category__name", "rw__name", "resolved_at", "public_summary")
        .order_by("-resolved_at", "-id")[:limit]
    )
    for outcome in outcomes:
        if outcome["kind"] == Kind.TIP:
            outcome["category__name"] = None
    return outcomes


def topics_at_sessions(session_ids) -> dict[int, list[tuple[str, int]]]:
    """{session id: [(category, count)]} of what was raised at each session: recorded at it, or
    brought there on its agenda and ticked as discussed (complaints and suggestions by category;
    tips as one line without it). Two queries."""
    session_ids = list(session_ids)
    raised = (
        Aspiration.objects.filter(session_id__in=session_ids)
        .exclude(status=Status.DUPLICATE)
        .values("session_id", "kind", "category__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    discussed = (
        AgendaAspiration.objects.filter(session_id__in=session_ids, discussed=True)
        .exclude(aspiration__session_id=F("session_id"))  # counted above already
        .values("session_id", kind=F("aspiration__kind"), category__name=F("aspiration__category__name"))
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = [*raised, *discussed]
    topics: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    tips: dict[int, int] = defaultdict(int)
    for row in rows:
        if row["kind"] == Kind.TIP:
            tips[row["session_id"]] += row["n"]
        else:
            topics[row["session_id"]][row["category__name"]] += row["n"]
    result = {}
    for session_id in set(topics) | set(tips):
        lines = sorted(topics[session_id].items(), key=lambda item: (-item[1], item[0]))
        if tips[session_id]:
            lines.append((str(Kind.TIP.label), tips[session_id]))
        result[session_id] = lines
    return result
