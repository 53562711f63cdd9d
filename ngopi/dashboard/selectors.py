"""Every read of the dashboard. Permission-aware through the domain apps' own selectors.

The base sets are those of the lists the numbers link to: aspirations come from
``aspirations.selectors.filtered_aspirations`` (the staff inbox), sessions from
``events.selectors.filtered_sessions`` (the staff session list), both scoped by
``visible_to(user)``. The figures are aggregated in the database over those sets, one grouped
query per set (open work, sessions, posts, received, medians, hot spots, warnings), grouped on
ids: the cards and the units table add up the same rows in Python, so they count the same rows
and the query count is fixed whatever the data. The twelve-week trend of
aspirations is read from the ``WeeklyUnitTrend``/``WeeklyTrend`` rollups, and for a whole
subtree's this week or this month the received figures, medians and hot spots from
``PeriodFigures`` (all refreshed together by Celery, their age on the page; see ``rolled_up``);
everything else is live.

Which figures follow the period: sessions and "received" aspirations (by ``starts_at`` and
``created_at``, WIB days). Figures of the present ("open now", "overdue now") ignore it, and so do
the hot spots (last 30 days), the early warnings (each rule's window) and the trend (12 weeks).
"""

import statistics
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncWeek
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from aspirations import selectors as aspiration_selectors
from aspirations.enums import OPEN_STATUSES, Kind, Status, Verification
from aspirations.models import Category, OutcomeCode
from events import selectors as event_selectors
from events.enums import SessionStatus
from events.models import Operation, SessionReport
from ngopi.accounts.models import PoliceUnit
from ngopi.accounts.scoping import jurisdiction_of
from ngopi.areas.models import Area, Post
from ngopi.core.tree import SEGMENT_LENGTH

from .models import EarlyWarningRule, PeriodFigures, Rollup, WeeklyTrend, WeeklyUnitTrend

TREND_WEEKS = 12
HOT_SPOT_DAYS = 30
HOT_SPOT_ROWS = 10
SMALL_NUMBERS = 10  # fewer aspirations than this in the period: ranked with caution
TREND_ROLLUP = "weekly_trend"
DONE_SESSIONS = [SessionStatus.HELD, SessionStatus.REPORTED]


# --- filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFilters:
    date_from: date
    date_to: date
    period: str = "month"
    unit: PoliceUnit | None = None
    area: Area | None = None
    category: Category | None = None
    operation: Operation | None = None

    @property
    def start(self) -> datetime:
        return day_start(self.date_from)

    @property
    def end(self) -> datetime:
        return day_start(self.date_to + timedelta(days=1))

    def query(self) -> dict:
        """The dashboard's own GET parameters (for the export links)."""
        values = {
            "period": self.period,
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "unit": self.unit.pk if self.unit else None,
            "area": self.area.pk if self.area else None,
            "category": self.category.pk if self.category else None,
            "operation": self.operation.pk if self.operation else None,
        }
        return {k: v for k, v in values.items() if v not in (None, "")}


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def period_dates(period: str, today: date) -> tuple[date, date]:
    if period == "week":
        monday = today - timedelta(days=today.weekday())
        return monday, monday + timedelta(days=6)
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


# --- links to the lists behind the numbers -----------------------------------------------------


_PATHS: dict[tuple, str] = {}


def _path(name: str) -> str:
    """``reverse(name)``, remembered: the page links some 200 numbers to two lists."""
    key = (name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    if key not in _PATHS:
        _PATHS[key] = reverse(name)
    return _PATHS[key]


def _url(name: str, params: dict) -> str:
    clean = {k: v for k, v in params.items() if v not in (None, "", False)}
    return _path(name) + ("?" + urlencode(clean) if clean else "")


def session_url(f: DashboardFilters, *, dated=True, unit=None, **extra) -> str:
    """The staff session list (``/staf/kegiatan/``) with the same filters."""
    params = {
        "unit": (unit or f.unit).pk if (unit or f.unit) else None,
        "area": f.area.pk if f.area else None,
        "operation": f.operation.pk if f.operation else None,
    }
    if dated:
        params |= {"date_from": f.date_from.isoformat(), "date_to": f.date_to.isoformat()}
    return _url("events:staff_list", params | extra)


def inbox_url(f: DashboardFilters, *, dated=True, unit=None, keep_category=True, **extra) -> str:
    """The staff inbox (``/staf/aspirasi/``) with the same filters.

    ``date_from``/``date_to`` (received, WIB days), ``verification``, ``outcome``, ``rated`` and
    ``resolved_from``/``resolved_to`` are sent too: the inbox does not offer them yet (see README,
    Dashboard), so until it does a list reached through a dated link shows every date.
    """
    params = {
        "unit": (unit or f.unit).pk if (unit or f.unit) else None,
        "area": f.area.pk if f.area else None,
        "category": f.category.pk if (keep_category and f.category) else None,
        "operation": f.operation.pk if f.operation else None,
    }
    if dated:
        params |= {"date_from": f.date_from.isoformat(), "date_to": f.date_to.isoformat()}
    return _url("aspirations:inbox", params | extra)


@dataclass
class Figure:
    value: object
    url: str
    label: str = ""
    key: str = ""


# --- base sets -------------------------------------------------------------------------------


def aspirations(*, user, f: DashboardFilters, category=True):
    """The inbox's set for these filters (same scoping rule, same filter semantics)."""
    return aspiration_selectors.filtered_aspirations(
        user=user,
        filters=aspiration_selectors.InboxFilters(
            category=f.category.pk if (category and f.category) else None,
            area=f.area.pk if f.area else None,
            unit=f.unit.pk if f.unit else None,
            operation=f.operation.pk if f.operation else None,
        ),
    ).order_by()


def received(*, user, f: DashboardFilters):
    return aspirations(user=user, f=f).filter(created_at__gte=f.start, created_at__lt=f.end)


def sessions(*, user, f: DashboardFilters, dated=True):
    """The session list's set for these filters."""
    return event_selectors.filtered_sessions(
        user=user,
        filters=event_selectors.SessionFilters(
            unit=f.unit,
            area=f.area,
            operation=f.operation,
            date_from=f.date_from if dated else None,
            date_to=f.date_to if dated else None,
        ),
    ).order_by()


def posts(*, user, f: DashboardFilters):
    """Active posts in scope: those whose kelurahan a Polsek of the (filtered) subtree covers."""
    queryset = Post.objects.visible_to(user).active()
    if f.unit is not None:
        queryset = queryset.filter(rw__parent__polsek__path__startswith=f.unit.path)
    if f.area is not None:
        queryset = queryset.filter(rw__parent=f.area)
    return queryset.order_by()


def covered_condition(*, user, f: DashboardFilters) -> Q:
    """A post is covered once it has a held or reported session in the period (and operation).
    Written as ``IN (sessions' posts)``: PostgreSQL hashes the period's posts once instead of
    probing the sessions for every post."""
    return Q(pk__in=sessions(user=user, f=f).filter(status__in=DONE_SESSIONS).values("post_id"))


# --- the period rollup -----------------------------------------------------------------------


def period_key(scope, date_from: date, date_to: date) -> str:
    return f"{scope}:{date_from.isoformat()}:{date_to.isoformat()}"


def _times(stored: dict) -> dict:
    return {
        name: timedelta(seconds=value) if name in ENDS and value is not None else value
        for name, value in stored.items()
    }


def rolled_up(*, user, f: DashboardFilters) -> dict | None:
    """The received-in-the-period figures and the hot spots from ``PeriodFigures``, when the view
    is one it holds (this week or this month of a whole subtree: no kelurahan, category or
    operation filter) and it has been computed; ``None`` otherwise (the page reads them live)."""
    if f.area is not None or f.category is not None or f.operation is not None:
        return None
    scope = jurisdiction_of(user)
    if f.unit is not None:
        key = f.unit.pk
    elif scope.everything:
        key = "all"
    elif scope.unit_id is not None and not scope.village_scoped:
        key = scope.unit_id
    else:
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


# --- units below -------------------------------------------------------------------------------


@dataclass
class Children:
    """The units one level below the filtered unit (or the user's own), and for every unit of the
    subtree the child it lies under: figures are grouped by unit id in the database and added up
    per child here, instead of joining the unit table and cutting its path for every row."""

    units: list[PoliceUnit]
    child_of: dict[int, int]


def child_units(*, user, f: DashboardFilters) -> Children:
    """The units one level below the filtered unit (or the user's own), read with the whole
    subtree in one query."""
    base = f.unit
    visible = PoliceUnit.objects.visible_to(user)
    if base is None and user.unit_id and not user.is_administrator:
        base = visible.filter(pk=user.unit_id).first()
    if base is None:  # an administrator: the top of every tree
        units, length = list(visible.order_by("path")), 1 + SEGMENT_LENGTH + 1
        children = [u for u in units if u.depth == 0]
    else:
        units = list(visible.filter(path__startswith=base.path).order_by("path"))
        length = len(base.path) + SEGMENT_LENGTH + 1
        children = [u for u in units if u.parent_id == base.pk]
    by_path = {u.path: u.pk for u in children}
    child_of = {u.pk: by_path[u.path[:length]] for u in units if u.path[:length] in by_path}
    return Children(units=sorted(children, key=lambda u: u.name), child_of=child_of)


# --- medians ---------------------------------------------------------------------------------


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


# --- the figures -----------------------------------------------------------------------------
#
# Each "…_rows" function is one query; the figures are summed from its rows in Python, so a card
# and the units table below it read the same rows (and the sums agree by construction).


def session_rows(*, user, f: DashboardFilters, today: date) -> list[dict]:
    """Sessions in the period per unit and status: how many, residents reached by the reported
    ones, planned ones from before today. One query for the card and the units table; the
    residents come from a correlated look-up of each reported session's report."""
    residents = SessionReport.objects.filter(session=OuterRef("pk")).values("residents_count")[:1]
    return list(
        sessions(user=user, f=f)
        .values("unit_id", "status")
        .annotate(
            n=Count("*"),
            residents=Sum(Subquery(residents), filter=Q(status=SessionStatus.REPORTED)),
            past_planned=Count("id", filter=Q(status=SessionStatus.PLANNED, starts_at__lt=day_start(today))),
        )
    )


def session_figures(*, f: DashboardFilters, today: date, rows: list[dict]) -> dict:
    """Sessions in the period per status, residents reached and reports missing."""
    counts = dict.fromkeys(SessionStatus.values, 0)
    residents = past_planned = 0
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + row["n"]
        residents += row["residents"] or 0
        past_planned += row["past_planned"]
    statuses = [
        Figure(counts[s.value], session_url(f, status=s.value), s.label, s.value) for s in SessionStatus
    ]
    yesterday = min(f.date_to, today - timedelta(days=1))
    held = counts[SessionStatus.HELD]
    return {
        "statuses": statuses,
        "total": sum(counts.values()),
        "total_url": session_url(f),
        "residents": Figure(residents, session_url(f, status=SessionStatus.REPORTED)),
        "reports_missing": held + past_planned,
        "held_unreported": Figure(held, session_url(f, status=SessionStatus.HELD)),
        "past_planned": Figure(
            past_planned, session_url(replace(f, date_to=yesterday), status=SessionStatus.PLANNED)
        ),
    }


def post_rows(*, user, f: DashboardFilters) -> list[dict]:
    """Active posts in scope and those covered in the period, per Polsek; one query for the card
    and the units table."""
    return list(
        posts(user=user, f=f)
        .values(unit_id=F("rw__parent__polsek_id"))
        .annotate(n=Count("*"), covered=Count("id", filter=covered_condition(user=user, f=f)))
    )


def coverage_figures(*, f: DashboardFilters, rows: list[dict]) -> dict:
    posts_, covered = sum(r["n"] for r in rows), sum(r["covered"] for r in rows)
    share = covered / posts_ if posts_ else None
    return {"posts": posts_, "covered": covered, "share": share, "url": session_url(f)}


def received_rows(*, user, f: DashboardFilters, now: datetime) -> list[dict]:
    """Aspirations received in the period per category, kind and outcome (a few hundred rows at
    most), with the counts every card needs: one pass over the period's rows for the figures,
    the category table and the outcomes."""
    return list(received(user=user, f=f).values(*RECEIVED_GROUPS).annotate(**received_counts(now)))


RECEIVED_GROUPS = ("category_id", "kind", "outcome_id")


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


def aspiration_figures(*, f: DashboardFilters, rows: list[dict], times: dict) -> dict:
    """Received in the period (by kind, tips proven, deadlines kept, rating) and the medians."""
    names = ("n", "tips_proven", "tips_verified", "due", "in_time", "rated", "rating_sum")
    counts = {name: sum(r[name] or 0 for r in rows) for name in names}
    kinds = {k.value: sum(r["n"] for r in rows if r["kind"] == k.value) for k in Kind}
    return {
        "total": Figure(counts["n"], inbox_url(f)),
        "kinds": [Figure(kinds[k.value], inbox_url(f, kind=k.value), k.label, k.value) for k in Kind],
        "tips_proven": Figure(
            counts["tips_proven"], inbox_url(f, kind=Kind.TIP, verification=Verification.PROVEN)
        ),
        "tips_verified": counts["tips_verified"],
        "in_time": counts["in_time"],
        "due": counts["due"],
        "in_time_share": counts["in_time"] / counts["due"] if counts["due"] else None,
        "rated": Figure(counts["rated"], inbox_url(f, rated="on")),
        "rating": counts["rating_sum"] / counts["rated"] if counts["rated"] else None,
        "response": times["response"],
        "resolution": times["resolution"],
    }


def category_figures(*, f: DashboardFilters, rows: list[dict], categories: list) -> list[dict]:
    """Received in the period per category and kind (categories with none are left out)."""
    counts: dict = {}
    for row in rows:
        by_kind = counts.setdefault(row["category_id"], {})
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + row["n"]
    result = []
    for category in categories:
        if category.pk not in counts:
            continue
        by_kind = counts[category.pk]
        pick = {"category": category.pk}
        result.append(
            {
                "category": category,
                "kinds": [
                    Figure(by_kind.get(k.value, 0), inbox_url(f, keep_category=False, kind=k.value, **pick))
                    for k in Kind
                ],
                "total": Figure(sum(by_kind.values()), inbox_url(f, keep_category=False, **pick)),
            }
        )
    return sorted(result, key=lambda r: -r["total"].value)


def outcome_figures(*, f: DashboardFilters, rows: list[dict], outcomes: dict[int, str]) -> list[Figure]:
    counts: dict = {}
    for row in rows:
        if row["outcome_id"] is not None:
            counts[row["outcome_id"]] = counts.get(row["outcome_id"], 0) + row["n"]
    ranked = sorted(counts.items(), key=lambda item: (-item[1], outcomes.get(item[0], "")))
    return [Figure(n, inbox_url(f, outcome=pk), outcomes.get(pk, "")) for pk, n in ranked]


def open_rows(*, user, f: DashboardFilters, now: datetime) -> list[dict]:
    """The open set once (whatever the period), per unit and status: the "open now" card and the
    units table both read it. Grouped on the unit id and counting rows (not ids), PostgreSQL
    answers it from the partial index ``aspiration_open_work_idx`` alone (an index-only scan)."""
    return list(
        aspirations(user=user, f=f)
        .open()
        .values("unit_id", "status")
        .annotate(
            n=Count("*"),
            # ``status`` (never NULL, in the index) stands for the row: COUNT(*) takes no filter.
            urgent=Count("status", filter=Q(urgent=True)),
            overdue=Count("status", filter=Q(due_at__lt=now)),
        )
    )


def open_figures(*, f: DashboardFilters, rows: list[dict]) -> dict:
    """Open now (whatever the period): per status, urgent and overdue."""
    by_status: dict = {}
    for row in rows:
        total = by_status.setdefault(row["status"], {"n": 0, "urgent": 0, "overdue": 0})
        for name in total:
            total[name] += row[name]
    total = sum(r["n"] for r in by_status.values())
    return {
        "statuses": [
            Figure(
                by_status.get(s, {}).get("n", 0),
                inbox_url(f, dated=False, status=s),
                Status(s).label,
                s,
            )
            for s in OPEN_STATUSES
        ],
        "total": Figure(total, inbox_url(f, dated=False, status="open")),
        "urgent": Figure(
            sum(r["urgent"] for r in by_status.values()),
            inbox_url(f, dated=False, status="open", urgent="on"),
        ),
        "overdue": Figure(
            sum(r["overdue"] for r in by_status.values()), inbox_url(f, dated=False, overdue="on")
        ),
    }


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


def hot_spots(*, f: DashboardFilters, found: dict, categories: list) -> list[dict]:
    names = {c.pk: c.name for c in categories}
    return [
        {
            "rw": f"{r['rw__name']}, {r['rw__parent__name']}",
            "category": names.get(r["category_id"], ""),
            "category_id": r["category_id"],
            "rw_id": r["rw_id"],
            "count": Figure(
                r["n"],
                _url(
                    "aspirations:inbox",
                    {
                        "unit": f.unit.pk if f.unit else None,
                        "area": r["rw_id"],
                        "category": r["category_id"],
                        "operation": f.operation.pk if f.operation else None,
                        "date_from": found["since"],
                        "date_to": found["until"],
                    },
                ),
            ),
        }
        for r in found["rows"]
    ]


def early_warnings(*, user, f: DashboardFilters, today: date) -> list[dict]:
    """RWs where an active rule's threshold is crossed. Rules look at their own window (whole WIB
    days, today included) within the unit and area filters; period, category and operation
    filters do not hide a warning."""
    rules = list(EarlyWarningRule.objects.active().select_related("category").order_by("pk")[:20])
    if not rules:
        return []
    conditions = {}
    for rule in rules:
        condition = Q(created_at__gte=day_start(today - timedelta(days=rule.window_days - 1)))
        if rule.category_id:
            condition &= Q(category_id=rule.category_id)
        if rule.kind:
            condition &= Q(kind=rule.kind)
        conditions[f"rule_{rule.pk}"] = condition
    widest = max(rule.window_days for rule in rules)
    unfiltered = DashboardFilters(date_from=f.date_from, date_to=f.date_to, unit=f.unit, area=f.area)
    rows = (
        aspirations(user=user, f=unfiltered)
        .filter(created_at__gte=day_start(today - timedelta(days=widest - 1)))
        .values("rw_id")
        .annotate(**{name: Count("id", filter=cond) for name, cond in conditions.items()})
        .filter(reduce(or_, [Q(**{f"rule_{r.pk}__gte": r.threshold}) for r in rules]))
        .annotate(**rw_names())
        .order_by("rw__parent__name", "rw__name")[:50]
    )
    warnings = []
    for row in rows:
        for rule in rules:
            count = row[f"rule_{rule.pk}"]
            if count >= rule.threshold:
                since = today - timedelta(days=rule.window_days - 1)
                warnings.append(
                    {
                        "rule": rule,
                        "rw": f"{row['rw__name']}, {row['rw__parent__name']}",
                        "rw_id": row["rw_id"],
                        "count": Figure(
                            count,
                            _url(
                                "aspirations:inbox",
                                {
                                    "unit": f.unit.pk if f.unit else None,
                                    "area": row["rw_id"],
                                    "category": rule.category_id,
                                    "kind": rule.kind,
                                    "date_from": since.isoformat(),
                                    "date_to": today.isoformat(),
                                },
                            ),
                        ),
                    }
                )
    return warnings


# --- trend -------------------------------------------------------------------------------------


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
        .annotate(n=Count("id"))
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


def rollup_state() -> Rollup | None:
    return Rollup.objects.filter(name=TREND_ROLLUP).first()


# --- units below ---------------------------------------------------------------------------------


@dataclass
class UnitRow:
    unit: PoliceUnit
    held: Figure | None = None
    posts: int = 0
    covered: int = 0
    received: int = 0
    open: Figure | None = None
    overdue: Figure | None = None
    response: timedelta | None = None
    response_url: str = ""

    @property
    def coverage(self) -> float | None:
        return self.covered / self.posts if self.posts else None

    @property
    def few(self) -> bool:
        """Too little to rank on: a rate over a handful of items says little."""
        return self.received < SMALL_NUMBERS


def units_table(
    *,
    f: DashboardFilters,
    children: Children,
    open_set: list[dict],
    session_set: list[dict],
    post_set: list[dict],
    times: dict,
) -> list[UnitRow]:
    """Per unit below: sessions held, coverage, received, open, overdue, median response — read
    from the rows the cards above are summed from (grouped per child unit), plus the medians per
    child unit; no query of its own whatever the number of units."""
    if not children.units:
        return []
    child_of = children.child_of

    def per_child(rows, names, keep=lambda r: True) -> dict:
        totals: dict = {}
        for r in rows:
            if keep(r) and r["unit_id"] in child_of:
                counts = totals.setdefault(child_of[r["unit_id"]], dict.fromkeys(names, 0))
                for name in names:
                    counts[name] += r[name]
        return totals

    held = per_child(session_set, ["n"], lambda r: r["status"] in DONE_SESSIONS)
    post_counts = per_child(post_set, ["n", "covered"])
    open_counts = per_child(open_set, ["n", "overdue"])
    rows = []
    for unit in children.units:
        pk = unit.pk
        rows.append(
            UnitRow(
                unit=unit,
                held=Figure(held.get(pk, {}).get("n", 0), session_url(f, unit=unit)),
                posts=post_counts.get(pk, {}).get("n", 0),
                covered=post_counts.get(pk, {}).get("covered", 0),
                received=times.get(pk, {}).get("n", 0),
                open=Figure(
                    open_counts.get(pk, {}).get("n", 0), inbox_url(f, dated=False, unit=unit, status="open")
                ),
                overdue=Figure(
                    open_counts.get(pk, {}).get("overdue", 0),
                    inbox_url(f, dated=False, unit=unit, overdue="on"),
                ),
                response=times.get(pk, {}).get("response"),
                response_url=inbox_url(f, unit=unit),
            )
        )
    return rows


# --- the page ----------------------------------------------------------------------------------


def dashboard(*, user, f: DashboardFilters, now: datetime | None = None) -> dict:
    """Everything the page shows, in a fixed number of queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    categories = list(Category.objects.all())
    outcomes = dict(OutcomeCode.objects.values_list("pk", "name"))
    children = child_units(user=user, f=f)
    open_set = open_rows(user=user, f=f, now=now)
    session_set = session_rows(user=user, f=f, today=today)
    post_set = post_rows(user=user, f=f)
    stored = rolled_up(user=user, f=f)
    if stored is None:
        received_set = received_rows(user=user, f=f, now=now)
        child_of = children.child_of if children.units else None
        overall, per_unit = medians(received(user=user, f=f), child_of=child_of)
        found_hot_spots = hot_spot_rows(user=user, f=f, today=today)
    else:
        received_set, overall, per_unit = stored["received"], stored["overall"], stored["children"]
        found_hot_spots = stored["hot_spots"]
    return {
        "filters": f,
        "sessions": session_figures(f=f, today=today, rows=session_set),
        "coverage": coverage_figures(f=f, rows=post_set),
        "aspirations": aspiration_figures(f=f, rows=received_set, times=overall),
        "categories": category_figures(f=f, rows=received_set, categories=categories),
        "open": open_figures(f=f, rows=open_set),
        "outcomes": outcome_figures(f=f, rows=received_set, outcomes=outcomes),
        "hot_spots": hot_spots(f=f, found=found_hot_spots, categories=categories),
        "period_rollup": stored is not None,
        "warnings": early_warnings(user=user, f=f, today=today),
        "trend": trend(user=user, f=f, today=today),
        "rollup": rollup_state(),
        "units": units_table(
            f=f,
            children=children,
            open_set=open_set,
            session_set=session_set,
            post_set=post_set,
            times=per_unit,
        ),
        "now": now,
    }
