"""Each figure against the hand-counted data of conftest.py, for commanders at three levels."""

import json
import re
from html import unescape

import pytest

from ngopi.dashboard import rollups
from ngopi.dashboard.models import EarlyWarningRule
from ngopi.dashboard.selectors.filters import period_dates

from .conftest import NOW


def page(client, params=None):
    response = client.get("/dasbor/", params or {})
    assert response.status_code == 200
    return response


def figures(response) -> dict[str, list[tuple[str, str]]]:
    """data-testid → [(number as shown, link)] of every linked number on the page."""
    found: dict[str, list] = {}
    for href, testid, text in re.findall(
        r'<a class="fig" href="([^"]*)" data-testid="([^"]*)"[^>]*>([^<]*)</a>', response.content.decode()
    ):
        found.setdefault(testid, []).append((text, unescape(href)))
    return found


def shown(response, testid) -> str:
    [(text, _href)] = figures(response)[testid]
    return text


# --- sessions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("kapolsek", {"planned": 2, "held": 1, "reported": 1, "postponed": 0, "cancelled": 0}),
        ("kapolres", {"planned": 2, "held": 1, "reported": 2, "postponed": 0, "cancelled": 0}),
        ("dirbinmas", {"planned": 2, "held": 1, "reported": 2, "postponed": 0, "cancelled": 1}),
    ],
)
def test_session_counts_match_hand_count_for_each_level(request, login, data, persona, expected):
    response = page(login(request.getfixturevalue(persona)))
    for status, count in expected.items():
        assert shown(response, f"sessions-{status}") == str(count)


@pytest.mark.parametrize(
    ("persona", "residents", "coverage", "posts"),
    [
        ("kapolsek", "25", "50,0%", "1 dari 2"),
        ("kapolres", "35", "66,7%", "2 dari 3"),
        ("dirbinmas", "35", "50,0%", "2 dari 4"),
    ],
)
def test_coverage_and_residents_for_each_level(request, login, data, persona, residents, coverage, posts):
    response = page(login(request.getfixturevalue(persona)))
    assert shown(response, "residents") == residents
    html = response.content.decode()
    block = html[html.index('data-testid="coverage"') :][:400]
    assert coverage in block
    assert posts in block


def test_reports_missing_counts_held_and_past_planned(login, data, kapolsek):
    response = page(login(kapolsek))
    assert 'data-testid="reports-missing">2<' in response.content.decode()
    assert shown(response, "held-unreported") == "1"
    assert shown(response, "past-planned") == "1"


# --- aspirations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "received", "complaints", "tips", "open_", "urgent", "overdue"),
    [
        ("kapolsek", 6, 4, 2, 5, 1, 2),
        ("kapolres", 7, 5, 2, 6, 1, 2),
        ("dirbinmas", 8, 5, 3, 7, 2, 2),
    ],
)
def test_aspiration_counts_match_hand_count(
    request, login, data, persona, received, complaints, tips, open_, urgent, overdue
):
    response = page(login(request.getfixturevalue(persona)))
    assert shown(response, "received-total") == str(received)
    assert shown(response, "received-complaint") == str(complaints)
    assert shown(response, "received-tip") == str(tips)
    assert shown(response, "received-suggestion") == "0"
    assert shown(response, "tips-proven") == "1"
    assert shown(response, "open-total") == str(open_)
    assert shown(response, "open-new") == str(open_)
    assert shown(response, "open-urgent") == str(urgent)
    assert shown(response, "overdue") == str(overdue)


def test_kapolsek_does_not_see_the_neighbouring_polsek(login, data, kapolsek):
    response = page(login(kapolsek))
    html = response.content.decode()
    assert "Margahayu" not in html
    assert "Beji" not in html
    # the filter menus offer nothing beside him either
    assert "Polsek Bekasi Timur" not in html
    assert 'data-testid="units"' not in html  # no unit below a Polsek


def test_kapolsek_asking_for_a_neighbouring_unit_gets_his_own_figures(login, data, kapolsek, world):
    response = page(login(kapolsek), {"unit": world.polsek_timur.pk})
    assert 'data-testid="filter-errors"' in response.content.decode()
    assert shown(response, "received-total") == "6"


def test_medians_deadline_share_rating_and_outcomes(login, data, kapolsek):
    response = page(login(kapolsek))
    html = response.content.decode()
    assert re.search(r'data-testid="median-response">30 menit<', html)
    assert re.search(r'data-testid="median-resolution">30 menit<', html)
    assert re.search(r'data-testid="in-time">66,7%<', html)  # a1, a2 in time; a4 past its deadline
    assert 'data-testid="rating">5,0 / 5<' in html
    [(count, _href)] = figures(response)["outcome"]
    assert count == "2"


def test_categories_table_counts_per_kind(login, data, kapolsek):
    response = page(login(kapolsek))
    rows = response.context["categories"]
    table = {row["category"].code: [f.value for f in row["kinds"]] + [row["total"].value] for row in rows}
    assert table == {"tawuran": [3, 2, 0, 5], "narkoba": [1, 0, 0, 1]}


def embedded_charts(response) -> dict:
    """The chart data the page embeds for dashboard.js (its ``json_script`` block)."""
    [raw] = re.findall(
        r'<script id="dashboard-charts" type="application/json">(.*?)</script>', response.content.decode()
    )
    return json.loads(raw)


def test_chart_data_embedded_in_the_page_is_the_tables(login, data, kapolsek):
    response = page(login(kapolsek))
    charts = embedded_charts(response)
    html = response.content.decode()

    names = re.findall(r'<tr data-testid="category-row"><th scope="row" class="fw-normal">([^<]*)</th>', html)
    totals = [int(text) for text, _href in figures(response)["category-total"]]
    assert dict(zip(charts["categories"]["labels"], charts["categories"]["values"], strict=True)) == dict(
        zip(map(unescape, names), totals, strict=True)
    )
    assert sorted(charts["categories"]["values"], reverse=True) == [5, 1]

    statuses = response.context["open"]["statuses"]
    shown_open = {f.label: int(figures(response)[f"open-{f.key}"][0][0]) for f in statuses}
    assert dict(zip(charts["open"]["labels"], charts["open"]["values"], strict=True)) == shown_open


def test_period_filter_moves_the_numbers(login, data, kapolsek):
    october = {"period": "custom", "date_from": "2024-10-01", "date_to": "2024-10-31"}
    response = page(login(kapolsek), october)
    assert shown(response, "received-total") == "1"  # a7
    assert shown(response, "sessions-reported") == "1"  # the October session
    assert shown(response, "residents") == "40"
    assert shown(response, "open-total") == "5"  # open now does not follow the period


def test_category_filter(login, data, kapolres):
    response = page(login(kapolres), {"category": data.narkoba.pk})
    assert shown(response, "received-total") == "1"
    assert shown(response, "overdue") == "1"


def test_invalid_custom_period_shows_message_and_this_month(login, data, kapolsek):
    response = page(login(kapolsek), {"period": "custom", "date_from": "2024-11-30", "date_to": "2024-11-01"})
    html = response.content.decode()
    assert 'data-testid="filter-errors"' in html
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in html
    assert shown(response, "received-total") == "6"


# --- units table -------------------------------------------------------------------------------


def test_units_table_for_kapolres(login, data, kapolres):
    response = page(login(kapolres))
    rows = {row.unit.name: row for row in response.context["units"]}
    selatan, timur = rows["Polsek Bekasi Selatan"], rows["Polsek Bekasi Timur"]
    assert (selatan.held.value, selatan.posts, selatan.covered, selatan.received) == (2, 2, 1, 6)
    assert (selatan.open.value, selatan.overdue.value) == (5, 2)
    assert (timur.held.value, timur.posts, timur.covered, timur.received) == (1, 1, 1, 1)
    assert (timur.open.value, timur.overdue.value) == (1, 0)
    assert selatan.few and timur.few  # fewer than 10 aspirations each: ranked with caution
    assert 'data-few="1"' in response.content.decode()


def test_units_table_median_response_is_the_units_own(login, data, kapolres, kapolsek):
    """The medians per unit below come from the same pass as the overall ones (GROUPING SETS):
    Bekasi Selatan's row shows what its Kapolsek sees as his overall median."""
    response = page(login(kapolres))
    rows = {row.unit.name: row for row in response.context["units"]}
    own = page(login(kapolsek)).context["aspirations"]["response"]
    assert own is not None
    assert rows["Polsek Bekasi Selatan"].response == own
    assert rows["Polsek Bekasi Timur"].response is None  # a5 is not acknowledged yet


def test_units_table_for_dirbinmas_lists_polres(login, data, dirbinmas):
    response = page(login(dirbinmas))
    rows = {row.unit.name: row for row in response.context["units"]}
    assert set(rows) == {"Polres Metro Bekasi Kota", "Polres Metro Depok"}
    assert rows["Polres Metro Bekasi Kota"].open.value == 6
    assert rows["Polres Metro Depok"].open.value == 1
    assert rows["Polres Metro Bekasi Kota"].held.value == 3


# --- trend, hot spots, early warnings ---------------------------------------------------------


def test_trend_reads_the_rollup_and_shows_its_age(login, data, kapolres, frozen):
    rollups.refresh_rollups()
    response = page(login(kapolres))
    weeks = {row["week"].isoformat(): row for row in response.context["trend"]}
    this_week = weeks["2024-11-18"]
    assert (this_week["received"].value, this_week["resolved"].value, this_week["held"].value) == (6, 2, 1)
    assert weeks["2024-11-04"]["received"].value == 1  # a4
    assert weeks["2024-10-07"]["received"].value == 1  # a7
    assert weeks["2024-11-11"]["held"].value == 2  # s_held (15th), s_timur (16th)
    assert "dihitung ulang setiap 10 menit" in response.content.decode()


def test_trend_of_a_kelurahan_or_operation_reads_the_detailed_rollup(login, data, kapolres, world, frozen):
    """Without those filters the trend reads the rollup per Polsek and category; with them, the one
    per kelurahan and operation. Both are rebuilt together and add up to the same counts."""
    from ngopi.dashboard.models import WeeklyTrend, WeeklyUnitTrend

    rollups.refresh_rollups()
    assert sum(WeeklyTrend.objects.values_list("received", flat=True)) == sum(
        WeeklyUnitTrend.objects.values_list("received", flat=True)
    )
    response = page(login(kapolres), {"area": world.pekayon.pk})
    weeks = {row["week"].isoformat(): row for row in response.context["trend"]}
    assert (weeks["2024-11-18"]["received"].value, weeks["2024-11-18"]["resolved"].value) == (5, 2)  # not a5


def test_trend_without_rollup_says_so(login, data, kapolres):
    response = page(login(kapolres))
    assert "belum dihitung" in response.content.decode()
    assert all(row["received"].value == 0 for row in response.context["trend"])


def test_hot_spots_and_early_warning(login, data, kapolsek, world, frozen):
    from tests.aspirations.factories import make_aspiration

    EarlyWarningRule.objects.all().delete()
    EarlyWarningRule.objects.create(
        name="Tawuran (informasi)",
        category=data.tawuran,
        kind="tip",
        threshold=3,
        window_days=7,
    )
    client = login(kapolsek)
    assert 'data-testid="warnings"' not in page(client).content.decode()  # RW 18 has one tip (a2)
    make_aspiration(rw=world.rw18, kind="tip", description="Tawuran lagi direncanakan malam Minggu.")
    make_aspiration(rw=world.rw18, kind="tip", description="Kelompok remaja kumpul bawa senjata.")
    response = page(client)
    html = response.content.decode()
    assert 'data-testid="warnings"' in html
    [warning] = response.context["warnings"]
    assert warning["rw"] == "RW 18, Pekayon Jaya"
    assert warning["count"].value == 3
    line = html.split('data-testid="warning"', 1)[1].split("</li>", 1)[0]
    words = " ".join(re.sub(r"<[^>]+>", " ", line.split(">", 1)[1]).split())
    assert words == "RW 18, Pekayon Jaya — Tawuran (informasi): 3 dalam 7 hari terakhir (ambang batas 3)"
    top = response.context["hot_spots"][0]
    assert (top["rw"], top["category"], top["count"].value) == ("RW 18, Pekayon Jaya", "Tawuran", 4)


def test_early_warning_threshold_is_the_admins(login, data, kapolsek):
    EarlyWarningRule.objects.all().delete()
    EarlyWarningRule.objects.create(
        name="Dua keluhan", category=None, kind="complaint", threshold=2, window_days=30
    )
    response = page(login(kapolsek))
    rws = {w["rw"] for w in response.context["warnings"]}
    assert rws == {"RW 18, Pekayon Jaya", "RW 19, Pekayon Jaya"}  # a1+a4 in RW 18; a8+a9 in RW 19


# --- access ----------------------------------------------------------------------------------


def test_bhabinkamtibmas_is_refused_the_dashboard(login, data, bhabin):
    response = login(bhabin).get("/dasbor/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Anda tidak dapat membuka halaman ini" in html  # the app's own page, in Indonesian
    assert "Forbidden" not in html
    assert 'href="/staf/"' in html  # and the way back to his own work


def test_anonymous_visitor_is_sent_to_sign_in(client, data):
    response = client.get("/dasbor/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_navigation_shows_dashboard_to_commanders_only(login, data, kapolsek, bhabin):
    assert 'href="/dasbor/"' in login(kapolsek).get("/staf/kegiatan/").content.decode()
    assert 'href="/dasbor/"' not in login(bhabin).get("/staf/kegiatan/").content.decode()


def test_period_helpers():
    from datetime import date

    assert period_dates("week", date(2024, 11, 20)) == (date(2024, 11, 18), date(2024, 11, 24))
    assert period_dates("month", date(2024, 2, 10)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert NOW.date() == date(2024, 11, 20)
