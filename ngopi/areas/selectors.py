"""Permission-aware reads of areas and posts."""

from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q

from ngopi.accounts.models import PoliceUnit
from ngopi.accounts.scoping import jurisdiction_of

from .models import Area, Post

VILLAGES_PER_PAGE = 25


def jurisdiction_overview(*, user, page=None) -> dict:
    """What the signed-in officer is responsible for: units below him, kelurahan, RWs, posts.

    A fixed number of queries whatever the size of the jurisdiction.
    """
    units = (
        PoliceUnit.objects.visible_to(user)
        .select_related("parent")
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
    )
    villages = (
        Area.objects.visible_to(user)
        .villages()
        .select_related("parent", "parent__parent", "polsek")
        .annotate(
            rw_count=Count("children", distinct=True),
            post_count=Count("children__posts", filter=Q(children__posts__is_active=True), distinct=True),
        )
        .prefetch_related("bhabinkamtibmas")
        .order_by("parent__name", "name")
    )
    page_obj = Paginator(villages, VILLAGES_PER_PAGE).get_page(page)
    totals = (
        Post.objects.visible_to(user).active().aggregate(posts=Count("pk"), rws=Count("rw", distinct=True))
    )
    return {
        "jurisdiction": jurisdiction_of(user),
        "units": units[:200],
        "villages": page_obj,
        "post_total": totals["posts"],
        "rw_with_posts": totals["rws"],
    }


def rw_positions(rw_ids) -> dict[int, tuple[float, float]]:
    """{RW id: (latitude, longitude)}: the middle of the RW's active posts that have coordinates
    (a map's marker for an RW aggregate; never a report's own location). One query."""
    rows = (
        Post.objects.active()
        .filter(rw_id__in=list(rw_ids), latitude__isnull=False)
        .values("rw_id")
        .annotate(lat=Avg("latitude"), lng=Avg("longitude"))
        .order_by()
    )
    return {row["rw_id"]: (float(row["lat"]), float(row["lng"])) for row in rows}
