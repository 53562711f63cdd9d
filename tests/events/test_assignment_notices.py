"""Officers are told when they are put on a session, given another role or taken off it."""

from events import services
from events.enums import OfficerRole
from events.models import Session
from ngopi.notifications.models import Notification
from ngopi.notifications.services import set_email_preference

from .conftest import wib


def _notes(user):
    return list(Notification.objects.filter(recipient=user, kind="session.assigned").order_by("pk"))


def _edit(session, actor, officers):
    session = Session.objects.get(pk=session.pk)
    return services.update_session(
        actor=actor,
        session=session,
        title=session.title,
        kind=session.kind,
        post=session.post,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        operation=session.operation,
        agenda=session.agenda,
        officers=officers,
        guests=[],
    )


def test_officer_scheduled_for_a_session_is_told_in_app_and_by_email(make_session, bhabin):
    session = make_session()
    [note] = _notes(bhabin)
    assert note.title == f"Ditugaskan: {session.title}"
    assert "Pos Satkamling Sekretariat RW 18" in note.body
    assert "\nPeran Anda: " in note.body  # was "Your role": lost to makemessages in an f-string
    assert note.url == session.get_absolute_url()
    assert list(note.deliveries.values_list("channel", "status")) == [("email", "pending")]


def test_officer_who_turned_emails_off_is_told_in_app_only(make_session, bhabin):
    set_email_preference(user=bhabin, kind="session.assigned", email=False)
    make_session()
    [note] = _notes(bhabin)
    assert not note.deliveries.exists()


def test_officer_added_changed_and_removed_are_each_told_once(make_session, bhabin, other_bhabin, binmas):
    session = make_session()
    lead = services.OfficerSlot(officer=bhabin, role=OfficerRole.LEAD)
    _edit(session, binmas, [lead, services.OfficerSlot(officer=other_bhabin, role=OfficerRole.ATTENDING)])
    assert [n.title for n in _notes(other_bhabin)] == [f"Ditugaskan: {session.title}"]
    assert len(_notes(bhabin)) == 1  # unchanged: not told again
    _edit(session, binmas, [lead, services.OfficerSlot(officer=other_bhabin, role=OfficerRole.SPEAKER)])
    assert _notes(other_bhabin)[-1].title == f"Peran Anda berubah: {session.title}"
    _edit(session, binmas, [lead])
    assert _notes(other_bhabin)[-1].title == f"Tidak lagi ditugaskan: {session.title}"
    assert len(_notes(other_bhabin)) == 3
    _edit(session, binmas, [lead])  # nothing changed: nothing told
    assert len(_notes(other_bhabin)) == 3


def test_batch_tells_each_officer_once_listing_his_posts(
    world, bhabin, other_bhabin, binmas, kind, next_week
):
    batch, plan = services.schedule_batch(
        actor=binmas,
        title="Serentak Cooling System",
        kind=kind,
        unit=world.polres,
        starts_at=wib(next_week, 19),
        ends_at=wib(next_week, 21),
    )
    assert len(plan.ready) == 3
    [note] = _notes(bhabin)  # two sessions, one notice
    assert note.title == "Ditugaskan: Serentak Cooling System"
    assert "2 kegiatan" in note.body
    assert "Pos Satkamling Sekretariat RW 18" in note.body and "Balai Warga RW 19" in note.body
    assert note.url == batch.get_absolute_url()
    assert len(_notes(other_bhabin)) == 1


def test_officer_put_on_a_session_while_it_moves_gets_only_his_assignment(
    make_session, bhabin, other_bhabin, binmas, next_week
):
    """He never knew the old time: his assignment notice gives the new one. The officer who was
    on it already is told of the new time."""
    session = Session.objects.get(pk=make_session().pk)
    services.update_session(
        actor=binmas,
        session=session,
        title=session.title,
        kind=session.kind,
        post=session.post,
        starts_at=wib(next_week, 20),
        ends_at=wib(next_week, 22),
        operation=None,
        agenda=session.agenda,
        officers=[
            services.OfficerSlot(officer=bhabin, role=OfficerRole.LEAD),
            services.OfficerSlot(officer=other_bhabin, role=OfficerRole.SPEAKER),
        ],
        guests=[],
    )
    changed = Notification.objects.filter(kind="session.changed")
    assert list(changed.values_list("recipient", flat=True)) == [bhabin.pk]
    assert [n.title for n in _notes(other_bhabin)] == [f"Ditugaskan: {session.title}"]
    assert "20:00" in _notes(other_bhabin)[0].body
