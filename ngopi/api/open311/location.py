"""Where a civic app's request happened: the RW of the nearest post within
``NGOPI_OPEN311_MAX_DISTANCE_M`` of its lat/long (posts are the app's only coordinates)."""

import math
from decimal import Decimal

from django.conf import settings

from ngopi.areas.models import Post

EARTH_RADIUS_M = 6_371_000


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def nearest_rw_id(lat: float, lon: float) -> int | None:
    """The RW id of the nearest active post within the configured distance, or None. The
    database narrows to a box around the point (indexable), Python measures the few inside."""
    limit = settings.NGOPI_OPEN311_MAX_DISTANCE_M
    dlat = limit / 111_320
    dlon = limit / max(111_320 * math.cos(math.radians(lat)), 1)
    candidates = (
        Post.objects.active()
        .filter(
            latitude__gte=Decimal(str(round(lat - dlat, 6))),
            latitude__lte=Decimal(str(round(lat + dlat, 6))),
            longitude__gte=Decimal(str(round(lon - dlon, 6))),
            longitude__lte=Decimal(str(round(lon + dlon, 6))),
        )
        .values_list("rw_id", "latitude", "longitude")[:500]
    )
    best = None
    for rw_id, plat, plon in candidates:
        d = distance_m(lat, lon, float(plat), float(plon))
        if d <= limit and (best is None or d < best[0]):
            best = (d, rw_id)
    return best[1] if best else None
