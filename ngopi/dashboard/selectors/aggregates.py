"""The grouped queries behind the figures, and the rollups that stand in for some of them.

Each "…_rows" function is one query over a base set (``filters``), grouped on ids (unit, status,
category, kind, outcome): the cards and the units table add up the same rows in Python
(``figures``, ``units``), so they count the same rows and the query count is fixed whatever the
data. ``medians`` takes the median response and resolution times overall and per unit below in
one query. For a whole subtree's this week or this month, the received figures, medians and hot
spots are read from ``PeriodFigures`` instead (``rolled_up``), refreshed by Celery with the
weekly trends (``ngopi.dashboard.rollups``); ``rollup_state`` says when.
"""

import statistics
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum

from aspirations.enums import OPEN_STATUSES, Kind, Verification
from events import loop_selectors
from events.enums import SessionStatus
from events.models import SessionReport
from ngopi.accounts.scoping import jurisdiction_of
from ngopi.areas.models import Area
from ngopi.core.dates import day_start

from ..models import OpenFigures, PeriodFigures, Rollup
from .filters import (
    DashboardFilters,
    aspirations,
    covered_condition,
    posts,
    received,
    sessions,
)

HOT_SPOT_DAYS = 30
HOT_SPOT_ROWS = 10
# The ``Rollup`` row that records the last refresh of all the rollups (weekly trends and period
# figures); the stored name is older than the period figures.
ROLLUP_NAME = "weekly_trend"


# --- medians ----------------------------------------------------------------------------------


ENDS = {"response": "acknowledged_at", "resolution": "resolved_at"}
EMPTY_TIMES = {"n": 0, "response": None, "resolution": None}


def median_sql(end: str) -> str:
    return (
        f"percentile_cont(0.5) WITHIN GROUP (ORDER BY r.{end} - r.created_at) "
        f"FILTER (WHERE r.{end} IS NOT NULL)"
    )


def medians(queryset, *, child_of: dict[int, int] | None = None) -> tuple[dict, dict]:
    """Median first response (``acknowledged_at``) and resolution (``resolved_at``) times
    (timedeltas) and the number of rows of ``queryset``: overall, and per child unit (``child_of``
    maps each unit id to its child's) when given — in one query. PostgreSQL computes them over
    GROUPING SETS, one pass over the rows for both (Django has no GROUPING SETS: the queryset's
    own SQL, scoping included, is wrapped, and the map joined as two arrays); other databases
    send the timestamps and Python takes the medians."""
    rows = queryset.values("unit_id", "created_at", *ENDS.values())
    if connection.vendor == "postgresql":
        sql, params = rows.query.sql_with_params()
        columns = f"COUNT(*), {median_sql('acknowledged_at')}, {median_sql('resolved_at')}"
        if child_of:
            # Fixed SQL around Django's own; every value travels as a parameter.
            wrapped = (
                f"SELECT GROUPING(m.child) = 1, m.child, {columns} FROM ({sql}) AS r "  # noqa: S608
                "LEFT JOIN unnest(%s::bigint[], %s::bigint[]) AS m(unit, child) ON m.unit = r.unit_id "
                "GROUP BY GROUPING SETS ((), (m.child))"
            )
            params = (*params, list(child_of), list(child_of.values()))
        else:
            wrapped = f"SELECT TRUE, NULL, {columns} FROM ({sql}) AS r"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(wrapped, params)
            found = cursor.fetchall()
        overall, per_child = dict(EMPTY_TIMES), {}
        for total, child, n, response, resolution in found:
            times = {"n": n, "response": response, "resolution": resolution}
            if total:
                overall = times
            elif child is not None:
                per_child[child] = times
        return overall, per_child
    samples: dict = {}
    for unit_id, created, *ends in rows.values_list("unit_id", "created_at", *ENDS.values()):
        child = (child_of or {}).get(unit_id)
        for key in ("total", child) if child is not None else ("total",):
            bucket = samples.setdefault(key, {"n": 0, **{name: [] for name in ENDS}})
            bucket["n"] += 1
            for name, end in zip(ENDS, ends, strict=True):
                if end:
                    bucket[name].append((end - created).total_seconds())
    result = {
        key: {
            name: timedelta(seconds=statistics.median(items)) if items else None
            for name, items in bucket.items()
            if name != "n"
        }
        | {"n": bucket["n"]}
        for key, bucket in samples.items()
    }
    overall = result.pop("total", dict(EMPTY_TIMES))
    return overall, result


# --- the rows --------------------------------------------------------------------------------


def session_rows(*, user, f: DashboardFilters, today: date) -> list[dict]:
    """Sessions in the period per unit and status: how many, residents reached by the reported
    ones, planned ones from before today. One query for the card and the units table. The
    residents come from a look-up of each reported session's report, or over a long period
    (``DashboardFilters.long``) from the reports joined (a session has at most one): at
    10,000,000 aspirations and 500,000 sessions a month took 16 ms looked up and 79 ms joined
    (the join reads every report), three years 605 ms looked up and 254 ms joined."""
    reported = Q(status=SessionStatus.REPORTED)
    if f.long:
        residents = Sum("report__residents_count", filter=reported)
    else:
        report = SessionReport.objects.filter(session=OuterRef("pk")).values("residents_count")[:1]
        residents = Sum(Subquery(report), filter=reported)
    return list(
        sessions(user=user, f=f)
        .values("unit_id", "status")
        .annotate(
            n=Count("*"),
            residents=residents,
            past_planned=Count("id", filter=Q(status=SessionStatus.PLANNED, starts_at__lt=day_start(today))),
        )
    )


def post_rows(*, user, f: DashboardFilters) -> list[dict]:
    """Active posts in scope and those covered in the period, per Polsek; one query for the card
    and the units table."""
    return list(
        posts(user=user, f=f)
        .values(unit_id=F("rw__parent__polsek_id"))
        .annotate(n=Count("*"), covered=Count("id", filter=covered_condition(user=user, f=f)))
    )


def received_rows(*, user, f: DashboardFilters, now: datetime) -> list[dict]:
    """Aspirations received in the period per category, kind and outcome (a few hundred rows at
    most), with the counts every card needs: one pass over the period's rows for the figures,
    the category table and the outcomes."""
    return list(received(user=user, f=f).values(*RECEIVED_GROUPS).annotate(**received_counts(now)))


RECEIVED_GROUPS = ("category_id", "kind", "outcome_id")


def merge_received(rows: list[dict]) -> list[dict]:
    """Rows of ``received_rows``' shape (of several units or months) added up per category, kind
    and outcome."""
    merged: dict = {}
    for row in rows:
        key = tuple(row[name] for name in RECEIVED_GROUPS)
        if key not in merged:
            merged[key] = dict(row)
            continue
        target = merged[key]
        for name, value in row.items():
            if name not in RECEIVED_GROUPS:
                target[name] = (target[name] or 0) + (value or 0)
    return list(merged.values())


def received_counts(now: datetime) -> dict:
    """The counts of received aspirations every card needs (the period rollup stores the same)."""
    due = Q(resolved_at__isnull=False) | Q(status__in=OPEN_STATUSES, due_at__lt=now)
    return {
        "n": Count("*"),
        "tips_proven": Count("id", filter=Q(kind=Kind.TIP, verification=Verification.PROVEN)),
        "tips_verified": Count("id", filter=Q(kind=Kind.TIP) & ~Q(verification="")),
        "due": Count("id", filter=due),
        "in_time": Count("id", filter=Q(resolved_at__isnull=False, resolved_at__lte=F("due_at"))),
        "rated": Count("rating"),
        "rating_sum": Sum("rating"),
    }


def open_counts(now: datetime) -> dict:
    """The counts of the open set the "open now" card needs (``OpenFigures`` stores the same).
    ``status`` (never NULL) stands for the row: COUNT(*) takes no filter."""
    return {
        "n": Count("*"),
        "urgent": Count("status", filter=Q(urgent=True)),
        "overdue": Count("status", filter=Q(due_at__lt=now)),
    }


def open_rows(*, user, f: DashboardFilters, now: datetime, rollup: Rollup | None = None) -> list[dict]:
    """The open set once (whatever the period), per unit and status: the "open now" card and the
    units table both read it. From ``OpenFigures`` when ``open_rolled_up`` says the rollup holds
    the view; otherwise live, grouped on the unit id and counting rows (not ids): without a
    category or operation filter PostgreSQL answers it from the partial index
    ``aspiration_open_work_idx`` alone (an index-only scan)."""
    if open_rolled_up(user=user, f=f, rollup=rollup):
        rows = jurisdiction_of(user).filter(OpenFigures.objects.all(), unit="unit")
        if f.unit is not None:
            rows = rows.filter(unit__path__startswith=f.unit.path)
        if f.category is not None:
            rows = rows.filter(category=f.category)
        if f.operation is not None:
            rows = rows.filter(operation=f.operation)
        return list(
            rows.order_by()
            .values("unit_id", "status")
            .annotate(n=Sum("n"), urgent=Sum("urgent"), overdue=Sum("overdue"))
        )
    return list(aspirations(user=user, f=f).open().values("unit_id", "status").annotate(**open_counts(now)))


def open_rolled_up(*, user, f: DashboardFilters, rollup: Rollup | None) -> bool:
    """Whether the open figures of this view come from ``OpenFigures``: once the rollups have
    been computed, for a view without a kelurahan filter of a user whose jurisdiction follows the
    unit tree (not a Bhabinkamtibmas's villages)."""
    if rollup is None or rollup.refreshed_at is None or f.area is not None:
        return False
    return not jurisdiction_of(user).village_scoped


def rw_names() -> dict:
    """The RW's and its kelurahan's names for rows grouped on ``rw_id``: looked up per row of the
    result (PostgreSQL evaluates them after the sort and limit), so the grouping stays on ids."""
    rw = Area.objects.filter(pk=OuterRef("rw_id")).order_by()
    return {
        "rw__name": Subquery(rw.values("name")),
        "rw__parent__name": Subquery(rw.values("parent__name")),
    }


def hot_spot_rows(*, user, f: DashboardFilters, today: date) -> dict:
    """RWs with the most aspirations per category over the last 30 days (filters but the period).
    Grouped on ids only; the names are looked up for the ten RWs shown, in the same query."""
    since = today - timedelta(days=HOT_SPOT_DAYS - 1)
    rows = list(
        aspirations(user=user, f=f)
        .filter(created_at__gte=day_start(since))
        .values("rw_id", "category_id")
        .annotate(n=Count("id"))
        .order_by("-n", "rw_id", "category_id")
        .annotate(**rw_names())[:HOT_SPOT_ROWS]
    )
    return {"since": since.isoformat(), "until": today.isoformat(), "rows": rows}


# --- the rollups -----------------------------------------------------------------------------


def period_key(scope, date_from: date, date_to: date) -> str:
    return f"{scope}:{date_from.isoformat()}:{date_to.isoformat()}"


def _times(stored: dict) -> dict:
    return {
        name: timedelta(seconds=value) if name in ENDS and value is not None else value
        for name, value in stored.items()
    }


def rollup_scope(*, user, f: DashboardFilters):
    """The rollups' key for this view: the chosen unit's pk, ``"all"`` for everything or the
    user's own subtree; ``None`` when no rollup holds it (a kelurahan, category or operation
    filter, or a Bhabinkamtibmas, whose villages do not follow the unit tree)."""
    if f.area is not None or f.category is not None or f.operation is not None:
        return None
    scope = jurisdiction_of(user)
    if f.unit is not None:
        return f.unit.pk
    if scope.everything:
        return "all"
    if scope.unit_id is not None and not scope.village_scoped:
        return scope.unit_id
    return None


def rolled_up(*, user, f: DashboardFilters) -> dict | None:
    """The received-in-the-period figures from ``PeriodFigures``, when the view is one it holds
    (a whole subtree, no kelurahan, category or operation filter, a period of ``rolled_periods``)
    and it has been computed; ``None`` otherwise (the page reads them live)."""
    key = rollup_scope(user=user, f=f)
    if key is None:
        return None
    stored = (
        PeriodFigures.objects.filter(key=period_key(key, f.date_from, f.date_to))
        .values_list("figures", flat=True)
        .first()
    )
    if stored is None:
        return None
    return {
        "received": stored["received"],
        "overall": _times(stored["overall"]),
        "children": {int(pk): _times(times) for pk, times in stored["children"].items()},
        "hot_spots": stored["hot_spots"],
    }


def rolled_up_hot_spots(*, user, f: DashboardFilters) -> dict | None:
    """The hot spots (last 30 days, whatever the period) of a whole subtree from any of its
    ``PeriodFigures`` rows: a view of another period reads them there instead of live; ``None``
    when no rollup holds the view."""
    key = rollup_scope(user=user, f=f)
    if key is None:
        return None
    # The key is "<scope>:<first day>:<last day>": the colon keeps unit 1 apart from unit 12.
    stored = (
        PeriodFigures.objects.filter(key__startswith=f"{key}:")
        .order_by()
        .values_list("figures__hot_spots", flat=True)
        .first()
    )
    return stored


def rollup_state() -> Rollup | None:
    return Rollup.objects.filter(name=ROLLUP_NAME).first()


def commitment_rows(*, user, f: DashboardFilters, today: date) -> list[dict]:
    """Commitments due in the period per unit: how many were closed or are past due, and how
    many of those were kept on or before their due date. One query for the card and the table."""
    rows = loop_selectors.commitment_set(
        user=user, unit=f.unit, area=f.area, operation=f.operation, due_from=f.date_from, due_to=f.date_to
    )
    return list(
        rows.order_by()
        .values("unit_id")
        .annotate(
            due=Count("id", filter=loop_selectors.closed_or_due(today)),
            on_time=Count("id", filter=loop_selectors.kept_on_time()),
        )
    )
