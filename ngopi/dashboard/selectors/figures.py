"""The figures of the cards: the grouped rows (``aggregates``) summed in Python, each number
with a link to the list behind it (``links``).

Which figures follow the period: sessions and "received" aspirations (by ``starts_at`` and
``created_at``, WIB days). Figures of the present ("open now", "overdue now") ignore it, and so do
the hot spots (last 30 days) and the early warnings (each rule's window).
"""

from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import reduce
from operator import or_

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import ngettext

from aspirations.enums import OPEN_STATUSES, Kind, Status, Verification
from events.enums import SessionStatus
from ngopi.accounts.scoping import jurisdiction_of
from ngopi.areas.selectors import rw_positions
from ngopi.core.dates import day_start

from ..models import EarlyWarningCount, EarlyWarningRule
from .aggregates import rw_names
from .filters import DashboardFilters, aspirations
from .links import Figure, commitment_url, inbox_url, list_url, session_url


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


def coverage_figures(*, f: DashboardFilters, rows: list[dict]) -> dict:
    posts_, covered = sum(r["n"] for r in rows), sum(r["covered"] for r in rows)
    share = covered / posts_ if posts_ else None
    return {"posts": posts_, "covered": covered, "share": share, "url": session_url(f)}


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


def commitment_figures(*, f: DashboardFilters, rows: list[dict]) -> dict:
    """Commitments kept on time: kept on or before their due date, of those closed or due (due
    in the period), each number linking to the commitments list behind it."""
    due = sum(r["due"] for r in rows)
    on_time = sum(r["on_time"] for r in rows)
    return {
        "share": on_time / due if due else None,
        "on_time": Figure(on_time, commitment_url(f, status="kept_on_time")),
        "due": Figure(due, commitment_url(f, status="closed_or_due")),
    }


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
                list_url(
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


def hot_spot_markers(*, f: DashboardFilters, found: dict) -> list[dict]:
    """The hot spots as one marker per RW (at the middle of its posts), sized by its count and
    linking to the inbox filtered on that RW and period. RW aggregates only: no report's place."""
    totals: dict[int, dict] = {}
    for r in found["rows"]:
        row = totals.setdefault(r["rw_id"], {"rw": f"{r['rw__name']}, {r['rw__parent__name']}", "n": 0})
        row["n"] += r["n"]
    positions = rw_positions(totals) if totals else {}
    markers = []
    for rw_id, row in totals.items():
        if rw_id not in positions:
            continue
        lat, lng = positions[rw_id]
        url = list_url(
            "aspirations:inbox",
            {
                "unit": f.unit.pk if f.unit else None,
                "area": rw_id,
                "operation": f.operation.pk if f.operation else None,
                "date_from": found["since"],
                "date_to": found["until"],
            },
        )
        detail = ngettext("%(n)s aspiration", "%(n)s aspirations", row["n"]) % {"n": row["n"]}
        markers.append(
            {"lat": lat, "lng": lng, "label": row["rw"], "detail": detail, "url": url, "count": row["n"]}
        )
    return markers


WARNING_RULES = 20


def warning_rules() -> list[EarlyWarningRule]:
    """The active rules the dashboard checks (at most ``WARNING_RULES``)."""
    return list(EarlyWarningRule.objects.active().select_related("category").order_by("pk")[:WARNING_RULES])


def warning_counts(rules: list[EarlyWarningRule], today: date) -> tuple[datetime, dict]:
    """Since when to count (the widest rule's window) and, per rule, the condition of the rows it
    counts (``rule_<pk>``): its window (whole WIB days, today included), category and kind."""
    conditions = {}
    for rule in rules:
        condition = Q(created_at__gte=day_start(today - timedelta(days=rule.window_days - 1)))
        if rule.category_id:
            condition &= Q(category_id=rule.category_id)
        if rule.kind:
            condition &= Q(kind=rule.kind)
        conditions[f"rule_{rule.pk}"] = Count("id", filter=condition)
    widest = max(rule.window_days for rule in rules)
    return day_start(today - timedelta(days=widest - 1)), conditions


def early_warnings(*, user, f: DashboardFilters, today: date, rollup=None) -> list[dict]:
    """RWs where an active rule's threshold is crossed. Rules look at their own window (whole WIB
    days, today included) within the unit and area filters; period, category and operation
    filters do not hide a warning. With a refreshed rollup of today (``rollup``, no kelurahan
    filter, a jurisdiction that follows the unit tree) the counts up to the refresh come from
    ``EarlyWarningCount`` and only the rows received since are counted live."""
    rules = warning_rules()
    if not rules:
        return []
    unfiltered = DashboardFilters(date_from=f.date_from, date_to=f.date_to, unit=f.unit, area=f.area)
    since, counts = warning_counts(rules, today)
    rows = _rolled_up_warning_rows(user=user, f=unfiltered, today=today, rollup=rollup, rules=rules)
    if rows is None:
        rows = (
            aspirations(user=user, f=unfiltered)
            .filter(created_at__gte=since)
            .values("rw_id")
            .annotate(**counts)
            .filter(reduce(or_, [Q(**{f"rule_{r.pk}__gte": r.threshold}) for r in rules]))
            .annotate(**rw_names())
            .order_by("rw__parent__name", "rw__name")[:WARNING_ROWS]
        )
    warnings = []
    for row in rows:
        for rule in rules:
            count = row[f"rule_{rule.pk}"]
            if count >= rule.threshold:
                since_day = today - timedelta(days=rule.window_days - 1)
                warnings.append(
                    {
                        "rule": rule,
                        "rw": f"{row['rw__name']}, {row['rw__parent__name']}",
                        "rw_id": row["rw_id"],
                        "count": Figure(
                            count,
                            list_url(
                                "aspirations:inbox",
                                {
                                    "unit": f.unit.pk if f.unit else None,
                                    "area": row["rw_id"],
                                    "category": rule.category_id,
                                    "kind": rule.kind,
                                    "date_from": since_day.isoformat(),
                                    "date_to": today.isoformat(),
                                },
                            ),
                        ),
                    }
                )
    return warnings


WARNING_ROWS = 50


def _rolled_up_warning_rows(*, user, f: DashboardFilters, today: date, rollup, rules) -> list[dict] | None:
    """The RWs crossing a rule, as the live query would return them, from ``EarlyWarningCount``
    plus the rows received since the refresh; ``None`` when the rollup cannot answer (not
    refreshed today, a kelurahan filter, a Bhabinkamtibmas, or a rule it did not count)."""
    scope = jurisdiction_of(user)
    if (
        rollup is None
        or rollup.refreshed_at is None
        or timezone.localdate(rollup.refreshed_at) != today
        or f.area is not None
        or scope.village_scoped
    ):
        return None
    condition = scope.q(unit="unit")
    if condition is None:
        return []
    if f.unit is not None:
        condition &= Q(unit__path__startswith=f.unit.path)
    # What arrived since the refresh first (a few minutes of rows, the names looked up per RW
    # found): the stored counts are then read only for RWs that could cross a threshold.
    _since, counts = warning_counts(rules, today)
    recent = aspirations(user=user, f=f).filter(created_at__gte=rollup.refreshed_at)
    recent_rows = list(recent.values("rw_id").annotate(**counts).annotate(**rw_names()))
    could_cross = reduce(or_, [Q(rule=r, rw_total__gte=r.threshold) for r in rules], Q(rw__isnull=True))
    could_cross |= Q(rw__in=[row["rw_id"] for row in recent_rows])
    stored = EarlyWarningCount.objects.filter(rule__in=rules).filter(could_cross)
    if condition:  # (an empty Q, everything, would swallow the OR)
        stored = stored.filter(Q(rw__isnull=True) | condition)
    found = list(stored.values_list("rule_id", "rw_id", "n", "rw__name", "rw__parent__name"))
    if {rule for rule, rw, *_rest in found if rw is None} != {rule.pk for rule in rules}:
        return None
    totals: dict[int, dict] = {}
    for rule, rw, n, name, parent in found:
        if rw is not None:
            row = totals.setdefault(rw, {"rw_id": rw, "rw__name": name, "rw__parent__name": parent})
            row[f"rule_{rule}"] = row.get(f"rule_{rule}", 0) + n
    for found_row in recent_rows:
        row = totals.setdefault(found_row["rw_id"], {})
        for name, value in found_row.items():
            row[name] = row.get(name, 0) + value if name.startswith("rule_") else value
    rows = [
        {**row, **{f"rule_{r.pk}": row.get(f"rule_{r.pk}", 0) for r in rules}}
        for row in totals.values()
        if any(row.get(f"rule_{r.pk}", 0) >= r.threshold for r in rules)
    ]
    rows.sort(key=lambda row: (row["rw__parent__name"] or "", row["rw__name"] or ""))
    return rows[:WARNING_ROWS]
