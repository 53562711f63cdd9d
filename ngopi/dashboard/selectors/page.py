"""The whole page: every part read once and put together, in a fixed number of queries."""

from datetime import datetime

from django.utils import timezone

from aspirations.models import Category, OutcomeCode

from .aggregates import (
    commitment_rows,
    hot_spot_rows,
    medians,
    open_rolled_up,
    open_rows,
    post_rows,
    received_rows,
    rolled_up,
    rolled_up_hot_spots,
    rollup_state,
    session_rows,
)
from .figures import (
    aspiration_figures,
    category_figures,
    commitment_figures,
    coverage_figures,
    early_warnings,
    hot_spot_markers,
    hot_spots,
    open_figures,
    outcome_figures,
    session_figures,
)
from .filters import DashboardFilters, received
from .months import months_rolled_up
from .trend import trend
from .units import child_units, units_table


def dashboard(*, user, f: DashboardFilters, now: datetime | None = None) -> dict:
    """Everything the page shows, in a fixed number of queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    categories = list(Category.objects.all())
    outcomes = dict(OutcomeCode.objects.values_list("pk", "name"))
    children = child_units(user=user, f=f)
    rollup = rollup_state()
    open_set = open_rows(user=user, f=f, now=now, rollup=rollup)
    session_set = session_rows(user=user, f=f, today=today)
    post_set = post_rows(user=user, f=f)
    commitment_set = commitment_rows(user=user, f=f, today=today)
    stored = rolled_up(user=user, f=f)
    months = None
    if stored is None:
        months = months_rolled_up(user=user, f=f, now=now, child_of=children.child_of)
    if months is not None:
        received_set, overall, per_unit = months["received"], months["overall"], months["children"]
        found_hot_spots = rolled_up_hot_spots(user=user, f=f)
        hot_spots_rollup = found_hot_spots is not None
        if found_hot_spots is None:
            found_hot_spots = hot_spot_rows(user=user, f=f, today=today)
    elif stored is None:
        received_set = received_rows(user=user, f=f, now=now)
        child_of = children.child_of if children.units else None
        overall, per_unit = medians(received(user=user, f=f), child_of=child_of)
        found_hot_spots = rolled_up_hot_spots(user=user, f=f)
        hot_spots_rollup = found_hot_spots is not None
        if found_hot_spots is None:
            found_hot_spots = hot_spot_rows(user=user, f=f, today=today)
    else:
        received_set, overall, per_unit = stored["received"], stored["overall"], stored["children"]
        found_hot_spots, hot_spots_rollup = stored["hot_spots"], True
    return {
        "filters": f,
        "sessions": session_figures(f=f, today=today, rows=session_set),
        "coverage": coverage_figures(f=f, rows=post_set),
        "commitments": commitment_figures(f=f, rows=commitment_set),
        "aspirations": aspiration_figures(f=f, rows=received_set, times=overall),
        "categories": category_figures(f=f, rows=received_set, categories=categories),
        "open": open_figures(f=f, rows=open_set),
        "outcomes": outcome_figures(f=f, rows=received_set, outcomes=outcomes),
        "hot_spots": hot_spots(f=f, found=found_hot_spots, categories=categories),
        "hot_spot_markers": hot_spot_markers(f=f, found=found_hot_spots),
        "period_rollup": stored is not None,
        "months_rollup": months,
        "hot_spots_rollup": hot_spots_rollup,
        "open_rollup": open_rolled_up(user=user, f=f, rollup=rollup),
        "warnings": early_warnings(user=user, f=f, today=today, rollup=rollup),
        "trend": trend(user=user, f=f, today=today),
        "rollup": rollup,
        "units": units_table(
            f=f,
            children=children,
            open_set=open_set,
            session_set=session_set,
            post_set=post_set,
            times=per_unit,
            commitment_set=commitment_set,
        ),
        "now": now,
    }
