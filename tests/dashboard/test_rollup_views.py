"""The rollups behind the filtered views and the other periods (issue 15): open work, last week's
and last month's figures, hot spots whatever the period, early warnings. Each view shows after a
refresh what it showed live before it; the page says which figures are as old as the refresh."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection

from aspirations.enums import Kind
from ngopi.dashboard import rollups
from ngopi.dashboard.models import EarlyWarningCount, EarlyWarningRule, OpenFigures
from ngopi.dashboard.selectors import DashboardFilters, early_warnings, rollup_state
from ngopi.dashboard.selectors.filters import rolled_periods
from tests.aspirations.factories import make_aspiration

from .conftest import WIB
from .test_rollup import rendered

PERSONAS = ["kapolsek", "kapolres", "dirbinmas", "administrator"]


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the period rollup is built on PostgreSQL only (elsewhere the page reads live)")


@pytest.fixture
def every_rw_warns(db):
    """A rule every RW with an aspiration in the last 30 days crosses, and one for tips only."""
    return [
        EarlyWarningRule.objects.create(name="Semua laporan", threshold=1, window_days=30),
        EarlyWarningRule.objects.create(name="Dua info", kind=Kind.TIP, threshold=2, window_days=3),
    ]


def warnings_of(response):
    return [(w["rw"], w["rule"].pk, w["count"].value, w["count"].url) for w in response.context["warnings"]]


VIEWS = {
    "category": lambda data, world: {"category": data.tawuran.pk},
    "unit": lambda data, world: {"unit": world.polsek.pk},
    "last month": lambda data, world: {
        "period": "custom",
        "date_from": "2024-10-01",
        "date_to": "2024-10-31",
    },
    "last week": lambda data, world: {"period": "custom", "date_from": "2024-11-11", "date_to": "2024-11-17"},
    "other dates": lambda data, world: {
        "period": "custom",
        "date_from": "2024-10-05",
        "date_to": "2024-11-19",
    },
    "category, last month": lambda data, world: {
        "category": data.tawuran.pk,
        "period": "custom",
        "date_from": "2024-10-01",
        "date_to": "2024-10-31",
    },
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("view", list(VIEWS))
def test_every_view_shows_after_a_refresh_what_it_showed_live(
    request, login, data, world, every_rw_warns, persona, view
):
    client = login(request.getfixturevalue(persona))
    params = VIEWS[view](data, world)
    live = rendered(client, params)
    live_warnings = warnings_of(live[0])
    assert not live[0].context["open_rollup"]
    assert not live[0].context["hot_spots_rollup"]

    rollups.refresh_rollups()
    rolled = rendered(client, params)
    assert rolled[0].context["open_rollup"]
    assert rolled[1:4] == live[1:4]
    assert warnings_of(rolled[0]) == live_warnings
    assert live_warnings, "the rules cross somewhere: the comparison is not empty"
    for key in ("rating", "in_time_share", "response", "resolution", "tips_verified", "due"):
        assert rolled[0].context["aspirations"][key] == live[0].context["aspirations"][key], key
    assert 'data-testid="open-rollup-age"' in rolled[4]


@pytest.mark.parametrize(
    "params", [{}, {"period": "custom", "date_from": "2024-10-01", "date_to": "2024-10-31"}]
)
def test_last_month_and_the_hot_spots_of_any_period_come_from_the_rollup(login, data, dirbinmas, params):
    rollups.refresh_rollups()
    response = rendered(login(dirbinmas), params)[0]
    assert response.context["period_rollup"]
    assert response.context["hot_spots_rollup"]
    other = rendered(
        login(dirbinmas), {"period": "custom", "date_from": "2024-10-05", "date_to": "2024-11-19"}
    )[0]
    assert not other.context["period_rollup"]
    assert other.context["hot_spots_rollup"]
    assert 'data-testid="hot-spots-age"' in other.content.decode()


def test_a_kelurahan_filter_stays_live(login, data, world, kapolres):
    rollups.refresh_rollups()
    response = rendered(login(kapolres), {"area": world.rw18.parent_id})[0]
    assert not response.context["open_rollup"]
    assert not response.context["hot_spots_rollup"]


def test_open_work_is_as_old_as_its_refresh(login, data, world, kapolres, frozen):
    from .test_figures import figures

    rollups.refresh_rollups()
    assert OpenFigures.objects.exists()
    client = login(kapolres)
    before = figures(rendered(client, {})[0])["open-total"]
    make_aspiration(rw=world.rw18, description="Ada pencurian kabel di gardu RW 18.")
    assert figures(rendered(client, {})[0])["open-total"] == before
    rollups.refresh_rollups()
    [(shown, _url)] = figures(rendered(client, {})[0])["open-total"]
    assert int(shown) == int(before[0][0]) + 1


def test_early_warnings_add_what_arrived_since_the_refresh(data, world, kapolres, every_rw_warns, frozen):
    """The counts up to the refresh come from the rollup, the minutes since then are counted
    live: a tip received after the refresh makes its RW cross the two-tips rule at once."""
    rollups.refresh_rollups()
    assert (
        EarlyWarningCount.objects.filter(rw__isnull=True).count() == EarlyWarningRule.objects.active().count()
    )
    frozen.shift(timedelta(minutes=5))
    make_aspiration(rw=world.rw18, kind=Kind.TIP, description="Ada rencana tawuran lagi malam ini.")
    today = date(2024, 11, 20)
    f = DashboardFilters(date_from=today.replace(day=1), date_to=date(2024, 11, 30))
    rolled = early_warnings(user=kapolres, f=f, today=today, rollup=rollup_state())
    live = early_warnings(user=kapolres, f=f, today=today)
    assert [(w["rw"], w["rule"], w["count"].value) for w in rolled] == [
        (w["rw"], w["rule"], w["count"].value) for w in live
    ]
    tips_rule = every_rw_warns[1]
    assert any(w["rule"] == tips_rule for w in rolled)


def test_early_warnings_read_live_when_a_rule_was_added_after_the_refresh(data, kapolres, every_rw_warns):
    rollups.refresh_rollups()
    newer = EarlyWarningRule.objects.create(name="Baru", threshold=1, window_days=1)
    today = date(2024, 11, 20)
    f = DashboardFilters(date_from=today, date_to=today)
    found = early_warnings(user=kapolres, f=f, today=today, rollup=rollup_state())
    assert any(w["rule"] == newer for w in found)


def test_early_warnings_read_live_the_day_after_the_refresh(data, kapolres, every_rw_warns, frozen):
    """The windows are whole days: yesterday's counts do not hold today's window."""
    rollups.refresh_rollups()
    EarlyWarningCount.objects.exclude(rw__isnull=True).delete()  # the rollup would now say nothing
    frozen.move_to(datetime(2024, 11, 21, 0, 5, tzinfo=WIB))
    today = date(2024, 11, 21)
    f = DashboardFilters(date_from=today, date_to=today)
    assert early_warnings(user=kapolres, f=f, today=today, rollup=rollup_state())


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # A Wednesday mid-month.
        (
            date(2024, 11, 20),
            {
                ("2024-11-18", "2024-11-24"),
                ("2024-11-11", "2024-11-17"),
                ("2024-11-01", "2024-11-30"),
                ("2024-10-01", "2024-10-31"),
            },
        ),
        # New Year's Day (a Wednesday): last week and last month lie in the year before.
        (
            date(2025, 1, 1),
            {
                ("2024-12-30", "2025-01-05"),
                ("2024-12-23", "2024-12-29"),
                ("2025-01-01", "2025-01-31"),
                ("2024-12-01", "2024-12-31"),
            },
        ),
        # 1 March of a leap year, a Friday: last month is February's 29 days.
        (
            date(2024, 3, 1),
            {
                ("2024-02-26", "2024-03-03"),
                ("2024-02-19", "2024-02-25"),
                ("2024-03-01", "2024-03-31"),
                ("2024-02-01", "2024-02-29"),
            },
        ),
        # A Sunday, the last day of its week and its month.
        (
            date(2024, 6, 30),
            {
                ("2024-06-24", "2024-06-30"),
                ("2024-06-17", "2024-06-23"),
                ("2024-06-01", "2024-06-30"),
                ("2024-05-01", "2024-05-31"),
            },
        ),
    ],
)
def test_rolled_periods(today, expected):
    assert {(a.isoformat(), b.isoformat()) for a, b in rolled_periods(today)} == expected
