"""The period rollup (received-in-the-period figures, medians and hot spots of whole subtrees for
this week and this month) shows what the live queries show, says its age, and its numbers agree
with the lists behind them."""

import pytest
from django.db import connection

from ngopi.dashboard import rollups
from ngopi.dashboard.models import PeriodFigures

from .test_figures import figures, page
from .test_links import inbox_count

PERSONAS = ["kapolsek", "kapolres", "dirbinmas", "administrator"]


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the period rollup is built on PostgreSQL only (elsewhere the page reads live)")


def rendered(client, params):
    response = page(client, params)
    html = response.content.decode()
    units = [
        (row.unit.pk, row.received, row.response, row.held.value, row.open.value)
        for row in response.context["units"]
    ]
    hot = [(h["rw"], h["category"], h["count"].value, h["count"].url) for h in response.context["hot_spots"]]
    # The trend reads its own rollup (empty before the first refresh): left out here.
    found = {testid: shown for testid, shown in figures(response).items() if not testid.startswith("trend-")}
    return response, found, units, hot, html


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("params", [{}, {"period": "week"}])
def test_rolled_up_page_shows_the_live_figures_and_their_age(request, login, data, persona, params):
    client = login(request.getfixturevalue(persona))
    live = rendered(client, params)
    assert not live[0].context["period_rollup"]
    assert 'data-testid="period-rollup-age"' not in live[4]

    rollups.refresh_rollups()
    assert PeriodFigures.objects.exists()
    rolled = rendered(client, params)
    assert rolled[0].context["period_rollup"]
    assert rolled[1:4] == live[1:4]
    for key in ("rating", "in_time_share", "response", "resolution", "tips_verified", "due"):
        assert rolled[0].context["aspirations"][key] == live[0].context["aspirations"][key], key
    assert 'data-testid="period-rollup-age"' in rolled[4]
    assert "dihitung ulang setiap 10 menit" in rolled[4]


def test_filtered_views_stay_live(login, data, kapolres):
    rollups.refresh_rollups()
    response = page(login(kapolres), {"category": data.tawuran.pk})
    assert not response.context["period_rollup"]
    assert 'data-testid="period-rollup-age"' not in response.content.decode()


def test_rolled_up_numbers_agree_with_their_lists(login, data, kapolsek):
    rollups.refresh_rollups()
    client = login(kapolsek)
    response = page(client)
    assert response.context["period_rollup"]
    found = figures(response)
    checked = 0
    # (Hot spots link to an RW, which the inbox's filter form does not take yet: not checked here.)
    for testid in ("received-total", "received-complaint", "received-tip", "tips-proven"):
        for shown, url in found.get(testid, []):
            assert inbox_count(client, url) == int(shown), (testid, url)
            checked += 1
    assert checked >= 4


def test_rollup_is_as_old_as_its_refresh(login, data, kapolsek, world, frozen):
    """A figure from the rollup does not move until the next refresh (the page says its age)."""
    from tests.aspirations.factories import make_aspiration

    rollups.refresh_rollups()
    client = login(kapolsek)
    before = figures(page(client))["received-total"]
    make_aspiration(rw=world.rw18, description="Ada pencurian kabel di gardu RW 18.")
    assert figures(page(client))["received-total"] == before
    rollups.refresh_rollups()
    [(shown, _url)] = figures(page(client))["received-total"]
    assert int(shown) == int(before[0][0]) + 1
