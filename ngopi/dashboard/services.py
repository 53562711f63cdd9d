"""The dashboard's writes: rebuilding the weekly trend rollups. (The dashboard only reads the
domain apps; the identity views logged by exports are written through ``aspirations.services``.)"""

import logging
import time
from datetime import datetime

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone

from aspirations.models import Aspiration

from .models import Rollup, WeeklyTrend, WeeklyUnitTrend
from .selectors import TREND_ROLLUP, day_start, trend_weeks

log = logging.getLogger(__name__)
DIMENSIONS = ("unit_id", "village_id", "category_id", "operation_id")
# Beat refreshes the rollup this often (ngopi/celery.py); the page warns when it is much older.
REFRESH_SECONDS = 600


def _weekly(field: str, start: datetime):
    tz = timezone.get_current_timezone()
    return (
        Aspiration.objects.filter(**{f"{field}__gte": start})
        .annotate(week=TruncWeek(field, tzinfo=tz))
        .values("week", *DIMENSIONS)
        .annotate(n=Count("id"))
        .order_by()
    )


@transaction.atomic
def refresh_trend_rollup(*, now: datetime | None = None) -> Rollup | None:
    """Rebuild the twelve-week trend: aspirations received and resolved per WIB week, Polsek,
    kelurahan, category and operation, and the same per week, Polsek and category. One refresh
    at a time: a second one that finds the rollup row locked returns ``None`` at once. Readers see
    the old rows until it commits."""
    now = now or timezone.now()
    Rollup.objects.get_or_create(name=TREND_ROLLUP)
    state = Rollup.objects.select_for_update(skip_locked=True).filter(name=TREND_ROLLUP).first()
    if state is None:
        return None
    started = time.perf_counter()
    start = day_start(trend_weeks(timezone.localdate(now))[0])
    cells: dict[tuple, list[int]] = {}
    for column, field in ((0, "created_at"), (1, "resolved_at")):
        for row in _weekly(field, start):
            week = row["week"]
            week = timezone.localdate(week) if isinstance(week, datetime) else week
            cell = cells.setdefault((week, *(row[d] for d in DIMENSIONS)), [0, 0])
            cell[column] += row["n"]
    coarse: dict[tuple, list[int]] = {}
    for (week, unit, _village, category, _operation), (received, resolved) in cells.items():
        cell = coarse.setdefault((week, unit, category), [0, 0])
        cell[0] += received
        cell[1] += resolved
    WeeklyUnitTrend.objects.all().delete()
    WeeklyUnitTrend.objects.bulk_create(
        (
            WeeklyUnitTrend(
                week=week, unit_id=unit, category_id=category, received=received, resolved=resolved
            )
            for (week, unit, category), (received, resolved) in coarse.items()
        ),
        batch_size=5000,
    )
    WeeklyTrend.objects.all().delete()
    WeeklyTrend.objects.bulk_create(
        (
            WeeklyTrend(
                week=week,
                unit_id=unit,
                village_id=village,
                category_id=category,
                operation_id=operation,
                received=received,
                resolved=resolved,
            )
            for (week, unit, village, category, operation), (received, resolved) in cells.items()
        ),
        batch_size=5000,
    )
    state.refreshed_at = now
    state.seconds = round(time.perf_counter() - started, 3)
    state.rows = len(cells)
    state.save(update_fields=["refreshed_at", "seconds", "rows"])
    return state


def kick_refresh() -> None:
    """Ask a worker to rebuild the rollup now (when it is missing or stale); best effort."""
    from .tasks import refresh_rollup

    try:
        refresh_rollup.apply_async(retry=False, ignore_result=True)
    except Exception as exc:  # broker down: beat will refresh it later
        log.warning("dashboard rollup refresh not queued (%s)", type(exc).__name__)
