"""The dashboard's only writes: its rollups, rebuilt whole by Celery beat.

``refresh_rollups`` rebuilds them all under one lock and records when (the ``Rollup`` row the
page shows): ``refresh_weekly_trends`` (the twelve-week trend, ``WeeklyTrend``/
``WeeklyUnitTrend``), ``refresh_period_figures`` (this and last week's and month's figures per
subtree, ``PeriodFigures``; PostgreSQL only), ``refresh_monthly_figures`` (each month's running
totals per subtree and category, ``MonthlyFigures``: this and last month, every month nightly;
PostgreSQL only), ``refresh_open_figures`` (the open set per
Polsek, category, operation and status, ``OpenFigures``) and ``refresh_early_warning_counts``
(each rule's counts per RW, ``EarlyWarningCount``). The dashboard only reads the domain apps;
the identity views logged by exports are written through ``aspirations.services``.
"""

import heapq
import logging
import time
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count, JSONField, Value
from django.db.models.functions import TruncWeek
from django.utils import timezone

from aspirations.models import Aspiration
from ngopi.accounts.models import PoliceUnit
from ngopi.areas.models import Area
from ngopi.core import queue
from ngopi.core.dates import day_end, day_start
from ngopi.core.tree import SEGMENT_LENGTH

from .models import (
    EarlyWarningCount,
    MonthlyFigures,
    OpenFigures,
    PeriodFigures,
    Rollup,
    WeeklyTrend,
    WeeklyUnitTrend,
)
from .selectors.aggregates import (
    ENDS,
    HOT_SPOT_DAYS,
    HOT_SPOT_ROWS,
    RECEIVED_GROUPS,
    ROLLUP_NAME,
    median_sql,
    merge_received,
    open_counts,
    period_key,
    received_counts,
)
from .selectors.figures import warning_counts, warning_rules
from .selectors.filters import rolled_periods
from .selectors.histograms import bucket_sql, seconds_sql
from .selectors.months import add_figures, new_child, new_figures, pack, rolled_months, unpack
from .selectors.trend import trend_weeks

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
def refresh_rollups(*, now: datetime | None = None, full: bool = False) -> Rollup | None:
    """Rebuild every rollup of the dashboard: the weekly trends and (on PostgreSQL) the period
    and monthly figures — of this and last month only, unless ``full`` (every month back to the
    form's limit: the nightly run) or some month is missing. One refresh at a time: a second one
    that finds the ``Rollup`` row locked returns ``None`` at once. Readers see the old rows until
    it commits; the row records when, how long and how many trend rows."""
    now = now or timezone.now()
    Rollup.objects.get_or_create(name=ROLLUP_NAME)
    state = Rollup.objects.select_for_update(skip_locked=True).filter(name=ROLLUP_NAME).first()
    if state is None:
        return None
    started = time.perf_counter()
    state.rows = refresh_weekly_trends(now=now)
    refresh_period_figures(now=now)
    refresh_monthly_figures(now=now, full=full)
    refresh_open_figures(now=now)
    refresh_early_warning_counts(now=now)
    state.refreshed_at = now
    state.seconds = round(time.perf_counter() - started, 3)
    state.save(update_fields=["refreshed_at", "seconds", "rows"])
    return state


@transaction.atomic
def refresh_weekly_trends(*, now: datetime | None = None) -> int:
    """Rebuild the twelve-week trend: aspirations received and resolved per WIB week, Polsek,
    kelurahan, category and operation (``WeeklyTrend``), and the same per week, Polsek and
    category (``WeeklyUnitTrend``). Returns the number of ``WeeklyTrend`` rows. Called by
    ``refresh_rollups``, which keeps two refreshes from running at once.

    On PostgreSQL both tables are filled by ``INSERT … SELECT`` in the database; elsewhere the
    rows are counted and written through the ORM (the same rows: tests compare the two)."""
    now = now or timezone.now()
    start = day_start(trend_weeks(timezone.localdate(now))[0])
    WeeklyUnitTrend.objects.all().delete()
    WeeklyTrend.objects.all().delete()
    if connection.vendor == "postgresql":
        return _insert_weekly_trends(start)
    return _write_weekly_trends(start)


# The trend rows summed in the database (``_insert_weekly_trends``): each aspiration counts once
# in the week it was received and once in the week it was resolved.
WEEKLY_TREND_SQL = """
INSERT INTO dashboard_weeklytrend
    (week, unit_id, village_id, category_id, operation_id, received, resolved)
SELECT week, unit_id, village_id, category_id, operation_id, SUM(received), SUM(resolved)
FROM (
    SELECT (date_trunc('week', created_at AT TIME ZONE %(tz)s))::date AS week,
           unit_id, village_id, category_id, operation_id, 1 AS received, 0 AS resolved
    FROM aspirations_aspiration WHERE created_at >= %(start)s
    UNION ALL
    SELECT (date_trunc('week', resolved_at AT TIME ZONE %(tz)s))::date,
           unit_id, village_id, category_id, operation_id, 0, 1
    FROM aspirations_aspiration WHERE resolved_at >= %(start)s
) AS counted
GROUP BY week, unit_id, village_id, category_id, operation_id
"""
WEEKLY_UNIT_TREND_SQL = """
INSERT INTO dashboard_weeklyunittrend (week, unit_id, category_id, received, resolved)
SELECT week, unit_id, category_id, SUM(received), SUM(resolved)
FROM dashboard_weeklytrend GROUP BY week, unit_id, category_id
"""


def _insert_weekly_trends(start: datetime) -> int:
    """Both trend tables filled by PostgreSQL (``INSERT … SELECT``): at 10,000,000 aspirations
    the ORM path built and sent some 130,000 rows from Python."""
    with connection.cursor() as cursor:
        cursor.execute(WEEKLY_TREND_SQL, {"tz": timezone.get_current_timezone_name(), "start": start})
        rows = cursor.rowcount
        cursor.execute(WEEKLY_UNIT_TREND_SQL)
    return rows


def _write_weekly_trends(start: datetime) -> int:
    """The trend rows counted per week and dimension by two grouped queries, summed and written
    through the ORM."""
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
    WeeklyUnitTrend.objects.bulk_create(
        (
            WeeklyUnitTrend(
                week=week, unit_id=unit, category_id=category, received=received, resolved=resolved
            )
            for (week, unit, category), (received, resolved) in coarse.items()
        ),
        batch_size=5000,
    )
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
    return len(cells)


@transaction.atomic
def refresh_period_figures(*, now: datetime | None = None) -> int:
    """Rebuild ``PeriodFigures`` (what ``selectors.aggregates.rolled_up`` reads) for this week and
    this month. PostgreSQL only (the medians need ``percentile_cont``); elsewhere the page reads
    these figures live and this returns 0. Returns the number of rows. Called by
    ``refresh_rollups``, which keeps two refreshes from running at once."""
    if connection.vendor != "postgresql":
        return 0
    PeriodFigures.objects.all().delete()
    return len(PeriodFigures.objects.bulk_create(_period_figures(now or timezone.now()), batch_size=500))


@transaction.atomic
def refresh_monthly_figures(*, now: datetime | None = None, full: bool = False) -> int:
    """Rebuild ``MonthlyFigures`` (what ``selectors.months.months_rolled_up`` reads): this and last
    month (their running totals go on from the month before, rebuilt at night), or every month
    back to the form's limit when ``full`` or when one of them is missing (the first run, or the
    first refresh of a new month). PostgreSQL only, like the period figures;
    returns the number of rows written. Called by ``refresh_rollups``, which keeps two refreshes
    from running at once."""
    if connection.vendor != "postgresql":
        return 0
    now = now or timezone.now()
    months = rolled_months(timezone.localdate(now))
    if not full:
        kept = set(MonthlyFigures.objects.filter(scope="all", category=None).values_list("month", flat=True))
        full = not kept.issuperset(months)
    if full:
        MonthlyFigures.objects.all().delete()
    else:
        months = months[-2:]
        MonthlyFigures.objects.filter(month__in=months).delete()
    written = 0
    # A month at a time: every cell's running totals of every month at once took 2 GB at 1 M.
    for rows in _monthly_figures(now, months):
        written += len(MonthlyFigures.objects.bulk_create(rows))
    return written


@transaction.atomic
def refresh_open_figures(*, now: datetime | None = None) -> int:
    """Rebuild ``OpenFigures``: the open set per Polsek, category, operation and status, with
    the urgent ones and those past their deadline at ``now``. Returns the number of rows. Called
    by ``refresh_rollups``, which keeps two refreshes from running at once."""
    now = now or timezone.now()
    rows = (
        Aspiration.objects.open()
        .order_by()
        .values("unit_id", "category_id", "operation_id", "status")
        .annotate(**open_counts(now))
    )
    OpenFigures.objects.all().delete()
    return len(OpenFigures.objects.bulk_create((OpenFigures(**row) for row in rows), batch_size=5000))


@transaction.atomic
def refresh_early_warning_counts(*, now: datetime | None = None) -> int:
    """Rebuild ``EarlyWarningCount``: for each active rule, the aspirations received before
    ``now`` within its window per RW and Polsek, and one row without an RW saying the rule was
    counted. Returns the number of rows. Called by ``refresh_rollups`` (``now`` is the refresh
    time the page counts on from)."""
    now = now or timezone.now()
    EarlyWarningCount.objects.all().delete()
    rules = warning_rules()
    if not rules:
        return 0
    since, counts = warning_counts(rules, timezone.localdate(now))
    rows = (
        Aspiration.objects.filter(created_at__gte=since, created_at__lt=now)
        .order_by()
        .values("rw_id", "unit_id")
        .annotate(**counts)
    )
    found = [EarlyWarningCount(rule_id=rule.pk) for rule in rules]
    totals: dict[tuple[int, int], int] = {}
    for row in rows:
        for rule in rules:
            n = row[f"rule_{rule.pk}"]
            if n:
                found.append(
                    EarlyWarningCount(rule_id=rule.pk, rw_id=row["rw_id"], unit_id=row["unit_id"], n=n)
                )
                totals[rule.pk, row["rw_id"]] = totals.get((rule.pk, row["rw_id"]), 0) + n
    for count in found:
        count.rw_total = totals.get((count.rule_id, count.rw_id), 0)
    return len(EarlyWarningCount.objects.bulk_create(found, batch_size=5000))


def kick_refresh() -> None:
    """Ask a worker to rebuild the rollups now (when they are missing or stale); best effort."""
    from .tasks import refresh_rollups

    queue.publish(refresh_rollups, what="dashboard rollup refresh", fallback="beat will refresh it later")


# --- period figures --------------------------------------------------------------------------


def _chains() -> dict[int, list[int]]:
    """Every unit id -> the ids of its ancestors and itself, root first (from the paths)."""
    units = dict(PoliceUnit.objects.values_list("path", "pk"))
    step = SEGMENT_LENGTH + 1
    return {
        pk: [units[path[:end]] for end in range(1 + step, len(path) + 1, step) if path[:end] in units]
        for path, pk in units.items()
    }


def _subtree_medians(queryset, chains: dict[int, list[int]]) -> dict:
    """Medians (seconds) and row counts of ``queryset`` for every subtree (unit id) and for all
    rows (``"all"``): one GROUPING SETS pass, a grouping set per depth of the tree."""
    depth = max((len(chain) for chain in chains.values()), default=0)
    sql, params = queryset.values("unit_id", "created_at", *ENDS.values()).query.sql_with_params()
    levels = [f"m.a{d}" for d in range(depth)]
    arrays = [list(chains)] + [
        [chain[d] if d < len(chain) else None for chain in chains.values()] for d in range(depth)
    ]
    # Without any unit yet (depth 0) the only grouping set is () and the list starts at COUNT(*).
    columns = ", ".join(
        [
            *(f"GROUPING({level})" for level in levels),
            *levels,
            "COUNT(*)",
            median_sql("acknowledged_at"),
            median_sql("resolved_at"),
        ]
    )
    names = ", ".join(["unit", *(f"a{d}" for d in range(depth))])
    unnest = ", ".join(["%s::bigint[]"] * (depth + 1))
    sets = ", ".join(["()", *(f"({level})" for level in levels)])
    # Fixed SQL around Django's own; every value travels as a parameter.
    wrapped = (
        f"SELECT {columns} "  # noqa: S608
        f"FROM ({sql}) AS r LEFT JOIN unnest({unnest}) AS m({names}) ON m.unit = r.unit_id "
        f"GROUP BY GROUPING SETS ({sets})"
    )
    with connection.cursor() as cursor:
        cursor.execute(wrapped, (*params, *arrays))
        found = cursor.fetchall()
    result = {}
    for row in found:
        flags, keys, (n, response, resolution) = row[:depth], row[depth : 2 * depth], row[2 * depth :]
        level = next((d for d, flag in enumerate(flags) if flag == 0), None)
        scope = "all" if level is None else keys[level]
        if scope is None:  # rows of a unit above this depth
            continue
        result[scope] = {
            "n": n,
            "response": response.total_seconds() if response is not None else None,
            "resolution": resolution.total_seconds() if resolution is not None else None,
        }
    return result


def _hot_spots(*, chains, today) -> dict:
    """The ten largest counts per RW and category of the last 30 days, for every subtree."""
    since = today - timedelta(days=HOT_SPOT_DAYS - 1)
    counts: dict = {}
    rows = (
        Aspiration.objects.filter(created_at__gte=day_start(since))
        .values_list("unit_id", "rw_id", "category_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for unit_id, rw_id, category_id, n in rows:
        for scope in (*chains.get(unit_id, ()), "all"):
            bucket = counts.setdefault(scope, {})
            bucket[(rw_id, category_id)] = bucket.get((rw_id, category_id), 0) + n
    top = {
        scope: heapq.nsmallest(HOT_SPOT_ROWS, bucket.items(), key=lambda item: (-item[1], item[0]))
        for scope, bucket in counts.items()
    }
    rws = {pk for rows_ in top.values() for (pk, _category), _n in rows_}
    names = {
        pk: (name, parent)
        for pk, name, parent in Area.objects.filter(pk__in=rws).values_list("pk", "name", "parent__name")
    }
    return {
        scope: {
            "since": since.isoformat(),
            "until": today.isoformat(),
            "rows": [
                {
                    "rw_id": rw_id,
                    "category_id": category_id,
                    "n": n,
                    "rw__name": names[rw_id][0],
                    "rw__parent__name": names[rw_id][1],
                }
                for (rw_id, category_id), n in rows_
            ],
        }
        for scope, rows_ in top.items()
    }


def _period_figures(now: datetime) -> list[PeriodFigures]:
    """What ``selectors.aggregates.rolled_up`` reads: for this and last week and this and last month
    (``rolled_periods``), per subtree (and for
    everything), the received counts per category, kind and outcome, the medians overall and per
    unit below, and the hot spots. Counts add up from one query grouped by unit; the medians of
    every subtree come from one GROUPING SETS pass per period."""
    today = timezone.localdate(now)
    chains = _chains()
    children: dict = {"all": [pk for pk, chain in chains.items() if len(chain) == 1]}
    for pk, chain in chains.items():
        if len(chain) > 1:
            children.setdefault(chain[-2], []).append(pk)
    hot = _hot_spots(chains=chains, today=today)
    empty_hot = {
        "since": (today - timedelta(days=HOT_SPOT_DAYS - 1)).isoformat(),
        "until": today.isoformat(),
        "rows": [],
    }
    result = []
    for date_from, date_to in rolled_periods(today):
        base = Aspiration.objects.filter(
            created_at__gte=day_start(date_from), created_at__lt=day_end(date_to)
        ).order_by()
        received: dict = {}
        for row in base.values("unit_id", *RECEIVED_GROUPS).annotate(**received_counts(now)):
            unit_id = row.pop("unit_id")
            for scope in (*chains.get(unit_id, ()), "all"):
                received.setdefault(scope, []).append(row)
        times = _subtree_medians(base, chains)
        for scope in ["all", *chains]:
            rows = merge_received(received.get(scope, []))
            result.append(
                PeriodFigures(
                    key=period_key(scope, date_from, date_to),
                    figures={
                        "received": rows,
                        "overall": times.get(scope, {"n": 0, "response": None, "resolution": None}),
                        "children": {str(pk): times[pk] for pk in children.get(scope, []) if pk in times},
                        "hot_spots": hot.get(scope, empty_hot),
                    },
                )
            )
    return result


# --- monthly figures -------------------------------------------------------------------------

# A month's response and resolution times per unit and category, counted per duration bucket.
# Fixed SQL: the bucket expressions are built from constants (``histograms.TIERS``).
MONTHLY_HISTOGRAMS_SQL = f"""
SELECT r.unit_id, r.category_id, e.name, {bucket_sql("e.seconds")}, COUNT(*)
FROM aspirations_aspiration AS r
CROSS JOIN LATERAL (VALUES ('response', {seconds_sql("r.acknowledged_at")}),
                           ('resolution', {seconds_sql("r.resolved_at")})) AS e(name, seconds)
WHERE r.created_at >= %(start)s AND r.created_at < %(end)s AND e.seconds IS NOT NULL
GROUP BY 1, 2, 3, 4
"""  # noqa: S608


def _scope_pairs(chains: dict[int, list[int]]) -> dict:
    """Every unit id -> the (scope, child) pairs its rows count in: everything and each subtree
    it lies in, with the unit one level below that scope on its way (``None`` for its own)."""
    pairs = {}
    for pk, chain in chains.items():
        path = ["all", *chain]
        pairs[pk] = [(scope, path[i + 1] if i + 1 < len(path) else None) for i, scope in enumerate(path)]
    return pairs


def _monthly_figures(now: datetime, months: list) -> Iterator[list[MonthlyFigures]]:
    """The running totals of ``months`` (first days, consecutive, up to this month) for every
    subtree and for everything, and per category for every subtree with units below it (a
    Polsek's category is read live: few rows), month by month. Each row holds the totals from the
    first month the rollup keeps to its own month (``selectors.months.running_difference``
    subtracts two of them); when ``months`` starts later, the totals go on from the stored month
    before it. Yields each month's rows."""
    from aspirations.models import Category

    chains = _chains()
    pairs = _scope_pairs(chains)
    parents = {scope for chain in chains.values() for scope in chain[:-1]} | {"all"}
    categories = list(Category.objects.values_list("pk", flat=True))
    keys = [("all", None)] + [(scope, None) for scope in chains]
    keys += [(scope, category) for scope in ["all", *chains] if scope in parents for category in categories]
    before = (months[0] - timedelta(days=1)).replace(day=1)
    stored = {
        (scope, category): unpack(figures)
        for scope, category, figures in MonthlyFigures.objects.filter(month=before).values_list(
            "scope", "category_id", "figures"
        )
    }
    totals = {(scope, category): stored.get((str(scope), category)) for scope, category in keys}
    for month in months:
        cells = _month_cells(now, month, pairs=pairs, parents=parents)
        rows = []
        for key in keys:
            totals[key] = add_figures(totals[key], cells.get(key))
            rows.append(
                MonthlyFigures(
                    scope=str(key[0]),
                    category_id=key[1],
                    month=month,
                    # As an expression: Django then inserts with VALUES, not UNNEST of a jsonb[]
                    # array, which psycopg escapes character by character (55 s of 140 at 1 M).
                    figures=Value(pack(totals[key]), output_field=JSONField()),
                    refreshed_at=now,
                )
            )
        yield rows


def _month_cells(now: datetime, month, *, pairs: dict, parents: set) -> dict:
    """One month's figures per cell ((scope, category or None)): one query for the counts per
    unit, category, kind and outcome, one for the histograms per unit, category and bucket, both
    added up per cell here."""
    start, end = day_start(month), day_start((month + timedelta(days=32)).replace(day=1))
    empty = [("all", None)]
    cells: dict = {}

    def targets(unit_id, category_id):
        for scope, child in pairs.get(unit_id, empty):
            for category in (None, category_id) if scope in parents else (None,):
                if (scope, category) not in cells:
                    cells[scope, category] = new_figures()
                yield cells[scope, category], child

    counts = (
        Aspiration.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("unit_id", *RECEIVED_GROUPS)
        .annotate(**received_counts(now))
        .order_by()
    )
    for row in counts:
        unit_id = row.pop("unit_id")
        for target, child in targets(unit_id, row["category_id"]):
            target["received"].append(row)
            target["overall"]["n"] += row["n"]
            if child is not None:
                target["children"].setdefault(child, new_child())["n"] += row["n"]
    with connection.cursor() as cursor:
        cursor.execute(MONTHLY_HISTOGRAMS_SQL, {"start": start, "end": end})
        for unit_id, category_id, name, bucket, n in cursor:
            for target, child in targets(unit_id, category_id):
                histogram = target["overall"][name]
                histogram[bucket] = histogram.get(bucket, 0) + n
                if child is not None and name == "response":  # the units table shows response only
                    histogram = target["children"].setdefault(child, new_child())[name]
                    histogram[bucket] = histogram.get(bucket, 0) + n
    return cells
