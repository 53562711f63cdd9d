"""Every read of the dashboard. Permission-aware through the domain apps' own selectors.

The base sets are those of the lists the numbers link to: aspirations come from
``aspirations.selectors.filtered_aspirations`` (the staff inbox), sessions from
``events.selectors.filtered_sessions`` (the staff session list), both scoped by
``visible_to(user)``. Each figure is one aggregate in the database over those sets; the query
count is fixed whatever the data. The twelve-week trend of aspirations is read from the
``WeeklyTrend`` rollup (refreshed by Celery); everything else is live.

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

from django.db import connection
from django.db.models import Aggregate, Avg, Count, DurationField, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Substr, TruncWeek
from django.urls import reverse
from django.utils import timezone

from aspirations import selectors as aspiration_selectors
from aspirations.enums import OPEN_STATUSES, Kind, Status, Verification
from aspirations.models import Category
from events import selectors as event_selectors
from events.enums import SessionStatus
from events.models import Operation
from ngopi.accounts.models import PoliceUnit
from ngopi.accounts.scoping import jurisdiction_of
from ngopi.areas.models import Area, Post
from ngopi.core.tree import SEGMENT_LENGTH

from .models import EarlyWarningRule, Rollup, WeeklyTrend

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


def _url(name: str, params: dict) -> str:
    clean = {k: v for k, v in params.items() if v not in (None, "", False)}
    return reverse(name) + ("?" + urlencode(clean) if clean else "")


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


def covered_condition(*, user, f: DashboardFilters) -> Exists:
    """A post is covered once it has a held or reported session in the period (and operation)."""
    return Exists(sessions(user=user, f=f).filter(post=OuterRef("pk"), status__in=DONE_SESSIONS))


# --- medians ---------------------------------------------------------------------------------


class Median(Aggregate):
    """PostgreSQL's ``percentile_cont(0.5)``; other databases compute medians in Python."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def _elapsed(end: str):
    return F(end) - F("created_at")


def median_expressions() -> dict:
    response_q, resolution_q = Q(acknowledged_at__isnull=False), Q(resolved_at__isnull=False)
    return {
        "response": Median(_elapsed("acknowledged_at"), filter=response_q, output_field=DurationField()),
        "resolution": Median(_elapsed("resolved_at"), filter=resolution_q, output_field=DurationField()),
    }


def medians(queryset, *, key=None) -> dict:
    """Median first response and resolution times (timedeltas), per ``key`` value or overall."""
    if connection.vendor == "postgresql":
        values = {"n": Count("id"), **median_expressions()}
        if key is None:
            return {None: queryset.aggregate(**values)}
        return {row["key"]: row for row in queryset.annotate(key=key).values("key").annotate(**values)}
    rows = queryset.annotate(key=key) if key is not None else queryset
    samples: dict = {}
    for k, created, acknowledged, resolved in rows.values_list(
        "key" if key is not None else "pk", "created_at", "acknowledged_at", "resolved_at"
    ):
        k = k if key is not None else None
        bucket = samples.setdefault(k, {"response": [], "resolution": [], "n": 0})
        bucket["n"] += 1
        if acknowledged:
            bucket["response"].append(acknowledged - created)
        if resolved:
            bucket["resolution"].append(resolved - created)
    result = {}
    for k, bucket in samples.items():
        n = bucket.pop("n")
        result[k] = {
            name: (timedelta(seconds=statistics.median(d.total_seconds() for d in items)) if items else None)
            for name, items in bucket.items()
        } | {"n": n}
    return result or ({None: {"response": None, "resolution": None, "n": 0}} if key is None else {})


# --- the figures -----------------------------------------------------------------------------


def session_figures(*, user, f: DashboardFilters, today: date) -> dict:
    """Sessions in the period per status, residents reached and reports missing; one query."""
    counts = sessions(user=user, f=f).aggregate(
        **{status.value: Count("id", filter=Q(status=status)) for status in SessionStatus},
        residents=Sum("report__residents_count", filter=Q(status=SessionStatus.REPORTED)),
        past_planned=Count("id", filter=Q(status=SessionStatus.PLANNED, starts_at__lt=day_start(today))),
    )
    statuses = [
        Figure(counts[s.value], session_url(f, status=s.value), s.label, s.value) for s in SessionStatus
    ]
    yesterday = min(f.date_to, today - timedelta(days=1))
    held = counts[SessionStatus.HELD]
    return {
        "statuses": statuses,
        "total": sum(counts[s.value] for s in SessionStatus),
        "total_url": session_url(f),
        "residents": Figure(counts["residents"] or 0, session_url(f, status=SessionStatus.REPORTED)),
        "reports_missing": held + counts["past_planned"],
        "held_unreported": Figure(held, session_url(f, status=SessionStatus.HELD)),
        "past_planned": Figure(
            counts["past_planned"],
            session_url(replace(f, date_to=yesterday), status=SessionStatus.PLANNED),
        ),
    }


def coverage_figures(*, user, f: DashboardFilters) -> dict:
    row = posts(user=user, f=f).aggregate(
        posts=Count("id"), covered=Count("id", filter=covered_condition(user=user, f=f))
    )
    share = row["covered"] / row["posts"] if row["posts"] else None
    return {"posts": row["posts"], "covered": row["covered"], "share": share, "url": session_url(f)}


def aspiration_figures(*, user, f: DashboardFilters, now: datetime) -> dict:
    """Received in the period (by kind, tips proven, deadlines kept, rating) and the medians."""
    base = received(user=user, f=f)
    due = Q(resolved_at__isnull=False) | Q(status__in=OPEN_STATUSES, due_at__lt=now)
    counts = base.aggregate(
        total=Count("id"),
        **{kind.value: Count("id", filter=Q(kind=kind)) for kind in Kind},
        tips_proven=Count("id", filter=Q(kind=Kind.TIP, verification=Verification.PROVEN)),
        tips_verified=Count("id", filter=Q(kind=Kind.TIP) & ~Q(verification="")),
        due=Count("id", filter=due),
        in_time=Count("id", filter=Q(resolved_at__isnull=False, resolved_at__lte=F("due_at"))),
        rated=Count("id", filter=Q(rating__isnull=False)),
        rating=Avg("rating"),
        # PostgreSQL: the medians in the same pass; elsewhere they are computed in Python.
        **(median_expressions() if connection.vendor == "postgresql" else {}),
    )
    times = counts if connection.vendor == "postgresql" else next(iter(medians(base).values()))
    return {
        "total": Figure(counts["total"], inbox_url(f)),
        "kinds": [Figure(counts[k.value], inbox_url(f, kind=k.value), k.label, k.value) for k in Kind],
        "tips_proven": Figure(
            counts["tips_proven"], inbox_url(f, kind=Kind.TIP, verification=Verification.PROVEN)
        ),
        "tips_verified": counts["tips_verified"],
        "in_time": counts["in_time"],
        "due": counts["due"],
        "in_time_share": counts["in_time"] / counts["due"] if counts["due"] else None,
        "rated": Figure(counts["rated"], inbox_url(f, rated="on")),
        "rating": counts["rating"],
        "response": times["response"],
        "resolution": times["resolution"],
    }


def category_figures(*, user, f: DashboardFilters, categories: list) -> list[dict]:
    """Received in the period per category and kind (categories with none are left out)."""
    counts: dict = {}
    for row in received(user=user, f=f).values("category_id", "kind").annotate(n=Count("id")):
        counts.setdefault(row["category_id"], {})[row["kind"]] = row["n"]
    rows = []
    for category in categories:
        if category.pk not in counts:
            continue
        by_kind = counts[category.pk]
        pick = {"category": category.pk}
        rows.append(
            {
                "category": category,
                "kinds": [
                    Figure(by_kind.get(k.value, 0), inbox_url(f, keep_category=False, kind=k.value, **pick))
                    for k in Kind
                ],
                "total": Figure(sum(by_kind.values()), inbox_url(f, keep_category=False, **pick)),
            }
        )
    return sorted(rows, key=lambda r: -r["total"].value)


def open_rows(*, user, f: DashboardFilters, now: datetime, length: int | None) -> list[dict]:
    """The open set once (whatever the period), per status and, with units below, per child unit:
    the "open now" card and the units table both read it."""
    queryset = aspirations(user=user, f=f).open()
    group = ["status"]
    if length:
        queryset = queryset.annotate(key=Substr("unit__path", 1, length))
        group = ["key", "status"]
    return list(
        queryset.values(*group).annotate(
            n=Count("id"),
            urgent=Count("id", filter=Q(urgent=True)),
            overdue=Count("id", filter=Q(due_at__lt=now)),
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


def outcome_figures(*, user, f: DashboardFilters) -> list[Figure]:
    rows = (
        received(user=user, f=f)
        .filter(outcome__isnull=False)
        .values("outcome_id", "outcome__name")
        .annotate(n=Count("id"))
        .order_by("-n", "outcome__name")
    )
    return [Figure(r["n"], inbox_url(f, outcome=r["outcome_id"]), r["outcome__name"]) for r in rows]


def hot_spots(*, user, f: DashboardFilters, today: date, categories: list) -> list[dict]:
    """RWs with the most aspirations per category over the last 30 days (filters but the period).
    Grouped on ids only; the names of the ten RWs come in one more query."""
    since = today - timedelta(days=HOT_SPOT_DAYS - 1)
    rows = list(
        aspirations(user=user, f=f)
        .filter(created_at__gte=day_start(since))
        .values("rw_id", "category_id")
        .annotate(n=Count("id"))
        .order_by("-n", "rw_id", "category_id")[:HOT_SPOT_ROWS]
    )
    rws = Area.objects.filter(pk__in=[r["rw_id"] for r in rows]).select_related("parent").in_bulk()
    names = {c.pk: c.name for c in categories}
    return [
        {
            "rw": f"{rws[r['rw_id']].name}, {rws[r['rw_id']].parent.name}",
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
                        "date_from": since.isoformat(),
                        "date_to": today.isoformat(),
                    },
                ),
            ),
        }
        for r in rows
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
        .values("rw_id", "rw__name", "rw__parent__name")
        .annotate(**{name: Count("id", filter=cond) for name, cond in conditions.items()})
        .filter(reduce(or_, [Q(**{f"rule_{r.pk}__gte": r.threshold}) for r in rules]))
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
    """Weekly counts of the last 12 weeks: received and resolved from the rollup, sessions held live."""
    weeks = trend_weeks(today)
    rollup = jurisdiction_of(user).filter(WeeklyTrend.objects.all(), unit="unit", village="village")
    rollup = rollup.filter(week__gte=weeks[0])
    if f.unit is not None:
        rollup = rollup.filter(unit__path__startswith=f.unit.path)
    if f.area is not None:
        rollup = rollup.filter(village=f.area)
    if f.category is not None:
        rollup = rollup.filter(category=f.category)
    if f.operation is not None:
        rollup = rollup.filter(operation=f.operation)
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


def child_units(*, user, f: DashboardFilters) -> tuple[list[PoliceUnit], int]:
    """The units one level below the filtered unit (or the user's own), and their path length."""
    base = f.unit
    visible = PoliceUnit.objects.visible_to(user)
    if base is None and user.unit_id and not user.is_administrator:
        base = visible.filter(pk=user.unit_id).first()
    if base is None:  # an administrator: the top of every tree
        children = list(visible.filter(depth=0).order_by("name"))
        return children, 1 + SEGMENT_LENGTH + 1
    children = list(visible.filter(parent=base).order_by("name"))
    return children, len(base.path) + SEGMENT_LENGTH + 1


def units_table(*, user, f: DashboardFilters, children: list, length: int, open_set: list) -> list[UnitRow]:
    """Per unit below: sessions held, coverage, received, open, overdue, median response. Three
    aggregate queries grouped by the child's path prefix (and the open set read once for the
    page), whatever the number of units."""
    if not children:
        return []
    rows = {u.path: UnitRow(unit=u) for u in children}

    def key(path_field):
        return Substr(path_field, 1, length)

    held = (
        sessions(user=user, f=f)
        .filter(status__in=DONE_SESSIONS)
        .annotate(key=key("unit__path"))
        .values("key")
        .annotate(n=Count("id"))
    )
    held_counts = {r["key"]: r["n"] for r in held}
    post_rows = (
        posts(user=user, f=f)
        .annotate(key=key("rw__parent__polsek__path"))
        .values("key")
        .annotate(n=Count("id"), covered=Count("id", filter=covered_condition(user=user, f=f)))
    )
    post_counts = {r["key"]: r for r in post_rows}
    open_counts: dict = {}
    for r in open_set:
        counts = open_counts.setdefault(r["key"], {"n": 0, "overdue": 0})
        counts["n"] += r["n"]
        counts["overdue"] += r["overdue"]
    times = medians(received(user=user, f=f), key=key("unit__path"))
    for path, row in rows.items():
        unit = row.unit
        row.held = Figure(held_counts.get(path, 0), session_url(f, unit=unit))
        row.posts = post_counts.get(path, {}).get("n", 0)
        row.covered = post_counts.get(path, {}).get("covered", 0)
        row.received = times.get(path, {}).get("n", 0)
        row.open = Figure(
            open_counts.get(path, {}).get("n", 0), inbox_url(f, dated=False, unit=unit, status="open")
        )
        row.overdue = Figure(
            open_counts.get(path, {}).get("overdue", 0), inbox_url(f, dated=False, unit=unit, overdue="on")
        )
        row.response = times.get(path, {}).get("response")
        row.response_url = inbox_url(f, unit=unit)
    return list(rows.values())


# --- the page ----------------------------------------------------------------------------------


def dashboard(*, user, f: DashboardFilters, now: datetime | None = None) -> dict:
    """Everything the page shows, in a fixed number of queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    categories = list(Category.objects.all())
    children, length = child_units(user=user, f=f)
    open_set = open_rows(user=user, f=f, now=now, length=length if children else None)
    return {
        "filters": f,
        "sessions": session_figures(user=user, f=f, today=today),
        "coverage": coverage_figures(user=user, f=f),
        "aspirations": aspiration_figures(user=user, f=f, now=now),
        "categories": category_figures(user=user, f=f, categories=categories),
        "open": open_figures(f=f, rows=open_set),
        "outcomes": outcome_figures(user=user, f=f),
        "hot_spots": hot_spots(user=user, f=f, today=today, categories=categories),
        "warnings": early_warnings(user=user, f=f, today=today),
        "trend": trend(user=user, f=f, today=today),
        "rollup": rollup_state(),
        "units": units_table(user=user, f=f, children=children, length=length, open_set=open_set),
        "now": now,
    }
