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

from dataclasses import replace
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


# A received row as the rollup stores it: a list in this order, not a dict (a third of the size).
RECEIVED_FIELDS = (
    *RECEIVED_GROUPS,
    "n",
    "tips_proven",
    "tips_verified",
    "due",
    "in_time",
    "rated",
    "rating_sum",
)


def pack(figures: dict) -> dict:
    """Figures as ``MonthlyFigures`` stores them (received rows as lists)."""
    return {**figures, "received": [[row[name] for name in RECEIVED_FIELDS] for row in figures["received"]]}


def unpack(stored: dict | None) -> dict | None:
    """The stored figures with their received rows as dicts again."""
    if stored is None:
        return None
    return {
        **stored,
        "received": [dict(zip(RECEIVED_FIELDS, row, strict=True)) for row in stored["received"]],
    }


def new_figures() -> dict:
    """A cell of the monthly rollup, empty: received rows, times overall and per unit below."""
    return {"received": [], "overall": _empty_times(), "children": {}}


def new_child() -> dict:
    """A unit below's times: the units table shows its received count and median response only."""
    return {"n": 0, "response": {}}


def _combine(into: dict | None, other: dict | None, sign: int) -> dict:
    """``into`` plus (or minus) ``other``, as a new dict; histogram keys become ints, unit keys
    strings (what JSON gives back), and rows, buckets and units that come to zero are left out."""
    into, other = into or new_figures(), other or new_figures()

    def times(mine: dict, theirs: dict, names) -> dict:
        result = {"n": mine.get("n", 0) + sign * theirs.get("n", 0)}
        for name in names:
            histogram = histograms.add(histograms.add({}, mine.get(name, {})), theirs.get(name, {}), sign)
            result[name] = {bucket: n for bucket, n in histogram.items() if n}
        return result

    received = into["received"] + [
        {name: value if name in RECEIVED_GROUPS else sign * (value or 0) for name, value in row.items()}
        for row in other["received"]
    ]
    children = {}
    for pk in {*map(str, into["children"]), *map(str, other["children"])}:
        mine = into["children"].get(pk) or into["children"].get(int(pk)) or new_child()
        theirs = other["children"].get(pk) or other["children"].get(int(pk)) or new_child()
        child = times(mine, theirs, ("response",))
        if child["n"] or child["response"]:
            children[pk] = child
    return {
        "received": [row for row in merge_received(received) if row["n"]],
        "overall": times(into["overall"], other["overall"], ENDS),
        "children": children,
    }


def add_figures(total: dict | None, month: dict | None) -> dict:
    """A running total carried on by one month's figures (a new dict: each month's row keeps its
    own)."""
    return _combine(total, month, 1)


def running_difference(later: dict, earlier: dict | None) -> dict:
    """The figures of the months after ``earlier``'s up to ``later``'s, from their running
    totals."""
    return _combine(later, earlier, -1)


def _empty_times() -> dict:
    return {"n": 0, "response": {}, "resolution": {}}


def _add_times(into: dict, times: dict) -> None:
    into["n"] += times["n"]
    for name in ENDS:
        histograms.add(into[name], times.get(name, {}))


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


def _medians(times: dict, names=ENDS) -> dict:
    return {"n": times["n"], **{name: histograms.median(times[name]) for name in names}}


# A category's rows of a month or less are few: counted live, their medians exact.
CATEGORY_LIVE_DAYS = 31


def months_scope(*, user, f: DashboardFilters):
    """The monthly rollup's scope for this view, as ``rollup_scope`` but a category filter
    allowed over a period longer than ``CATEGORY_LIVE_DAYS`` (the rollup keeps each category of
    every subtree with units below it)."""
    if f.area is not None or f.operation is not None:
        return None
    if f.category is not None and (f.date_to - f.date_from).days < CATEGORY_LIVE_DAYS:
        return None
    return rollup_scope(user=user, f=replace(f, category=None))


def months_rolled_up(*, user, f: DashboardFilters, now: datetime, child_of: dict[int, int]) -> dict | None:
    """The received-in-the-period figures of a period holding at least one whole month: its
    whole months from two running totals of ``MonthlyFigures`` (the last month's, less the one
    before the first), the days around them counted live. ``None`` when the view is not one the
    rollup holds (``months_scope``), the period has no whole month, or a row it needs is missing
    (the page then reads the period live). On PostgreSQL only, like the rollup."""
    if connection.vendor != "postgresql":
        return None
    scope = months_scope(user=user, f=f)
    if scope is None:
        return None
    today = timezone.localdate(now)
    months, ends = split_period(f.date_from, f.date_to, today)
    kept = rolled_months(today)
    if not months or months[0] < kept[0]:
        return None
    before = (months[0] - timedelta(days=1)).replace(day=1)
    wanted = {months[-1]} | ({before} if before >= kept[0] else set())
    # The months before last month are rebuilt at night: their stamp is the one to show.
    nightly = kept[-3] if len(kept) >= 3 and months[0] <= kept[-3] else None
    rows = MonthlyFigures.objects.filter(
        scope=str(scope), category=f.category, month__in=wanted | ({nightly} - {None})
    )
    stored = {
        month: (figures, refreshed)
        for month, figures, refreshed in rows.values_list("month", "figures", "refreshed_at")
    }
    if not wanted.issubset(stored):
        return None
    figures = running_difference(unpack(stored[months[-1]][0]), unpack(stored.get(before, (None,))[0]))
    received, overall = figures["received"], _empty_times()
    _add_times(overall, figures["overall"])
    per_child = {}
    for pk, times in figures["children"].items():
        _add_times(per_child.setdefault(int(pk), _empty_times()), times)
    if ends:
        days = (Q(created_at__gte=day_start(first), created_at__lt=day_end(last)) for first, last in ends)
        rows = aspirations(user=user, f=f).filter(reduce(or_, days))
        received = merge_received(
            [*received, *rows.values(*RECEIVED_GROUPS).annotate(**received_counts(now))]
        )
        live_overall, live_children = live_histograms(rows, child_of=child_of)
        _add_times(overall, live_overall)
        for pk, times in live_children.items():
            _add_times(per_child.setdefault(pk, _empty_times()), times)
    return {
        "received": received,
        "overall": _medians(overall),
        "children": {pk: _medians(times, ("response",)) for pk, times in per_child.items()},
        "months": months,
        "ends": ends,
        "as_of": min(refreshed for _figures, refreshed in stored.values()),
    }
