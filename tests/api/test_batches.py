"""Serentak batches and operations through the API: created through the pages' forms, rules and
services, listed in the caller's jurisdiction; another unit's are 404 and never listed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import services
from events.enums import BatchStatus, SessionStatus
from events.models import Operation, Session, SessionBatch, SessionKind


@pytest.fixture
def covered(world, bhabin, other_bhabin):
    """Pekayon Jaya (2 posts) covered by bhabin, Margahayu (1 post) by other_bhabin."""
    return world


def _batch(world, **overrides):
    day = timezone.localdate() + timedelta(days=7)
    return {
        "title": "Serentak Mantap Praja",
        "kind": SessionKind.objects.get(name="Ngopi Kamtibmas").pk,
        "unit": world.polres.pk,
        "day": day.isoformat(),
        "start": "19:30",
        "end": "21:30",
        **overrides,
    }


def _operation(world, **overrides):
    today = timezone.localdate()
    return {
        "name": "Operasi Lilin",
        "unit": world.polres.pk,
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=10)).isoformat(),
        **overrides,
    }


def test_binmas_schedules_a_batch_and_reads_it(api, covered, binmas):
    client = api(binmas)
    response = client.post("/api/v1/batches/", _batch(covered), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["scheduled"] == 3 and body["skipped"] == []
    batch = body["batch"]
    assert batch["sessions"][SessionStatus.PLANNED] == 3
    assert batch["created_by"]["id"] == binmas.pk
    assert set(batch["allowed_actions"]) == {"postpone", "cancel"}
    sessions = client.get(f"/api/v1/sessions/?batch={batch['id']}").json()["results"]
    assert len(sessions) == 3 and {s["title"] for s in sessions} == {"Serentak Mantap Praja"}
    assert [b["id"] for b in client.get("/api/v1/batches/").json()["results"]] == [batch["id"]]
    assert client.get(f"/api/v1/batches/{batch['id']}/").json()["title"] == "Serentak Mantap Praja"


def test_batch_limited_to_kelurahan_and_busy_posts_skipped(api, covered, binmas):
    client = api(binmas)
    client.post("/api/v1/batches/", _batch(covered, areas=[covered.margahayu.pk]), format="json")
    response = client.post("/api/v1/batches/", _batch(covered, title="Kedua"), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["scheduled"] == 2
    assert [s["name"] for s in body["skipped"]] == ["Pos Kamling RW 03"] and body["skipped"][0]["problems"]


def test_batch_input_checked_by_the_pages_form(api, covered, binmas):
    client = api(binmas, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/api/v1/batches/", _batch(covered, unit=covered.polres_depok.pk), format="json")
    assert response.status_code == 400 and "unit" in response.json()["errors"]
    response = client.post("/api/v1/batches/", _batch(covered, start="22:00", end="21:00"), format="json")
    assert response.json()["errors"]["end"] == ["The session must end after it starts."]
    assert not SessionBatch.objects.exists()


def test_bhabinkamtibmas_may_not_schedule_a_batch_or_an_operation(api, covered, bhabin):
    client = api(bhabin)
    assert client.post("/api/v1/batches/", _batch(covered), format="json").status_code == 403
    assert client.post("/api/v1/operations/", _operation(covered), format="json").status_code == 403
    assert not SessionBatch.objects.exists() and not Operation.objects.exists()


def test_batch_postponed_with_a_reason(api, covered, binmas):
    client = api(binmas)
    batch = client.post("/api/v1/batches/", _batch(covered), format="json").json()["batch"]
    url = f"/api/v1/batches/{batch['id']}/postpone/"
    assert client.post(url, {}, format="json").status_code == 400
    response = client.post(url, {"reason": "Hujan deras"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == BatchStatus.POSTPONED and body["sessions"][SessionStatus.POSTPONED] == 3
    assert client.post(url, {"reason": "Lagi"}, format="json").status_code == 409


@pytest.mark.parametrize("persona", ["kapolres_depok", "other_bhabin"])
def test_another_units_batch_is_404_and_never_listed(request, api, covered, binmas, persona):
    made = api(binmas).post("/api/v1/batches/", _batch(covered, areas=[covered.pekayon.pk]), format="json")
    batch_id = made.json()["batch"]["id"]
    client = api(request.getfixturevalue(persona))
    assert client.get("/api/v1/batches/").json()["results"] == []
    assert client.get(f"/api/v1/batches/{batch_id}/").status_code == 404
    assert (
        client.post(f"/api/v1/batches/{batch_id}/cancel/", {"reason": "x"}, format="json").status_code == 404
    )
    assert not Session.objects.filter(batch_id=batch_id).exclude(status=SessionStatus.PLANNED).exists()


def test_binmas_creates_an_operation(api, covered, binmas):
    client = api(binmas, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/api/v1/operations/", _operation(covered), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["unit"]["id"] == covered.polres.pk and response.json()["session_count"] == 0
    again = client.post("/api/v1/operations/", _operation(covered), format="json")
    assert again.status_code == 400 and again.json()["errors"][""]  # the unit already uses the name
    today = timezone.localdate()
    backwards = client.post(
        "/api/v1/operations/",
        _operation(covered, name="Mundur", ends_on=(today - timedelta(days=1)).isoformat()),
        format="json",
    )
    assert backwards.json()["errors"]["ends_on"] == ["An operation must end on or after the day it starts."]
    assert Operation.objects.count() == 1


def test_another_units_operation_is_404_and_never_listed(api, covered, binmas, kapolres_depok, dirbinmas):
    today = timezone.localdate()
    depok = services.create_operation(
        actor=kapolres_depok, name="Operasi Depok", unit=covered.polres_depok, starts_on=today, ends_on=today
    )
    polda = services.create_operation(
        actor=dirbinmas, name="Operasi Polda", unit=covered.polda, starts_on=today, ends_on=today
    )
    client = api(binmas)
    assert {o["id"] for o in client.get("/api/v1/operations/").json()["results"]} == {polda.pk}
    assert client.get(f"/api/v1/operations/{depok.pk}/").status_code == 404
    assert api(kapolres_depok).get(f"/api/v1/operations/{depok.pk}/").status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/batches/", "/api/v1/operations/"])
def test_batch_and_operation_lists_query_count_does_not_grow(api, covered, binmas, url):
    client = api(binmas)
    today = timezone.localdate()

    def add(start, n):
        for i in range(start, start + n):
            day = (today + timedelta(days=10 + i)).isoformat()
            client.post("/api/v1/batches/", _batch(covered, day=day, title=f"Serentak {i}"), format="json")
            services.create_operation(
                actor=binmas, name=f"Operasi {i}", unit=covered.polres, starts_on=today, ends_on=today
            )

    add(0, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    add(1, 4)
    with CaptureQueriesContext(connection) as more:
        assert len(client.get(url).json()["results"]) == 5
    assert len(more) == len(first)
