"""Every number links to the list behind it, and the list shows the same count."""

from urllib.parse import parse_qs, urlsplit

import pytest

from .test_figures import figures, page


def inbox_count(client, url) -> int:
    """Rows of the staff inbox behind ``url``, every page followed."""
    total, after = 0, None
    while True:
        response = client.get(url + (f"&after={after}" if after else ""))
        assert response.status_code == 200
        page_ = response.context["page"]
        total += len(page_.rows)
        after = page_.next_token
        if not after:
            return total


def session_count(client, url) -> int:
    """The count the staff session list shows for its status filter (or all statuses)."""
    response = client.get(url)
    assert response.status_code == 200
    status = parse_qs(urlsplit(url).query).get("status", [""])[0]
    counts = {key: n for key, _label, n in response.context["counts"]}
    return counts[status] if status else sum(counts.values())


# Figures whose list the inbox and the session list can already show exactly.
EXACT = [
    "open-total",
    "open-new",
    "open-urgent",
    "overdue",
    "sessions-planned",
    "sessions-held",
    "sessions-reported",
    "sessions-cancelled",
    "held-unreported",
    "past-planned",
    "unit-open",
    "unit-overdue",
]


@pytest.mark.parametrize("persona", ["kapolsek", "kapolres", "dirbinmas"])
def test_numbers_and_their_lists_agree(request, login, data, persona):
    client = login(request.getfixturevalue(persona))
    found = figures(page(client))
    checked = 0
    for testid in EXACT:
        for shown, url in found.get(testid, []):
            count = (
                session_count(client, url) if url.startswith("/staf/kegiatan/") else inbox_count(client, url)
            )
            assert count == int(shown.replace(".", "")), (testid, url)
            checked += 1
    assert checked >= 10


def test_unit_sessions_held_is_held_plus_reported_on_the_list(login, data, kapolres):
    client = login(kapolres)
    for shown, url in figures(page(client))["unit-held"]:
        response = client.get(url)
        counts = {key: n for key, _label, n in response.context["counts"]}
        assert counts["held"] + counts["reported"] == int(shown)


def test_received_links_carry_the_inbox_filters(login, data, kapolres, world):
    client = login(kapolres)
    found = figures(page(client, {"unit": world.polsek.pk, "category": data.tawuran.pk}))
    [(_shown, url)] = found["received-tip"]
    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).path == "/staf/aspirasi/"
    assert query["unit"] == [str(world.polsek.pk)]
    assert query["category"] == [str(data.tawuran.pk)]
    assert query["kind"] == ["tip"]
    assert query["date_from"] == ["2024-11-01"]
    assert query["date_to"] == ["2024-11-30"]


def test_received_in_period_agrees_when_the_period_holds_everything(login, data, kapolsek):
    """Until the inbox filters by date, a period that holds every aspiration shows the agreement."""
    client = login(kapolsek)
    everything = {"period": "custom", "date_from": "2024-01-01", "date_to": "2024-12-31"}
    found = figures(page(client, everything))
    for testid in ("received-total", "received-complaint", "received-tip", "category-kind", "category-total"):
        for shown, url in found[testid]:
            assert inbox_count(client, url) == int(shown), (testid, url)


def test_received_in_period_link_excludes_other_months(login, data, kapolsek):
    client = login(kapolsek)
    [(shown, url)] = figures(page(client))["received-total"]
    assert inbox_count(client, url) == int(shown)  # a7 (October) must not be on the list


def test_tips_proven_link_lists_only_proven_tips(login, data, kapolsek):
    client = login(kapolsek)
    everything = {"period": "custom", "date_from": "2024-01-01", "date_to": "2024-12-31"}
    [(shown, url)] = figures(page(client, everything))["tips-proven"]
    assert inbox_count(client, url) == int(shown)


@pytest.mark.parametrize("persona", ["kapolsek", "kapolres"])
def test_hot_spot_numbers_list_only_that_rw_and_category(request, login, data, persona):
    client = login(request.getfixturevalue(persona))
    found = figures(page(client)).get("hot-spot-count", [])
    assert found
    for shown, url in found:
        assert "area=" in url
        assert inbox_count(client, url) == int(shown), url


def test_a_bad_inbox_filter_drops_only_itself(login, data, kapolres, world):
    client = login(kapolres)
    everything = inbox_count(client, "/staf/aspirasi/?status=open")
    narrowed = inbox_count(client, f"/staf/aspirasi/?status=open&unit={world.polsek.pk}")
    assert inbox_count(client, f"/staf/aspirasi/?status=open&unit={world.polsek.pk}&outcome=oops") == narrowed
    assert narrowed < everything
