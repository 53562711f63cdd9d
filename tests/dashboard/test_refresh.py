"""The rollups' refresh: ``refresh_rollups`` rebuilds the weekly trends and the period figures
under one lock and records when; each half rebuilds only its own rows."""

import threading
from datetime import date, datetime

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from ngopi.accounts.enums import Role
from ngopi.core.dates import day_start
from ngopi.dashboard import rollups, tasks
from ngopi.dashboard.models import PeriodFigures, Rollup, WeeklyTrend, WeeklyUnitTrend
from ngopi.dashboard.selectors.aggregates import ROLLUP_NAME
from ngopi.dashboard.selectors.trend import trend_weeks
from tests.aspirations.factories import make_aspiration
from tests.factories import UserFactory

from .conftest import NOW, WIB
from .test_figures import page


def _require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the period figures and SKIP LOCKED are PostgreSQL's (elsewhere the page reads live)")


def test_refresh_rollups_fills_the_trend_and_says_when(login, data, kapolres, frozen):
    state = rollups.refresh_rollups()
    now = timezone.now()
    assert state.refreshed_at == now
    assert state.rows == WeeklyTrend.objects.count() > 0
    assert Rollup.objects.get(name=ROLLUP_NAME).refreshed_at == now
    response = page(login(kapolres))
    assert response.context["rollup"].refreshed_at == now
    assert not response.context["rollup_stale"]
    weeks = {row["week"].isoformat(): row for row in response.context["trend"]}
    assert weeks["2024-11-18"]["received"].value == 6
    assert (PeriodFigures.objects.exists()) == (connection.vendor == "postgresql")


def test_refresh_task_rebuilds_the_rollups(data, frozen):
    rows = tasks.refresh_rollups()
    assert rows == WeeklyTrend.objects.count() > 0
    assert Rollup.objects.get(name=ROLLUP_NAME).rows == rows


def test_weekly_trends_refresh_leaves_the_period_figures_alone(login, data, kapolres, frozen):
    rows = rollups.refresh_weekly_trends()
    assert rows == WeeklyTrend.objects.count() > 0
    assert WeeklyUnitTrend.objects.exists()
    assert not PeriodFigures.objects.exists()
    response = page(login(kapolres))
    weeks = {row["week"].isoformat(): row for row in response.context["trend"]}
    assert weeks["2024-11-18"]["received"].value == 6
    assert not response.context["period_rollup"]  # the period's figures are still read live


def test_period_figures_refresh_leaves_the_trend_alone(login, data, kapolres, frozen):
    _require_postgresql()
    live = page(login(kapolres)).context["aspirations"]["total"].value
    assert rollups.refresh_period_figures() == PeriodFigures.objects.count() > 0
    assert not WeeklyTrend.objects.exists()
    response = page(login(kapolres))
    assert response.context["period_rollup"]
    assert response.context["aspirations"]["total"].value == live
    assert all(row["received"].value == 0 for row in response.context["trend"])


def test_period_figures_refresh_elsewhere_than_postgresql_writes_nothing(data, frozen):
    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL the period figures are built (see the test above)")
    assert rollups.refresh_period_figures() == 0
    assert not PeriodFigures.objects.exists()


def test_refresh_rollups_before_any_unit_exists_succeeds(client, db):
    """A fresh installation (no police unit yet): beat's refresh must not fail every ten minutes
    (the period figures' query had an empty grouping list there: a syntax error)."""
    state = rollups.refresh_rollups()
    assert state is not None and state.refreshed_at is not None
    admin = UserFactory(username="admin", role=Role.ADMINISTRATOR, unit=None, is_superuser=True)
    client.force_login(admin)
    response = page(client)
    assert "belum dihitung" not in response.content.decode()
    assert response.context["aspirations"]["total"].value == 0


@pytest.mark.django_db(transaction=True)
def test_refresh_rollups_while_another_runs_returns_at_once():
    """A second refresh that finds the rollup row locked by a running one does nothing."""
    _require_postgresql()
    Rollup.objects.get_or_create(name=ROLLUP_NAME)  # (a migration creates it)
    locked, release = threading.Event(), threading.Event()

    def running_refresh():
        try:
            with transaction.atomic():
                Rollup.objects.select_for_update().get(name=ROLLUP_NAME)
                locked.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=running_refresh)
    thread.start()
    try:
        assert locked.wait(timeout=30)
        assert rollups.refresh_rollups() is None
        assert Rollup.objects.get(name=ROLLUP_NAME).refreshed_at is None
    finally:
        release.set()
        thread.join(timeout=30)
    assert rollups.refresh_rollups().refreshed_at is not None


def test_weekly_trends_summed_by_postgresql_are_the_rows_the_orm_path_writes(data, world, frozen):
    """The ``INSERT … SELECT`` and the portable path write the same rows, a WIB Monday midnight
    included: 23:30 on Sunday and 00:30 on Monday WIB fall in different weeks."""
    _require_postgresql()
    for moment in (datetime(2024, 11, 17, 23, 30, tzinfo=WIB), datetime(2024, 11, 18, 0, 30, tzinfo=WIB)):
        frozen.move_to(moment)
        make_aspiration(rw=world.rw18)
    frozen.move_to(NOW)

    def rows():
        trend = WeeklyTrend.objects.values_list(
            "week", "unit_id", "village_id", "category_id", "operation_id", "received", "resolved"
        )
        unit_trend = WeeklyUnitTrend.objects.values_list(
            "week", "unit_id", "category_id", "received", "resolved"
        )
        return set(trend), set(unit_trend)

    count = rollups.refresh_weekly_trends()
    summed_in_sql = rows()
    WeeklyUnitTrend.objects.all().delete()
    WeeklyTrend.objects.all().delete()
    start = day_start(trend_weeks(timezone.localdate())[0])
    assert rollups._write_weekly_trends(start) == count == len(summed_in_sql[0])
    assert rows() == summed_in_sql
    received = {week: n for week, *_dims, n, _resolved in summed_in_sql[0] if week <= date(2024, 11, 18)}
    assert sum(n for week, n in received.items() if week == date(2024, 11, 11)) >= 1  # Sunday 23:30
    assert sum(n for week, n in received.items() if week == date(2024, 11, 18)) >= 1  # Monday 00:30
    assert sum(row[-1] for row in summed_in_sql[0]) > 0  # resolved ones are counted too
