"""Himbauan and commitments (the events app's loop models), read through their scoping rules."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Commitment
from tests.aspirations.factories import make_session
from tests.factories import HimbauanFactory


def commit(session, responsible, text, creator):
    return Commitment.objects.create(
        session=session,
        rw=session.rw,
        unit=session.unit,
        text=text,
        responsible=responsible,
        due_date=timezone.localdate() + timedelta(days=7),
        created_by=creator,
    )


def test_himbauan_public_in_force_and_by_area(client, world, binmas):
    today = timezone.localdate()
    current = HimbauanFactory(area=world.city, unit=world.polres, created_by=binmas, title="Jaga persatuan")
    HimbauanFactory(
        area=world.city,
        unit=world.polres,
        created_by=binmas,
        title="Lama",
        valid_from=today - timedelta(days=30),
        valid_until=today - timedelta(days=1),
    )
    HimbauanFactory(area=world.beji, unit=world.polres_depok, created_by=binmas, title="Depok")
    titles = [row["title"] for row in client.get(f"/api/v1/himbauan/?area={world.rw18.pk}").json()["results"]]
    assert titles == [current.title]


def test_commitments_are_scoped_and_foreign_ones_never_listed(
    api, world, binmas, bhabin, other_bhabin, kapolsek
):
    ours = make_session(post=world.post_rw18, actor=binmas)
    theirs = make_session(post=world.post_rw03, actor=binmas)
    commit(ours, bhabin, "Patroli malam di RW 18", binmas)
    commit(theirs, other_bhabin, "Lampu jalan RW 03", binmas)
    texts = {row["text"] for row in api(kapolsek).get("/api/v1/commitments/").json()["results"]}
    assert texts == {"Patroli malam di RW 18"}
    texts = {row["text"] for row in api(other_bhabin).get("/api/v1/commitments/").json()["results"]}
    assert texts == {"Lampu jalan RW 03"}
    assert api().get("/api/v1/commitments/").status_code == 401


def test_commitments_list_query_count_does_not_grow(api, world, binmas, bhabin, kapolres):
    client = api(kapolres)
    session = make_session(post=world.post_rw18, actor=binmas)
    commit(session, bhabin, "Satu", binmas)
    client.get("/api/v1/commitments/")
    with CaptureQueriesContext(connection) as first:
        client.get("/api/v1/commitments/")
    for i in range(5):
        commit(session, bhabin, f"Lagi {i}", binmas)
    with CaptureQueriesContext(connection) as more:
        assert len(client.get("/api/v1/commitments/").json()["results"]) == 6
    assert len(more) == len(first)
