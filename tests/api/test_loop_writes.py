"""The dialogue loop's writes through the API: the session agenda ticked, commitments recorded
and closed, himbauan published and changed, by the same forms, workflow and services as the
pages; another unit's objects are 404 and nothing is written."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aspirations.models import AgendaAspiration
from events import services
from events.enums import CommitmentStatus
from events.models import AgendaHimbauan, Commitment, Himbauan
from tests.aspirations.factories import make_aspiration, make_session


@pytest.fixture
def session(world, binmas, bhabin):
    """A session at RW 18 that started two hours ago, led by the bhabin, with one complaint of
    the RW on its agenda."""
    make_aspiration(rw=world.rw18, description="Balap liar tiap malam Minggu.")
    return make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(hours=-2))


@pytest.fixture
def commitment(session, bhabin):
    return services.record_commitment(
        actor=bhabin,
        session=session,
        text="Patroli setiap malam Minggu",
        responsible=bhabin,
        due_date=timezone.localdate() + timedelta(days=14),
    )


def _item(client, session):
    sections = client.get(f"/api/v1/sessions/{session.pk}/agenda/").json()
    return next(s for s in sections if s["section"] == "aspirations")["items"][0]


def _due(days=14):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


# --- agenda --------------------------------------------------------------------------------------


def test_lead_ticks_an_agenda_item_with_the_answer(api, session, bhabin):
    client = api(bhabin)
    item = _item(client, session)
    assert item["discussed"] is False and "Balap liar" in item["text"]
    response = client.post(
        f"/api/v1/sessions/{session.pk}/agenda/",
        {
            "items": [
                {"section": "aspirations", "id": item["id"], "discussed": True, "note": "Patroli ditambah."}
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    row = AgendaAspiration.objects.get(pk=item["id"])
    assert row.discussed and row.answer == "Patroli ditambah."
    assert _item(client, session)["note"] == "Patroli ditambah."


def test_agenda_item_of_another_session_is_invalid(api, world, session, binmas, bhabin):
    other = make_session(post=world.post_rw19, actor=binmas, lead=bhabin, starts_in=timedelta(days=-1))
    response = api(bhabin, HTTP_ACCEPT_LANGUAGE="id").post(
        f"/api/v1/sessions/{other.pk}/agenda/",
        {"items": [{"section": "aspirations", "id": _item(api(bhabin), session)["id"], "discussed": True}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["items.0.id"] == ["Butir ini tidak ada di agenda sesi ini."]
    assert not AgendaAspiration.objects.filter(discussed=True).exists()


def test_agenda_of_a_session_ahead_cannot_be_ticked(api, world, binmas, bhabin):
    ahead = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(days=2))
    response = api(bhabin).post(f"/api/v1/sessions/{ahead.pk}/agenda/", {"items": []}, format="json")
    assert response.status_code == 409


def test_agenda_read_query_count_does_not_grow(api, world, session, binmas, kapolres):
    client = api(kapolres)
    url = f"/api/v1/sessions/{session.pk}/agenda/"
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for n in range(4):
        make_aspiration(rw=world.rw18, description=f"Keluhan nomor {n} di RW 18.")
    services.refresh_agenda(session=session)
    with CaptureQueriesContext(connection) as more:
        sections = client.get(url).json()
    assert len(next(s for s in sections if s["section"] == "aspirations")["items"]) == 5
    assert len(more) == len(first)


# --- commitments ---------------------------------------------------------------------------------


def test_lead_records_a_commitment_answering_an_agenda_item(api, session, bhabin):
    client = api(bhabin)
    item = _item(client, session)
    response = client.post(
        f"/api/v1/sessions/{session.pk}/commitments/",
        {
            "text": "Patroli malam Minggu",
            "responsible": bhabin.pk,
            "due_date": _due(),
            "aspirations": [item["id"]],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == CommitmentStatus.OPEN and body["responsible"]["id"] == bhabin.pk
    commitment = Commitment.objects.get(pk=body["id"])
    assert commitment.created_by == bhabin and commitment.aspirations.count() == 1


def test_commitment_due_before_the_session_is_invalid(api, session, bhabin):
    response = api(bhabin, HTTP_ACCEPT_LANGUAGE="id").post(
        f"/api/v1/sessions/{session.pk}/commitments/",
        {"text": "Janji", "responsible": bhabin.pk, "due_date": "2001-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "Tenggat tidak boleh sebelum kegiatan." in response.json()["errors"][""]
    assert not Commitment.objects.exists()


def test_commitment_for_an_officer_of_another_polsek_is_invalid(api, session, bhabin, other_bhabin):
    response = api(bhabin).post(
        f"/api/v1/sessions/{session.pk}/commitments/",
        {"text": "Janji", "responsible": other_bhabin.pk, "due_date": _due()},
        format="json",
    )
    assert response.status_code == 400 and "responsible" in response.json()["errors"]


def test_responsible_officer_closes_a_commitment(api, commitment, bhabin):
    client = api(bhabin)
    assert client.get(f"/api/v1/commitments/{commitment.pk}/").json()["may_close"] is True
    url = f"/api/v1/commitments/{commitment.pk}/close/"
    assert client.post(url, {"status": "kept"}, format="json").status_code == 400
    response = client.post(
        url,
        {"status": "partly", "outcome_note": "Patroli dua kali.", "evidence": "Buku mutasi"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == CommitmentStatus.PARTLY and body["closed_by"]["id"] == bhabin.pk
    assert body["may_close"] is False
    again = client.post(url, {"status": "kept", "outcome_note": "Lagi"}, format="json")
    assert again.status_code == 409


def test_scheduling_staff_may_not_close_a_commitment(api, commitment, binmas):
    response = api(binmas).post(
        f"/api/v1/commitments/{commitment.pk}/close/", {"status": "kept", "outcome_note": "x"}, format="json"
    )
    assert response.status_code == 403
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.OPEN


# --- himbauan ------------------------------------------------------------------------------------

HIMBAUAN = {"title": "Laporkan politik uang", "body": "Tolak dan laporkan politik uang."}


def test_binmas_publishes_a_himbauan_and_planned_sessions_carry_it(api, world, binmas, bhabin):
    ahead = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(days=3))
    response = api(binmas).post(
        "/api/v1/himbauan/",
        {**HIMBAUAN, "area": world.city.pk, "valid_from": timezone.localdate().isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.json()
    himbauan = Himbauan.objects.get(pk=response.json()["id"])
    assert himbauan.unit == world.polres and himbauan.created_by == binmas
    assert AgendaHimbauan.objects.filter(session=ahead, himbauan=himbauan).exists()
    changed = api(binmas).put(
        f"/api/v1/himbauan/{himbauan.pk}/",
        {**HIMBAUAN, "title": "Tolak politik uang", "area": world.city.pk, "valid_from": _due(0)},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["title"] == "Tolak politik uang"


def test_himbauan_outside_the_jurisdiction_or_by_a_bhabin_is_refused(api, world, binmas, bhabin):
    response = api(binmas).post(
        "/api/v1/himbauan/", {**HIMBAUAN, "area": world.beji.pk, "valid_from": _due(0)}, format="json"
    )
    assert response.status_code == 400 and "area" in response.json()["errors"]
    response = api(bhabin).post(
        "/api/v1/himbauan/", {**HIMBAUAN, "area": world.rw18.pk, "valid_from": _due(0)}, format="json"
    )
    assert response.status_code == 403
    assert not Himbauan.objects.exists()


# --- another unit's objects ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["other_bhabin", "kapolres_depok"])
def test_another_units_loop_objects_are_404_and_nothing_written(
    request, api, world, binmas, session, commitment, persona
):
    himbauan = services.create_himbauan(
        actor=binmas,
        title="Jaga kampung",
        body="Ronda malam.",
        area=world.rw18,
        valid_from=timezone.localdate(),
        unit=world.polsek,  # the Polsek's own: another Polsek does not see it (a Polres' it would)
    )
    user = request.getfixturevalue(persona)
    client = api(user)
    row = AgendaAspiration.objects.filter(session=session).first()
    calls = [
        client.get(f"/api/v1/sessions/{session.pk}/agenda/"),
        client.post(
            f"/api/v1/sessions/{session.pk}/agenda/",
            {"items": [{"section": "aspirations", "id": row.pk, "discussed": True}]},
            format="json",
        ),
        client.post(
            f"/api/v1/sessions/{session.pk}/commitments/",
            {"text": "Janji", "responsible": user.pk, "due_date": _due()},
            format="json",
        ),
        client.get(f"/api/v1/commitments/{commitment.pk}/"),
        client.post(
            f"/api/v1/commitments/{commitment.pk}/close/",
            {"status": "kept", "outcome_note": "x"},
            format="json",
        ),
        client.get(f"/api/v1/himbauan/{himbauan.pk}/"),
        client.put(
            f"/api/v1/himbauan/{himbauan.pk}/",
            {**HIMBAUAN, "area": world.rw18.pk, "valid_from": _due(0)},
            format="json",
        ),
    ]
    assert [c.status_code for c in calls] == [404] * len(calls)
    row.refresh_from_db()
    commitment.refresh_from_db()
    himbauan.refresh_from_db()
    assert not row.discussed and commitment.status == CommitmentStatus.OPEN
    assert Commitment.objects.count() == 1 and himbauan.title == "Jaga kampung"
