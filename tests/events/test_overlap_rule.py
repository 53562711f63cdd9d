"""The one overlap rule (events/services/booking.py): a post holds one session at a time; an
officer is in one place at a time except inside one serentak batch. Each combination."""

import pytest

from events import services
from events.enums import OfficerRole
from events.models import Session

from .conftest import wib


def _batch(actor, kind, unit, day, start=19, end=21, title="Serentak"):
    return services.schedule_batch(
        actor=actor, title=title, kind=kind, unit=unit, starts_at=wib(day, start), ends_at=wib(day, end)
    )


def _edit(session, actor, **changes):
    session = Session.objects.get(pk=session.pk)
    values = {
        "title": session.title,
        "kind": session.kind,
        "post": session.post,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "operation": session.operation,
        "agenda": session.agenda,
        "officers": [services.OfficerSlot(officer=a.officer, role=a.role) for a in session.assignments.all()],
        "guests": [],
    }
    values.update(changes)
    return services.update_session(actor=actor, session=session, **values)


def test_single_session_overlapping_the_officers_other_session_is_refused(make_session, world, next_week):
    make_session(post=world.post_rw18, start=19, end=21)
    with pytest.raises(services.SchedulingError) as exc:
        make_session(post=world.post_rw19, start=20, end=22)
    assert len(exc.value.messages) == 1
    assert "sudah ditugaskan" in exc.value.messages[0]


def test_batch_gives_one_officer_his_posts_at_once_with_a_warning(world, bhabin, binmas, kind, next_week):
    batch, plan = _batch(binmas, kind, world.polsek, next_week)
    assert {s.post.name for s in batch.sessions.all()} == {
        "Pos Satkamling Sekretariat RW 18",
        "Balai Warga RW 19",
    }
    assert all(item.warnings for item in plan.ready)


def test_single_session_overlapping_a_batch_of_its_officer_is_refused(
    world, bhabin, binmas, kind, next_week, make_session
):
    _batch(binmas, kind, world.polsek, next_week)
    other_post = services.batch_posts(unit=world.polres).exclude(rw__parent=world.pekayon).first()
    with pytest.raises(services.SchedulingError) as exc:
        make_session(post=other_post, start=20, end=22)
    assert len(exc.value.messages) == 1


def test_batch_leaves_out_only_the_posts_whose_officer_is_busy_elsewhere(
    world, bhabin, other_bhabin, binmas, kind, next_week, make_session
):
    make_session(post=world.post_rw03, lead=other_bhabin)  # bhabin2 busy at RW 03
    batch, plan = _batch(binmas, kind, world.polres, next_week)
    assert {s.post.name for s in batch.sessions.all()} == {
        "Pos Satkamling Sekretariat RW 18",
        "Balai Warga RW 19",
    }
    assert [item.post.name for item in plan.conflicts] == ["Pos Kamling RW 03"]


def test_batch_overlapping_another_batch_is_refused(world, bhabin, binmas, kind, next_week):
    _batch(binmas, kind, world.polsek, next_week)
    with pytest.raises(services.SchedulingError):
        _batch(binmas, kind, world.polsek, next_week, start=20, end=22, title="Kedua")


def test_edit_of_a_batch_session_changing_only_the_agenda_is_saved(world, bhabin, binmas, kind, next_week):
    batch, _plan = _batch(binmas, kind, world.polsek, next_week)
    session = batch.sessions.order_by("pk").first()
    _edit(session, binmas, agenda="Narkoba dan tawuran pelajar")
    session.refresh_from_db()
    assert session.agenda == "Narkoba dan tawuran pelajar"


def test_edit_of_a_batch_session_changing_the_time_keeps_its_siblings(world, bhabin, binmas, kind, next_week):
    batch, _plan = _batch(binmas, kind, world.polsek, next_week)
    session = batch.sessions.order_by("pk").first()
    _edit(session, binmas, starts_at=wib(next_week, 20), ends_at=wib(next_week, 22))
    session.refresh_from_db()
    assert session.starts_at == wib(next_week, 20)


def test_edit_of_a_batch_session_into_the_officers_other_session_is_refused(
    world, bhabin, binmas, kind, next_week, make_session
):
    batch, _plan = _batch(binmas, kind, world.polsek, next_week)
    other_post = services.batch_posts(unit=world.polres).exclude(rw__parent=world.pekayon).first()
    make_session(post=other_post, start=10, end=12)
    session = batch.sessions.order_by("pk").first()
    with pytest.raises(services.SchedulingError) as exc:
        _edit(session, binmas, starts_at=wib(next_week, 11), ends_at=wib(next_week, 13))
    assert len(exc.value.messages) == 1


def test_edit_of_a_single_session_never_clashes_with_itself(make_session, binmas):
    session = make_session()
    _edit(
        session,
        binmas,
        agenda="Parkir liar",
        officers=[services.OfficerSlot(officer=session.assignments.get().officer, role=OfficerRole.LEAD)],
    )
    session.refresh_from_db()
    assert session.agenda == "Parkir liar"
