"""Long periods from the monthly rollup: the whole months summed, the days at the ends live.

A custom period of months or years (the form allows three) would otherwise be read live, every
row of it: at a million aspirations that took seconds. ``MonthlyFigures`` (written by
``ngopi.dashboard.rollups``) holds each WIB month's received counts and duration histograms per
subtree; ``months_rolled_up`` splits the period into the run of whole months it covers and the
days before and after, adds up the months' rows, counts those days live in the same shapes, and
reads the medians from the summed histograms (``histograms``).

A month counts as whole when the period holds its first day and its last day or today, whichever
is earlier: nothing is received after today, so "1 November to today" is all of November so far.
"""

from datetime import date, datetime, timedelta
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from ngopi.core.dates import day_end, day_start

from ..models import MonthlyFigures
from . import histograms
from .aggregates import ENDS, RECEIVED_GROUPS, merge_received, received_counts, rollup_scope
from .filters import DashboardFilters, aspirations


def _next_month(day: date) -> date:
    """The first day of the month after ``day``'s."""
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def rolled_months(today: date) -> list[date]:
    """The months the rollup keeps (first days, oldest first): back to the earliest day the
    dashboard's form lets a period start, up to this month."""
    from ..forms import MAX_DAYS

    month, last, result = (today - timedelta(days=MAX_DAYS)).replace(day=1), today.replace(day=1), []
    while month <= last:
        result.append(month)
        month = _next_month(month)
    return result


def split_period(date_from: date, date_to: date, today: date) -> tuple[list[date], list[tuple[date, date]]]:
    """The whole months of a period (first days) and the runs of days around them, before and
    after (only those up to today: later days hold nothing). No whole month: ``([], …)``."""
    month = date_from if date_from.day == 1 else _next_month(date_from)
    months = []
    while month <= today and date_to >= min(_next_month(month) - timedelta(days=1), today):
        months.append(month)
        month = _next_month(month)
    if not months:
        return [], [(date_from, date_to)]
    ends = []
    if date_from < months[0]:
        ends.append((date_from, months[0] - timedelta(days=1)))
    after = _next_month(months[-1])
    if after <= min(date_to, today):
        ends.append((after, date_to))
    return months, ends


def _empty_times() -> dict:
    return {"n": 0, "response": {}, "resolution": {}}


def _add_times(into: dict, times: dict) -> None:
    into["n"] += times["n"]
    for name in ENDS:
        histograms.add(into[name], times[name])


# The live part: the rows' histograms per child unit, and their number (the name "n" counts rows).
LIVE_HISTOGRAMS_SQL = """
SELECT m.child, e.name, {bucket}, COUNT(*)
FROM ({rows}) AS r
LEFT JOIN unnest(%s::bigint[], %s::bigint[]) AS m(unit, child) ON m.unit = r.unit_id
CROSS JOIN LATERAL (VALUES ('n', 0), ('response', {response}), ('resolution', {resolution}))
    AS e(name, seconds)
WHERE e.seconds IS NOT NULL
GROUP BY 1, 2, 3
"""


def live_histograms(queryset, *, child_of: dict[int, int]) -> tuple[dict, dict]:
    """Row counts and duration histograms of ``queryset`` overall and per child unit (one query):
    the same shapes as a ``MonthlyFigures`` row's, so the two add up."""
    sql, params = queryset.values("unit_id", "created_at", *ENDS.values()).query.sql_with_params()
    wrapped = LIVE_HISTOGRAMS_SQL.format(
        rows=sql,
        bucket=histograms.bucket_sql("e.seconds"),
        response=histograms.seconds_sql("r.acknowledged_at"),
        resolution=histograms.seconds_sql("r.resolved_at"),
    )
    overall, per_child = _empty_times(), {}
    with connection.cursor() as cursor:
        cursor.execute(wrapped, (*params, list(child_of), list(child_of.values())))
        for child, name, bucket, n in cursor.fetchall():
            targets = [overall] if child is None else [overall, per_child.setdefault(child, _empty_times())]
            for target in targets:
                if name == "n":
                    target["n"] += n
                else:
                    target[name][bucket] = target[name].get(bucket, 0) + n
    return overall, per_child


def _medians(times: dict) -> dict:
    return {"n": times["n"], **{name: histograms.median(times[name]) for name in ENDS}}


def months_rolled_up(*, user, f: DashboardFilters, now: datetime, child_of: dict[int, int]) -> dict | None:
    """The received-in-the-period figures of a period holding at least one whole month, from
    ``MonthlyFigures`` and the days around those months counted live; ``None`` when the view is not
    one the rollup holds (``rollup_scope``), the period has no whole month, or a month's row is
    missing (the page then reads the period live). On PostgreSQL only, like the rollup."""
    if connection.vendor != "postgresql":
        return None
    scope = rollup_scope(user=user, f=f)
    if scope is None:
        return None
    months, ends = split_period(f.date_from, f.date_to, timezone.localdate(now))
    if not months:
        return None
    stored = list(
        MonthlyFigures.objects.filter(scope=str(scope), month__in=months).values_list(
            "figures", "refreshed_at"
        )
    )
    if len(stored) != len(months):
        return None
    received, overall, per_child = [], _empty_times(), {}
    for figures, _refreshed in stored:
        received.extend(figures["received"])
        _add_times(overall, figures["overall"])
        for pk, times in figures["children"].items():
            _add_times(per_child.setdefault(int(pk), _empty_times()), times)
    if ends:
        days = (Q(created_at__gte=day_start(first), created_at__lt=day_end(last)) for first, last in ends)
        rows = aspirations(user=user, f=f).filter(reduce(or_, days))
        received.extend(rows.values(*RECEIVED_GROUPS).annotate(**received_counts(now)))
        live_overall, live_children = live_histograms(rows, child_of=child_of)
        _add_times(overall, live_overall)
        for pk, times in live_children.items():
            _add_times(per_child.setdefault(pk, _empty_times()), times)
    return {
        "received": merge_received(received),
        "overall": _medians(overall),
        "children": {pk: _medians(times) for pk, times in per_child.items()},
        "months": months,
        "ends": ends,
        "as_of": min(refreshed for _figures, refreshed in stored),
    }
