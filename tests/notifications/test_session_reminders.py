from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from events import services
from events.enums import OfficerRole
from ngopi.notifications.models import Notification
from ngopi.notifications.services import deliver_pending, run_reminder_rules, set_email_preference
from tests.events.conftest import wib


@pytest.fixture
def session(make_session, kapolsek, bhabin):
    session = make_session(
        officers=[
            services.OfficerSlot(officer=bhabin, role=OfficerRole.LEAD),
            services.OfficerSlot(officer=kapolsek, role=OfficerRole.SPEAKER),
        ]
    )
    # Scheduling told both officers of their assignment (tests/events/test_assignment_notices.py);
    # these tests count the reminders that follow.
    assert Notification.objects.filter(kind="session.assigned").count() == 2
    Notification.objects.filter(kind="session.assigned").delete()
    return session


def sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        return run_reminder_rules()


def titles(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_reminders_24h_and_2h_reach_every_assigned_officer_once(session, bhabin, kapolsek, next_week):
    assert sweep_at(wib(next_week, 19) - timedelta(hours=25)) == 0
    assert sweep_at(wib(next_week, 19) - timedelta(hours=23)) == 2
    assert sweep_at(wib(next_week, 19) - timedelta(hours=22)) == 0  # never twice
    assert sweep_at(wib(next_week, 19) - timedelta(minutes=90)) == 2
    assert sweep_at(wib(next_week, 19) - timedelta(minutes=30)) == 0
    assert len(titles(bhabin)) == 2
    assert Notification.objects.filter(recipient=kapolsek).count() == 2


def test_session_booked_an_hour_ahead_gets_only_the_2h_reminder(make_session, bhabin, next_week):
    make_session(start=19, end=21)
    assert sweep_at(wib(next_week, 18)) == 1
    assert Notification.objects.get(recipient=bhabin, kind="session.reminder").key.endswith(
        f"remind_2h:{next_week:%Y%m%d}T1200"
    )


def test_rescheduled_session_is_reminded_for_its_new_time_only(
    session, binmas, kind, world, bhabin, kapolsek, next_week
):
    sweep_at(wib(next_week, 19) - timedelta(hours=23))  # 24h reminder for the old time went out
    new_day = next_week + timedelta(days=2)
    services.update_session(
        actor=binmas,
        session=session,
        title=session.title,
        kind=kind,
        post=world.post_rw18,
        starts_at=wib(new_day, 19),
        ends_at=wib(new_day, 21),
        operation=None,
        agenda="",
        officers=[services.OfficerSlot(officer=bhabin, role=OfficerRole.LEAD)],
        guests=[],
    )
    assert Notification.objects.filter(recipient=bhabin, kind="session.changed").count() == 1
    assert sweep_at(wib(next_week, 19) - timedelta(minutes=90)) == 0  # the old time: nothing
    assert sweep_at(wib(new_day, 19) - timedelta(hours=23)) == 1  # only bhabin is still assigned
    assert sweep_at(wib(new_day, 19) - timedelta(minutes=90)) == 1


def test_cancelled_session_is_not_reminded_but_its_cancellation_is_told(
    session, binmas, bhabin, kapolsek, next_week
):
    services.cancel_session(actor=binmas, session=session, reason="Cuaca buruk")
    cancelled = Notification.objects.filter(kind="session.changed")
    assert {n.recipient.username for n in cancelled} == {"bhabin", "kapolsek"}
    assert "Cuaca buruk" in cancelled.first().body
    assert sweep_at(wib(next_week, 19) - timedelta(hours=23)) == 0
    assert sweep_at(wib(next_week, 19) - timedelta(minutes=90)) == 0


def test_report_reminders_go_to_the_lead_then_the_commander(session, bhabin, kapolsek, world, next_week):
    from tests.factories import UserFactory

    kapolres = UserFactory(username="kapolres-x", role="commander", unit=world.polres)
    end = wib(next_week, 21)
    assert sweep_at(end + timedelta(hours=23)) == 0
    assert sweep_at(end + timedelta(days=1, minutes=1)) == 1
    assert sweep_at(end + timedelta(days=3, minutes=1)) == 1
    assert sweep_at(end + timedelta(days=5, minutes=1)) == 1
    missing = Notification.objects.get(kind="session.report_missing")
    assert missing.recipient == kapolsek  # the Polsek's commander, not the Polres'
    assert not Notification.objects.filter(recipient=kapolres).exists()
    assert Notification.objects.filter(recipient=bhabin, kind="session.report_due").count() == 2


def test_filed_report_stops_the_report_reminders(session, bhabin, next_week):
    end = wib(next_week, 21)
    with time_machine.travel(end + timedelta(hours=2)):
        services.file_report(
            actor=bhabin, session=session, residents_count=10, leaders_count=1, agencies_count=0, summary="ok"
        )
    assert sweep_at(end + timedelta(days=1, minutes=1)) == 0
    assert sweep_at(end + timedelta(days=5, minutes=1)) == 0


def test_email_is_sent_once_in_the_users_language(session, bhabin, kapolsek, next_week):
    kapolsek.language = "en"
    kapolsek.save()
    moment = wib(next_week, 19) - timedelta(hours=23)
    sweep_at(moment)
    with time_machine.travel(moment + timedelta(seconds=5)):
        assert deliver_pending() == 2
        assert deliver_pending() == 0
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 2
    assert any("Tomorrow:" in s for s in subjects)
    assert any("Besok" in s or "besok" in s.lower() for s in subjects)


def test_email_preference_turns_reminder_emails_off_but_not_the_inbox(session, bhabin, kapolsek, next_week):
    set_email_preference(user=bhabin, kind="session.reminder", email=False)
    moment = wib(next_week, 19) - timedelta(hours=23)
    sweep_at(moment)
    with time_machine.travel(moment + timedelta(seconds=5)):
        deliver_pending()
    assert [m.to for m in mail.outbox] == [[kapolsek.email]]
    assert Notification.objects.filter(recipient=bhabin).count() == 1
