"""Session reports through the API: filed, "not held", corrected, by the same form, workflow
and services as the report page; another unit's session is 404 and nothing is written."""

from datetime import timedelta

import pytest

from events.enums import LogAction, SessionStatus
from events.models import SessionLog, SessionReport
from tests.aspirations.factories import jpeg_with_gps, make_session

HELD = {"held": "yes", "residents_count": 23, "leaders_count": 2, "summary": "Bahas parkir liar."}


@pytest.fixture
def session(world, binmas, bhabin):
    return make_session(post=world.post_rw18, actor=binmas, lead=bhabin)


def test_report_filed_by_the_lead_in_json(api, session, bhabin):
    response = api(bhabin).post(f"/api/v1/sessions/{session.pk}/report/", HELD, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == SessionStatus.REPORTED
    assert body["report"]["residents_count"] == 23 and body["report"]["filed_by"]["id"] == bhabin.pk
    assert "correct_report" in body["allowed_actions"]
    assert SessionLog.objects.filter(session=session, action=LogAction.REPORTED, actor=bhabin).exists()


def test_report_with_photos_in_multipart(api, session, bhabin):
    response = api(bhabin).post(
        f"/api/v1/sessions/{session.pk}/report/",
        {**HELD, "photos": [jpeg_with_gps("a.jpg"), jpeg_with_gps("b.jpg")]},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["report"]["photo_count"] == 2


def test_report_without_summary_is_invalid_and_nothing_filed(api, session, bhabin):
    response = api(bhabin, HTTP_ACCEPT_LANGUAGE="en").post(
        f"/api/v1/sessions/{session.pk}/report/", {"held": "yes", "residents_count": 5}, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"]["summary"] == ["Write a short summary of what was discussed."]
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED and not SessionReport.objects.exists()


def test_report_not_held_postpones_with_the_reason(api, session, bhabin):
    client = api(bhabin)
    response = client.post(f"/api/v1/sessions/{session.pk}/report/", {"held": "postponed"}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = client.post(
        f"/api/v1/sessions/{session.pk}/report/", {"held": "postponed", "reason": "Banjir"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == SessionStatus.POSTPONED and body["status_reason"] == "Banjir"
    assert body["report"] is None


def test_report_before_the_session_starts_is_refused(api, world, binmas, bhabin):
    ahead = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(days=2))
    response = api(bhabin).post(f"/api/v1/sessions/{ahead.pk}/report/", HELD, format="json")
    assert response.status_code == 409
    assert response.json()["type"] == "/api/problems/refused"


def test_report_by_an_officer_who_does_not_lead_it_is_forbidden(api, world, binmas, bhabin):
    unled = make_session(post=world.post_rw18, actor=binmas)
    assert api(bhabin).post(f"/api/v1/sessions/{unled.pk}/report/", HELD, format="json").status_code == 403
    assert not SessionReport.objects.exists()


def test_report_corrected_and_the_change_logged(api, session, bhabin, binmas):
    api(bhabin).post(f"/api/v1/sessions/{session.pk}/report/", HELD, format="json")
    client = api(binmas)
    response = client.put(
        f"/api/v1/sessions/{session.pk}/report/",
        {"residents_count": 30, "leaders_count": 2, "agencies_count": 1, "summary": "Bahas parkir liar."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["report"]["residents_count"] == 30
    log = SessionLog.objects.get(session=session, action=LogAction.REPORT_CORRECTED)
    assert log.actor == binmas and log.changes["residents_count"] == [23, 30]
    assert client.put(f"/api/v1/sessions/{session.pk}/report/", {}, format="json").status_code == 400


def test_correcting_a_report_not_filed_is_refused(api, session, bhabin):
    response = api(bhabin).put(
        f"/api/v1/sessions/{session.pk}/report/",
        {"residents_count": 1, "leaders_count": 0, "agencies_count": 0, "summary": "x"},
        format="json",
    )
    assert response.status_code == 409


@pytest.mark.parametrize("persona", ["other_bhabin", "kapolres_depok"])
def test_another_units_session_report_is_404_and_nothing_written(request, api, session, persona):
    client = api(request.getfixturevalue(persona))
    url = f"/api/v1/sessions/{session.pk}/report/"
    assert client.get(url).status_code == 404
    assert client.post(url, HELD, format="json").status_code == 404
    assert client.put(url, {**HELD, "agencies_count": 0}, format="json").status_code == 404
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED and not SessionReport.objects.exists()
