"""Every read of the dashboard, permission-aware through the domain apps' own selectors.

One module per job:

- ``filters``: the filters (``DashboardFilters``, ``period_dates``) and the base sets they select
  (the staff inbox's and the staff session list's, scoped by ``visible_to(user)``);
- ``links``: each number's link to the list behind it (``Figure``, ``inbox_url``, ``session_url``);
- ``aggregates``: the grouped queries (one per set) and the medians, and the period rollup that
  stand in for some of them (``rolled_up``, ``rolled_up_hot_spots``, ``open_rows`` from
  ``OpenFigures``, ``rollup_state``);
- ``figures``: the cards, summed in Python from those rows; hot spots and early warnings;
- ``months``: long periods, their whole months from the monthly rollup and the days around them
  live; ``histograms``: the duration buckets whose counts add up, and their medians;
- ``trend``: the twelve-week trend, from the weekly rollups;
- ``units``: the table of the units one level below, from the same rows as the cards;
- ``page``: ``dashboard()``, the whole page in a fixed number of queries.

The rollups themselves are written by ``ngopi.dashboard.rollups`` (Celery). Callers may import
from here or from the module that owns a name.
"""

from .aggregates import (
    EMPTY_TIMES,
    ENDS,
    HOT_SPOT_DAYS,
    HOT_SPOT_ROWS,
    RECEIVED_GROUPS,
    ROLLUP_NAME,
    hot_spot_rows,
    median_sql,
    medians,
    open_counts,
    open_rolled_up,
    open_rows,
    period_key,
    post_rows,
    received_counts,
    received_rows,
    rolled_up,
    rolled_up_hot_spots,
    rollup_scope,
    rollup_state,
    rw_names,
    session_rows,
)
from .figures import (
    aspiration_figures,
    category_figures,
    coverage_figures,
    early_warnings,
    hot_spots,
    open_figures,
    outcome_figures,
    session_figures,
)
from .filters import (
    DONE_SESSIONS,
    DashboardFilters,
    aspirations,
    covered_condition,
    period_dates,
    posts,
    received,
    sessions,
)
from .links import Figure, inbox_url, list_url, session_url
from .page import dashboard
from .trend import TREND_WEEKS, trend, trend_weeks
from .units import SMALL_NUMBERS, Children, UnitRow, child_units, units_table

__all__ = [
    "DONE_SESSIONS",
    "EMPTY_TIMES",
    "ENDS",
    "HOT_SPOT_DAYS",
    "HOT_SPOT_ROWS",
    "RECEIVED_GROUPS",
    "ROLLUP_NAME",
    "SMALL_NUMBERS",
    "TREND_WEEKS",
    "Children",
    "DashboardFilters",
    "Figure",
    "UnitRow",
    "aspiration_figures",
    "aspirations",
    "category_figures",
    "child_units",
    "coverage_figures",
    "covered_condition",
    "dashboard",
    "early_warnings",
    "hot_spot_rows",
    "hot_spots",
    "inbox_url",
    "list_url",
    "median_sql",
    "medians",
    "open_counts",
    "open_figures",
    "open_rolled_up",
    "open_rows",
    "outcome_figures",
    "period_dates",
    "period_key",
    "post_rows",
    "posts",
    "received",
    "received_counts",
    "received_rows",
    "rolled_up",
    "rolled_up_hot_spots",
    "rollup_scope",
    "rollup_state",
    "rw_names",
    "session_figures",
    "session_rows",
    "session_url",
    "sessions",
    "trend",
    "trend_weeks",
    "units_table",
]
