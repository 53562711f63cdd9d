"""The twelve-week trend: aspirations received and resolved from the weekly rollups, sessions
held read live."""

from datetime import date, datetime, timedelta

from django.db.models import Count, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from ngopi.accounts.scoping import jurisdiction_of
from ngopi.core.dates import day_start

from ..models import WeeklyTrend, WeeklyUnitTrend
from .filters import DONE_SESSIONS, DashboardFilters, sessions
from .links import Figure, inbox_url, session_url

TREND_WEEKS = 12


def trend_weeks(today: date) -> list[date]:
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=i) for i in range(TREND_WEEKS - 1, -1, -1)]


def trend(*, user, f: DashboardFilters, today: date) -> list[dict]:
    """Weekly counts of the last 12 weeks: received and resolved from the rollup (per Polsek and
    category unless a kelurahan or operation is chosen: a fifth of the rows), sessions held live."""
    weeks = trend_weeks(today)
    scope = jurisdiction_of(user)
    if f.area is None and f.operation is None:
        rollup = scope.filter(WeeklyUnitTrend.objects.all(), unit="unit")
    else:
        rollup = scope.filter(WeeklyTrend.objects.all(), unit="unit", village="village")
        if f.area is not None:
            rollup = rollup.filter(village=f.area)
        if f.operation is not None:
            rollup = rollup.filter(operation=f.operation)
    rollup = rollup.filter(week__gte=weeks[0])
    if f.unit is not None:
        rollup = rollup.filter(unit__path__startswith=f.unit.path)
    if f.category is not None:
        rollup = rollup.filter(category=f.category)
    counts = {
        row["week"]: row
        for row in rollup.order_by()
        .values("week")
        .annotate(received=Sum("received"), resolved=Sum("resolved"))
    }
    held = (
        sessions(user=user, f=f, dated=False)
        .filter(starts_at__gte=day_start(weeks[0]), status__in=DONE_SESSIONS)
        .annotate(week=TruncWeek("starts_at", tzinfo=timezone.get_current_timezone()))
        .values("week")
        .annotate(n=Count("*"))  # rows, not ids: answered from ``session_done_start_idx`` alone
    )
    held_by_week = {
        timezone.localdate(row["week"]) if isinstance(row["week"], datetime) else row["week"]: row["n"]
        for row in held
    }
    result = []
    for monday in weeks:
        sunday = monday + timedelta(days=6)
        week_f = DashboardFilters(
            date_from=monday,
            date_to=sunday,
            unit=f.unit,
            area=f.area,
            category=f.category,
            operation=f.operation,
        )
        row = counts.get(monday, {})
        result.append(
            {
                "week": monday,
                "received": Figure(row.get("received") or 0, inbox_url(week_f)),
                "resolved": Figure(
                    row.get("resolved") or 0,
                    inbox_url(
                        week_f,
                        dated=False,
                        resolved_from=monday.isoformat(),
                        resolved_to=sunday.isoformat(),
                    ),
                ),
                "held": Figure(held_by_week.get(monday, 0), session_url(week_f)),
            }
        )
    return result
