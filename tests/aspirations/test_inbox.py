"""The staff inbox lands on the open work, urgent first, and pages through it without a gap."""

import pytest

from aspirations import services
from aspirations.enums import Kind

from .factories import make_aspiration


def codes_of(response) -> list[str]:
    return [a.code for a in response.context["page"].rows]


def every_page(client, params=None) -> list[str]:
    """The codes of every page, in the order shown, following the "Next" cursor."""
    params = dict(params or {})
    shown = []
    while True:
        response = client.get("/staf/aspirasi/", params)
        assert response.status_code == 200
        shown += codes_of(response)
        token = response.context["page"].next_token
        if not token:
            return shown
        params["after"] = token


@pytest.fixture
def resolved(world, bhabin, outcome, tawuran):
    aspiration = make_aspiration(rw=world.rw18, description="Lampu jalan mati, sudah diperbaiki.")
    aspiration = services.triage_aspiration(
        actor=bhabin, aspiration=aspiration, kind=Kind.COMPLAINT, category=tawuran, priority="normal"
    )
    return services.resolve_aspiration(
        actor=bhabin, aspiration=aspiration, outcome=outcome, resolution="Sudah dilaporkan ke kelurahan."
    )


def test_inbox_by_default_lists_open_work_only(login, world, bhabin, aspiration, resolved):
    response = login(bhabin).get("/staf/aspirasi/")
    html = response.content.decode()
    assert aspiration.code in html
    assert resolved.code not in html
    # The filter says so: "Open" is the chosen status.
    assert response.context["filter_form"]["status"].value() == "open"


def test_inbox_next_page_keeps_the_open_default(login, world, bhabin, resolved):
    for _ in range(26):
        make_aspiration(rw=world.rw18)
    client = login(bhabin)
    assert resolved.code not in every_page(client)


def test_inbox_lists_closed_work_when_chosen(login, world, bhabin, aspiration, resolved):
    client = login(bhabin)
    every = client.get("/staf/aspirasi/", {"status": ""}).content.decode()
    assert aspiration.code in every and resolved.code in every
    done = client.get("/staf/aspirasi/", {"status": "resolved"}).content.decode()
    assert resolved.code in done and aspiration.code not in done


def test_inbox_link_with_filters_but_no_status_lists_every_status(login, world, bhabin, aspiration, resolved):
    """The dashboard's "received in the period" links narrow by unit and dates, not by status."""
    html = login(bhabin).get("/staf/aspirasi/", {"unit": world.polsek.pk}).content.decode()
    assert aspiration.code in html and resolved.code in html


def test_inbox_code_search_finds_finished_work(login, world, bhabin, resolved):
    response = login(bhabin).get("/staf/aspirasi/", {"q": resolved.code, "status": "open"})
    assert codes_of(response) == [resolved.code]


@pytest.mark.parametrize("sort", ["newest", "oldest", "due", "updated"])
def test_inbox_lists_urgent_first_then_the_chosen_sort(login, world, bhabin, sort):
    first_plain = make_aspiration(rw=world.rw18)
    urgent = make_aspiration(rw=world.rw18, kind=Kind.TIP, urgent=True)
    last_plain = make_aspiration(rw=world.rw18)
    codes = codes_of(login(bhabin).get("/staf/aspirasi/", {"sort": sort}))
    assert codes[0] == urgent.code
    assert set(codes[1:]) == {first_plain.code, last_plain.code}


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_inbox_pages_across_the_urgent_boundary_without_gap_or_repeat(login, world, bhabin, sort):
    # 20 urgent and 20 not, interleaved in time: the first page ends 5 rows past the boundary.
    made = [make_aspiration(rw=world.rw18, urgent=i % 2 == 0) for i in range(40)]
    urgent = [a.code for a in made if a.urgent]
    plain = [a.code for a in made if not a.urgent]
    if sort == "newest":
        urgent, plain = urgent[::-1], plain[::-1]
    shown = every_page(login(bhabin), {"sort": sort})
    assert shown == urgent + plain


def test_inbox_pages_when_the_boundary_falls_between_pages(login, world, bhabin):
    # The five oldest are urgent: pinned on the first page, the rest newest first.
    made = [make_aspiration(rw=world.rw18, urgent=i < 5) for i in range(30)]
    client = login(bhabin)
    first = client.get("/staf/aspirasi/")
    assert codes_of(first) == [a.code for a in made[:5]][::-1] + [a.code for a in made[10:]][::-1]
    second = client.get("/staf/aspirasi/", {"after": first.context["page"].next_token})
    assert codes_of(second) == [a.code for a in made[5:10]][::-1]
