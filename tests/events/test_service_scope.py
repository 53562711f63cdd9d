"""Every service that changes a session checks its actor through the scoping rule.

A view fetches the session through ``visible_to(user)`` first; the services do it again (they
lock the row through it), so a caller elsewhere — a task, the API, a shell — cannot act outside
the actor's jurisdiction either. Out of scope: 404, as the pages say; in scope but not the
actor's job: 403. Either way nothing changes.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404

from events import services
from events.enums import BatchStatus, OfficerRole, SessionStatus
from events.models import Session, SessionBatch, SessionLog, SessionReport

from .conftest import wib

OUTSIDERS = ["other_bhabin", "kapolres_depok"]


@pytest.fixture
def session(make_session):
    return make_session()


@pytest.fixture
def outsider(request):
    return request.getfixturevalue(request.param)


def _unchanged(session):
    fresh = Session.objects.get(pk=session.pk)
    assert (fresh.status, fresh.title, fresh.starts_at) == (
        SessionStatus.PLANNED,
        session.title,
        session.starts_at,
    )
    assert list(fresh.log.values_list("action", flat=True)) == ["scheduled"]


def _update(actor, session, kind, world, bhabin, **changes):
    values = {
        "title": session.title,
        "kind": kind,
        "post": world.post_rw18,
        "starts_at": session.starts_at + timedelta(days=1),
        "ends_at": session.ends_at + timedelta(days=1),
        "operation": None,
        "agenda": "",
        "officers": [services.OfficerSlot(officer=bhabin, role=OfficerRole.LEAD)],
        "guests": [],
        **changes,
    }
    return services.update_session(actor=actor, session=session, **values)


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
def test_update_session_by_an_outsider_is_refused_and_changes_nothing(session, outsider, kind, world, bhabin):
    with pytest.raises(Http404):
        _update(outsider, session, kind, world, bhabin, title="Dibajak")
    _unchanged(session)


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
@pytest.mark.parametrize("service", [services.postpone_session, services.cancel_session])
def test_postpone_and_cancel_by_an_outsider_are_refused_and_change_nothing(session, outsider, service):
    with pytest.raises(Http404):
        service(actor=outsider, session=session, reason="Bukan wilayah saya")
    _unchanged(session)


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
def test_mark_held_and_reports_by_an_outsider_are_refused_and_change_nothing(session, outsider, next_week):
    with time_machine.travel(wib(next_week, 22)):
        with pytest.raises(Http404):
            services.mark_held(actor=outsider, session=session)
        with pytest.raises(Http404):
            services.file_report(
                actor=outsider,
                session=session,
                residents_count=99,
                leaders_count=0,
                agencies_count=0,
                summary="Laporan palsu",
            )
        with pytest.raises(Http404):
            services.report_not_held(actor=outsider, session=session, postponed=False, reason="x")
    _unchanged(session)
    assert not SessionReport.objects.exists()


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
def test_correct_report_by_an_outsider_is_refused_and_changes_nothing(session, outsider, bhabin, next_week):
    with time_machine.travel(wib(next_week, 22)):
        report = services.file_report(
            actor=bhabin,
            session=session,
            residents_count=10,
            leaders_count=0,
            agencies_count=0,
            summary="Asli",
        )
    with pytest.raises(Http404):
        services.correct_report(actor=outsider, report=report, summary="Diubah orang lain")
    report.refresh_from_db()
    assert report.summary == "Asli"
    assert not SessionLog.objects.filter(session=session, action="report_corrected").exists()


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
def test_schedule_session_at_a_post_outside_the_actors_units_is_refused(
    outsider, kind, world, bhabin, next_week
):
    with pytest.raises(PermissionDenied):
        services.schedule_session(
            actor=outsider,
            kind=kind,
            title="Di luar wilayah",
            post=world.post_rw18,
            starts_at=wib(next_week, 19),
            ends_at=wib(next_week, 21),
            organiser=outsider.unit,
            officers=[services.OfficerSlot(officer=bhabin, role=OfficerRole.LEAD)],
        )
    assert not Session.objects.exists()


def test_reschedule_to_a_post_outside_the_actors_units_is_refused(
    make_session, kapolsek, kind, world, bhabin
):
    session = make_session()
    with pytest.raises(PermissionDenied):
        _update(kapolsek, session, kind, world, bhabin, post=world.post_rw01)  # Beji, Polres Depok
    _unchanged(session)


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
def test_serentak_batch_by_an_outsider_is_refused_and_changes_nothing(
    outsider, world, bhabin, binmas, kind, next_week
):
    with pytest.raises(PermissionDenied):
        services.schedule_batch(
            actor=outsider,
            title="Serentak di luar wilayah",
            kind=kind,
            unit=world.polres,
            starts_at=wib(next_week, 19),
            ends_at=wib(next_week, 21),
        )
    assert not SessionBatch.objects.exists()
    batch, _plan = services.schedule_batch(
        actor=binmas,
        title="Serentak",
        kind=kind,
        unit=world.polres,
        starts_at=wib(next_week, 19),
        ends_at=wib(next_week, 21),
    )
    with pytest.raises(Http404):
        services.stop_batch(actor=outsider, batch=batch, cancel=True, reason="Bukan wilayah saya")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.ACTIVE
    assert not batch.sessions.exclude(status=SessionStatus.PLANNED).exists()


def test_a_lead_may_report_but_not_postpone_or_change_his_session(session, bhabin, kind, world):
    with pytest.raises(PermissionDenied):
        services.postpone_session(actor=bhabin, session=session, reason="Saya yang tunda")
    with pytest.raises(PermissionDenied):
        _update(bhabin, session, kind, world, bhabin, title="Diubah Bhabin")
    _unchanged(session)
    services.report_not_held(actor=bhabin, session=session, postponed=True, reason="Listrik padam")
    assert Session.objects.get(pk=session.pk).status == SessionStatus.POSTPONED


def test_an_officer_in_scope_who_is_not_the_lead_may_not_report(make_session, world, kind, binmas, next_week):
    from tests.factories import UserFactory

    colleague = UserFactory(username="bhabin-rekan", role="bhabinkamtibmas", unit=world.polsek)
    from ngopi.areas import services as area_services

    area_services.set_village_coverage(village=world.pekayon, polsek=world.polsek, officers=[colleague])
    session = make_session()
    with time_machine.travel(wib(next_week, 22)), pytest.raises(PermissionDenied):
        services.mark_held(actor=colleague, session=session)
    _unchanged(session)
