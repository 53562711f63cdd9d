from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from events import services
from events.enums import LogAction, OfficerRole, SessionStatus
from events.models import Operation, Session, SessionLog, SessionOfficer

from .conftest import wib


def test_schedule_session_sets_scope_from_the_post(make_session, world, bhabin):
    session = make_session()
    assert session.status == SessionStatus.PLANNED
    assert session.rw == world.rw18
    assert session.unit == world.polsek
    assert session.organiser == world.polres
    assert list(session.assignments.values_list("officer__username", "role")) == [("bhabin", "lead")]
    assert session.guests.get().position == "Ketua RW 18"
    assert list(session.log.values_list("action", flat=True)) == [LogAction.SCHEDULED]


def test_schedule_refuses_an_officer_booked_in_an_overlapping_session(make_session, world, bhabin):
    make_session()
    with pytest.raises(services.SchedulingError) as excinfo:
        make_session(post=world.post_rw19, start=20, end=22, title="Balai Warga")
    assert any("sudah ditugaskan" in m and "Ngopi Kamtibmas RW 18" in m for m in excinfo.value.messages)
    assert Session.objects.count() == 1


def test_schedule_refuses_a_post_used_twice_at_once(make_session, world, other_bhabin):
    make_session()
    with pytest.raises(services.SchedulingError) as excinfo:
        make_session(start=20, end=22, lead=other_bhabin, title="Dobel")
    assert any("sudah dipesan" in m for m in excinfo.value.messages)
    day = excinfo.value.messages[0].split("(", 1)[1].split(" ", 1)[0]
    assert excinfo.value.messages == [
        f"Pos Satkamling Sekretariat RW 18 sudah dipesan untuk Ngopi Kamtibmas RW 18 ({day} 19:00–21:00 WIB)."
    ]


def test_schedule_accepts_back_to_back_sessions(make_session, world):
    make_session(start=19, end=21)
    later = make_session(post=world.post_rw19, start=21, end=23, title="Setelahnya")
    assert later.pk


def test_schedule_refuses_end_before_start(make_session):
    with pytest.raises(services.SchedulingError) as excinfo:
        make_session(start=21, end=19)
    assert excinfo.value.messages == ["Kegiatan harus berakhir setelah dimulai."]


def test_schedule_refuses_a_session_outside_its_operation(make_session, operation):
    far = timezone.localdate() + timedelta(days=90)
    with pytest.raises(services.SchedulingError) as excinfo:
        make_session(day=far, operation=operation)
    assert "Operasi Mantap Praja" in excinfo.value.messages[0]


def test_schedule_refuses_two_leads(make_session, bhabin, kapolsek):
    with pytest.raises(services.SchedulingError):
        make_session(
            officers=[
                services.OfficerSlot(officer=bhabin, role=OfficerRole.LEAD),
                services.OfficerSlot(officer=kapolsek, role=OfficerRole.LEAD),
            ]
        )


def test_database_keeps_one_lead_per_session(make_session, kapolsek):
    session = make_session()
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionOfficer.objects.create(session=session, officer=kapolsek, role=OfficerRole.LEAD)


def test_database_refuses_a_session_ending_before_it_starts(make_session):
    session = make_session()
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(ends_at=session.starts_at - timedelta(hours=1))


def test_reschedule_moves_the_time_and_records_it(make_session, binmas, kind, world, bhabin, next_week):
    session = make_session()
    services.update_session(
        actor=binmas,
        session=session,
        title=session.title,
        kind=kind,
        post=world.post_rw18,
        starts_at=wib(next_week + timedelta(days=1), 19),
        ends_at=wib(next_week + timedelta(days=1), 21),
        operation=None,
        agenda="",
        officers=[services.OfficerSlot(officer=bhabin, role=OfficerRole.LEAD)],
        guests=[],
    )
    session.refresh_from_db()
    assert timezone.localtime(session.starts_at).date() == next_week + timedelta(days=1)
    entry = session.log.last()
    assert entry.action == LogAction.RESCHEDULED
    assert "starts_at" in entry.changes
    # the history names the change in words, not by the field's name
    assert [label for label, _change in entry.change_list()] == ["Mulai", "Selesai"]
    assert entry.change_list()[0][1][1].endswith("19:00")


def test_reschedule_does_not_conflict_with_itself(make_session, binmas, kind, world, bhabin, next_week):
    session = make_session()
    services.update_session(
        actor=binmas,
        session=session,
        title="Judul baru",
        kind=kind,
        post=world.post_rw18,
        starts_at=wib(next_week, 19, 30),
        ends_at=wib(next_week, 21, 30),
        operation=None,
        agenda="",
        officers=[services.OfficerSlot(officer=bhabin, role=OfficerRole.LEAD)],
        guests=[],
    )
    assert Session.objects.get(pk=session.pk).title == "Judul baru"


def test_postpone_then_reschedule_makes_it_planned_again(
    make_session, binmas, kind, world, bhabin, next_week
):
    session = make_session()
    services.postpone_session(actor=binmas, session=session, reason="Hujan deras")
    session.refresh_from_db()
    assert (session.status, session.status_reason) == (SessionStatus.POSTPONED, "Hujan deras")
    services.update_session(
        actor=binmas,
        session=session,
        title=session.title,
        kind=kind,
        post=world.post_rw18,
        starts_at=wib(next_week + timedelta(days=2), 19),
        ends_at=wib(next_week + timedelta(days=2), 21),
        operation=None,
        agenda="",
        officers=[services.OfficerSlot(officer=bhabin, role=OfficerRole.LEAD)],
        guests=[],
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    assert session.status_reason == ""


def test_postpone_needs_a_reason(make_session, binmas):
    session = make_session()
    with pytest.raises(services.TransitionError):
        services.postpone_session(actor=binmas, session=session, reason="  ")
    assert Session.objects.get(pk=session.pk).status == SessionStatus.PLANNED


def test_cancelled_session_frees_the_post_and_cannot_come_back(make_session, binmas, kind, world, bhabin):
    session = make_session()
    services.cancel_session(actor=binmas, session=session, reason="Situasi tidak kondusif")
    again = make_session(title="Pengganti")  # the post and the officer are free again
    assert again.pk
    with pytest.raises(services.TransitionError):
        services.postpone_session(actor=binmas, session=Session.objects.get(pk=session.pk), reason="x")


def test_held_then_reported(make_session, bhabin, next_week):
    session = make_session()
    with time_machine.travel(wib(next_week, 18, 45)), pytest.raises(services.TransitionError):
        services.mark_held(actor=bhabin, session=session)
    with time_machine.travel(wib(next_week, 19, 15)):
        services.mark_held(actor=bhabin, session=session)
    with time_machine.travel(wib(next_week, 22, 0)):
        report = services.file_report(
            actor=bhabin,
            session=session,
            residents_count=40,
            leaders_count=5,
            agencies_count=2,
            summary="Dialog berjalan baik",
        )
    session.refresh_from_db()
    assert session.status == SessionStatus.REPORTED
    assert report.total_attendance == 47
    assert list(session.log.values_list("action", flat=True)) == ["scheduled", "held", "reported"]


def test_report_straight_from_planned_records_held(make_session, bhabin, next_week):
    session = make_session()
    with time_machine.travel(wib(next_week, 22, 0)):
        services.file_report(
            actor=bhabin,
            session=session,
            residents_count=10,
            leaders_count=0,
            agencies_count=0,
            summary="Singkat",
        )
    assert list(session.log.values_list("action", flat=True)) == ["scheduled", "held", "reported"]


def test_report_before_the_session_is_refused(make_session, bhabin):
    session = make_session()
    with pytest.raises(services.TransitionError):
        services.file_report(
            actor=bhabin,
            session=session,
            residents_count=1,
            leaders_count=0,
            agencies_count=0,
            summary="Terlalu cepat",
        )


def test_second_report_is_refused_but_a_correction_is_recorded(make_session, bhabin, next_week):
    session = make_session()
    with time_machine.travel(wib(next_week, 22, 0)):
        report = services.file_report(
            actor=bhabin,
            session=session,
            residents_count=10,
            leaders_count=0,
            agencies_count=0,
            summary="Awal",
        )
        with pytest.raises(services.TransitionError):
            services.file_report(
                actor=bhabin,
                session=Session.objects.get(pk=session.pk),
                residents_count=1,
                leaders_count=0,
                agencies_count=0,
                summary="Lagi",
            )
    services.correct_report(actor=bhabin, report=report, residents_count=12, summary="Awal (koreksi)")
    report.refresh_from_db()
    assert report.residents_count == 12
    entry = SessionLog.objects.filter(session=session).order_by("id").last()
    assert entry.action == LogAction.REPORT_CORRECTED
    assert entry.changes["residents_count"] == [10, 12]


def test_report_not_held_postpones_with_the_reason(make_session, bhabin):
    session = make_session()
    services.report_not_held(actor=bhabin, session=session, postponed=True, reason="Listrik padam")
    session.refresh_from_db()
    assert session.status == SessionStatus.POSTPONED
    assert session.status_reason == "Listrik padam"


@pytest.mark.parametrize(
    ("persona", "unit"),
    [
        ("binmas", "polda"),  # scheduling staff of a Polres: the Polda above is not his
        ("binmas", "polres_depok"),  # nor a neighbouring Polres
        ("kapolsek", "polres"),  # a Polsek commander: not the Polres above him
        ("bhabin", "polsek"),  # a Bhabinkamtibmas plans no operation, not even of his own Polsek
    ],
)
def test_create_operation_refuses_who_does_not_schedule_for_the_unit(request, world, persona, unit):
    actor = request.getfixturevalue(persona)
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.create_operation(
            actor=actor, name="Operasi Liar", unit=getattr(world, unit), starts_on=today, ends_on=today
        )
    assert not Operation.objects.filter(name="Operasi Liar").exists()


def test_create_operation_for_a_unit_below_the_actor(world, kapolres):
    today = timezone.localdate()
    operation = services.create_operation(
        actor=kapolres, name="Operasi Polsek", unit=world.polsek, starts_on=today, ends_on=today
    )
    assert operation.unit == world.polsek


def test_operation_must_end_after_it_starts(world, dirbinmas):
    today = timezone.localdate()
    with pytest.raises(services.SchedulingError):
        services.create_operation(
            actor=dirbinmas, name="X", unit=world.polda, starts_on=today, ends_on=today - timedelta(days=1)
        )
