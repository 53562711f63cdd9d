"""Pages never run a query per row: the inbox costs the same with 3 rows or 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aspirations import services

from .factories import make_aspiration, make_session


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add(world, bhabin, session, n):
    for i in range(n):
        aspiration = make_aspiration(rw=world.rw18 if i % 2 else world.rw19, urgent=bool(i % 3))
        if i % 4 == 0:
            services.record_session_aspirations(
                actor=bhabin,
                session=session,
                entries=[
                    services.CapturedEntry(
                        kind="tip",
                        category=aspiration.category,
                        description="Di kegiatan",
                        privacy="anonymous",
                    )
                ],
            )


@pytest.mark.parametrize("persona", ["bhabin", "kapolres", "administrator"])
@pytest.mark.parametrize("params", [{}, {"q": "senjata", "sort": "due"}, {"overdue": "on", "status": "open"}])
def test_inbox_query_count_does_not_grow_with_rows(request, login, world, bhabin, binmas, persona, params):
    client = login(request.getfixturevalue(persona))
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin)
    add(world, bhabin, session, 3)
    few = count_queries(client, "/staf/aspirasi/", params)
    add(world, bhabin, session, 30)
    many = count_queries(client, "/staf/aspirasi/", params)
    assert many == few


def test_detail_query_count_does_not_grow_with_timeline(login, world, bhabin):
    aspiration = make_aspiration(rw=world.rw18)
    client = login(bhabin)
    services.add_note(actor=bhabin, aspiration=aspiration, text="1")
    few = count_queries(client, f"/staf/aspirasi/{aspiration.pk}/")
    for i in range(15):
        services.add_note(actor=bhabin, aspiration=aspiration, text=str(i))
    assert count_queries(client, f"/staf/aspirasi/{aspiration.pk}/") == few


def test_tracking_page_query_count_does_not_grow(client, world, bhabin):
    aspiration = make_aspiration(rw=world.rw18)
    few = count_queries(client, f"/aspirasi/lacak/{aspiration.code}/")
    for i in range(10):
        services.reply_as_reporter(aspiration=aspiration, text=str(i))
    assert count_queries(client, f"/aspirasi/lacak/{aspiration.code}/") == few


def test_search_uses_the_gin_index_on_postgresql(world, bhabin):
    if connection.vendor != "postgresql":
        pytest.skip("the full-text index exists on PostgreSQL only")
    from aspirations.models import Aspiration
    from aspirations.selectors import search

    make_aspiration(rw=world.rw18, description="Balap liar tiap malam")
    queryset = search(Aspiration.objects.all(), "balap")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "aspiration_search_gin" in plan
    assert [a.description for a in queryset] == ["Balap liar tiap malam"]


def test_inbox_menus_of_a_large_jurisdiction_wait_for_a_unit(client, world, dirbinmas, monkeypatch):
    """A Polda has thousands of kelurahan: the menu is offered once a unit narrows it down, and a
    kelurahan chosen by a link (e.g. from the dashboard) still filters."""
    from aspirations import selectors

    monkeypatch.setattr(selectors, "MENU_LIMIT", 1)
    client.force_login(dirbinmas)
    form = client.get("/staf/aspirasi/").context["filter_form"]
    assert [c for c, _label in form.fields["area"].choices if c] == []
    form = client.get("/staf/aspirasi/", {"unit": world.polsek.pk}).context["filter_form"]
    assert [c for c, _label in form.fields["area"].choices if c] == [world.pekayon.pk]
    response = client.get("/staf/aspirasi/", {"area": world.margahayu.pk})
    assert response.context["filter_form"].is_valid()
    assert response.context["filters"].area == world.margahayu.pk
