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
    """A rare word (here: every word, the table has no statistics yet) is looked up in the GIN
    index of the stored vector; the plans at a realistic size are in test_query_plans.py."""
    if connection.vendor != "postgresql":
        pytest.skip("the full-text index exists on PostgreSQL only")
    from django.test.utils import CaptureQueriesContext

    from aspirations.models import Aspiration
    from aspirations.selectors import search

    make_aspiration(rw=world.rw18, description="Balap liar tiap malam")
    with CaptureQueriesContext(connection) as ctx:
        found = [a.description for a in search(Aspiration.objects.all(), "balap")]
    assert found == ["Balap liar tiap malam"]
    lookup = next(q["sql"] for q in ctx.captured_queries if "@@" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {lookup}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "aspiration_search_vector_gin" in plan


@pytest.mark.parametrize(
    ("description", "q"),
    [
        ("Motor warga dicuri di parkiran", "pencurian"),
        ("Ada pencurian helm", "mencuri"),
        ("Kafé di ujung gang ramai sampai subuh", "kafe"),
        ("Tawuran pelajar tiap malam", "tawuran pelajar"),
    ],
)
def test_search_finds_indonesian_word_forms(world, bhabin, description, q):
    if connection.vendor != "postgresql":
        pytest.skip("stemming is PostgreSQL's (SQLite matches the words as typed)")
    from aspirations.models import Aspiration
    from aspirations.selectors import search

    make_aspiration(rw=world.rw18, description=description)
    make_aspiration(rw=world.rw18, description="Lampu jalan mati")
    assert [a.description for a in search(Aspiration.objects.all(), q)] == [description]


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
