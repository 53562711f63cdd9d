"""Every staff endpoint × role × another unit's objects: 404, and no foreign data in lists
(as tests/accounts/test_scoping.py holds for the pages)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from aspirations.models import TimelineEntry
from events import services
from events.enums import SessionStatus
from events.models import Commitment
from tests.aspirations.factories import make_aspiration, make_session


@pytest.fixture
def objects(world, binmas, bhabin, other_bhabin):
    """One aspiration and one session in each of three Polsek."""
    return {
        "bekasi_selatan": (make_aspiration(rw=world.rw18), make_session(post=world.post_rw18, actor=binmas)),
        "bekasi_timur": (make_aspiration(rw=world.rw03), make_session(post=world.post_rw03, actor=binmas)),
        "beji": (make_aspiration(rw=world.rw01), None),
    }


# Who sees which Polsek's objects.
SEES = {
    "bhabin": {"bekasi_selatan"},
    "other_bhabin": {"bekasi_timur"},
    "kapolsek": {"bekasi_selatan"},
    "kapolres": {"bekasi_selatan", "bekasi_timur"},
    "binmas": {"bekasi_selatan", "bekasi_timur"},
    "kapolres_depok": {"beji"},
    "dirbinmas": {"bekasi_selatan", "bekasi_timur", "beji"},
    "administrator": {"bekasi_selatan", "bekasi_timur", "beji"},
}


@pytest.mark.parametrize("persona", list(SEES))
def test_aspirations_list_detail_and_actions_are_scoped(request, api, objects, persona):
    user = request.getfixturevalue(persona)
    client = api(user)
    listed = client.get("/api/v1/aspirations/?status=")
    assert listed.status_code == 200
    codes = {row["code"] for row in listed.json()["results"]}
    for unit, (aspiration, _session) in objects.items():
        mine = unit in SEES[persona]
        assert (aspiration.code in codes) is mine
        detail = client.get(f"/api/v1/aspirations/{aspiration.pk}/")
        assert detail.status_code == (200 if mine else 404)
        if not mine:
            assert aspiration.code not in detail.content.decode()
            note = client.post(
                f"/api/v1/aspirations/{aspiration.pk}/note/", {"text": "Catatan"}, format="json"
            )
            assert note.status_code == 404
            assert not TimelineEntry.objects.filter(aspiration=aspiration, text="Catatan").exists()


@pytest.mark.parametrize("persona", list(SEES))
def test_sessions_are_scoped_for_staff_and_foreign_transitions_are_404(request, api, objects, persona):
    user = request.getfixturevalue(persona)
    client = api(user)
    ids = {row["id"] for row in client.get("/api/v1/sessions/").json()["results"]}
    for unit, (_aspiration, session) in objects.items():
        if session is None:
            continue
        mine = unit in SEES[persona]
        assert (session.pk in ids) is mine
        if not mine:
            assert client.get(f"/api/v1/sessions/{session.pk}/").status_code == 404
            response = client.post(f"/api/v1/sessions/{session.pk}/cancel/", {"reason": "x"}, format="json")
            assert response.status_code == 404
            session.refresh_from_db()
            assert session.status == SessionStatus.PLANNED


def test_notifications_are_only_the_callers(api, objects, bhabin, kapolsek):
    from ngopi.notifications.models import Notification

    Notification.objects.create(recipient=kapolsek, kind="x", key="k1", title="Untuk Kapolsek")
    Notification.objects.create(recipient=bhabin, kind="x", key="k2", title="Untuk Bhabin")
    titles = {n["title"] for n in api(bhabin).get("/api/v1/notifications/").json()["results"]}
    assert "Untuk Kapolsek" not in titles and "Untuk Bhabin" in titles


def test_public_sessions_show_no_cancelled_ones_to_anonymous_callers(api, objects, binmas, client):
    session = objects["bekasi_selatan"][1]
    api(binmas).post(f"/api/v1/sessions/{session.pk}/cancel/", {"reason": "Hujan deras"}, format="json")
    public = client.get("/api/v1/sessions/").json()["results"]
    assert session.pk not in {row["id"] for row in public}
    assert "allowed_actions" not in public[0]
    assert client.get(f"/api/v1/sessions/{session.pk}/").status_code == 404


def test_dashboard_for_commanders_only(api, objects, kapolres, bhabin):
    assert api(bhabin).get("/api/v1/dashboard/").status_code == 403
    data = api(kapolres).get("/api/v1/dashboard/").json()
    assert {"sessions", "aspirations", "open", "units"} <= set(data)


@pytest.mark.parametrize("persona", list(SEES))
def test_session_reports_agendas_and_commitments_are_scoped(
    request, api, objects, bhabin, other_bhabin, persona
):
    made = {}
    for unit, responsible in (("bekasi_selatan", bhabin), ("bekasi_timur", other_bhabin)):
        session = objects[unit][1]
        made[unit] = services.record_commitment(
            actor=request.getfixturevalue("binmas"),
            session=session,
            text=f"Janji {unit}",
            responsible=responsible,
            due_date=timezone.localdate() + timedelta(days=7),
        )
    client = api(request.getfixturevalue(persona))
    listed = {row["id"] for row in client.get("/api/v1/commitments/").json()["results"]}
    for unit, commitment in made.items():
        mine = unit in SEES[persona]
        session = objects[unit][1]
        assert (commitment.pk in listed) is mine
        expected = 200 if mine else 404
        assert client.get(f"/api/v1/commitments/{commitment.pk}/").status_code == expected
        assert client.get(f"/api/v1/sessions/{session.pk}/report/").status_code == expected
        assert client.get(f"/api/v1/sessions/{session.pk}/agenda/").status_code == expected
        if not mine:
            response = client.post(
                f"/api/v1/commitments/{commitment.pk}/close/",
                {"status": "kept", "outcome_note": "x"},
                format="json",
            )
            assert response.status_code == 404
            assert Commitment.objects.get(pk=commitment.pk).status == "open"
