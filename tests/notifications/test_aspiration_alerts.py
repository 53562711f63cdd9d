"""Aspiration alerts and escalations: immediate ones from the services, time-based ones from the
sweeper (time moved with time-machine)."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from aspirations import services
from aspirations.enums import Priority
from aspirations.models import Aspiration, Category, OutcomeCode
from aspirations.reminders import reminder_lead
from aspirations.tasks import daily_digest
from ngopi.notifications.models import Notification
from ngopi.notifications.services import run_reminder_rules
from tests.aspirations.factories import make_aspiration
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def chain(world, bhabin, kapolsek, kapolres, dirbinmas, kapolres_depok):
    return {
        "bhabin": bhabin,
        "kapolsek": kapolsek,
        "kapolres": kapolres,
        "dirbinmas": dirbinmas,
        "kapolres_depok": kapolres_depok,
    }


@pytest.fixture
def normal(db):
    return Category.objects.filter(default_priority=Priority.NORMAL).order_by("order").first()


def got(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.count()


def triage(aspiration, actor):
    return services.triage_aspiration(
        actor=actor,
        aspiration=aspiration,
        kind=aspiration.kind,
        category=aspiration.category,
        priority=aspiration.priority,
    )


def sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        return run_reminder_rules()


def test_new_aspiration_is_announced_to_its_assignee_once_by_the_announcer(world, chain):
    aspiration = make_aspiration(rw=world.rw18)
    # The submission itself is one insert: the "assigned to you" notice comes from the task.
    assert got(chain["bhabin"]) == 0
    assert Aspiration.objects.get(pk=aspiration.pk).announced_at is None
    assert services.announce_new_aspirations() == 1
    note = Notification.objects.get(recipient=chain["bhabin"])
    assert note.kind == "aspiration.assigned"
    assert aspiration.code in note.title
    assert note.url == f"/staf/aspirasi/{aspiration.pk}/"
    assert got(chain["kapolsek"]) == 0
    assert Aspiration.objects.get(pk=aspiration.pk).announced_at is not None
    # Run again (beat every 20 s, or twice at once): nothing is announced twice.
    assert services.announce_new_aspirations() == 0
    assert got(chain["bhabin"]) == 1


def test_announcer_works_in_batches_and_skips_aspirations_without_assignee(world, chain):
    for _ in range(5):
        make_aspiration(rw=world.rw18)
    orphan = make_aspiration(rw=world.rw18)
    Aspiration.objects.filter(pk=orphan.pk).update(assignee=None)
    assert services.announce_new_aspirations(batch=2) == 6
    assert got(chain["bhabin"], "aspiration.assigned") == 5
    assert not Aspiration.objects.filter(announced_at__isnull=True).exists()


def test_urgent_aspiration_is_announced_at_submission_not_again(world, chain):
    aspiration = make_aspiration(rw=world.rw18, urgent=True)
    assert Aspiration.objects.get(pk=aspiration.pk).announced_at is not None
    assert services.announce_new_aspirations() == 0
    assert got(chain["bhabin"]) == 1  # the urgent alert, not an extra "assigned"


def test_urgent_aspiration_alerts_assignee_and_kapolsek_then_climbs_if_not_acknowledged(world, chain):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        aspiration = make_aspiration(rw=world.rw18, urgent=True)
    assert got(chain["bhabin"], "aspiration.urgent") == 1
    assert got(chain["kapolsek"], "aspiration.urgent") == 1
    assert Notification.objects.filter(kind="aspiration.urgent", urgent=True).count() == 2
    sweep_at(start + timedelta(minutes=59))
    assert got(chain["kapolres"]) == 0
    sweep_at(start + timedelta(minutes=61))
    assert got(chain["kapolres"], "aspiration.urgent") == 1
    assert got(chain["dirbinmas"]) == 0
    sweep_at(start + timedelta(minutes=121))
    assert got(chain["dirbinmas"], "aspiration.urgent") == 1
    assert got(chain["kapolres_depok"]) == 0
    assert Aspiration.objects.get(pk=aspiration.pk).acknowledged_at is None


def test_acknowledged_urgent_aspiration_does_not_climb(world, chain):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        aspiration = make_aspiration(rw=world.rw18, urgent=True)
    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        services.add_note(actor=chain["bhabin"], aspiration=aspiration, text="Menuju lokasi")
    sweep_at(start + timedelta(minutes=130))
    assert got(chain["kapolres"]) == 0 and got(chain["dirbinmas"]) == 0


def test_overdue_climbs_one_level_per_period(world, chain, normal):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        aspiration = make_aspiration(rw=world.rw18, category=normal)
    aspiration = Aspiration.objects.get(pk=aspiration.pk)
    assert aspiration.priority == Priority.NORMAL
    due = aspiration.due_at
    sweep_at(due - reminder_lead(Priority.NORMAL) - timedelta(minutes=1))
    assert got(chain["bhabin"], "aspiration.due") == 0
    sweep_at(due - reminder_lead(Priority.NORMAL) + timedelta(minutes=1))
    assert got(chain["bhabin"], "aspiration.due") == 1  # reminded 18 hours before the due time
    sweep_at(due + timedelta(minutes=1))
    assert got(chain["kapolsek"], "aspiration.overdue") == 1
    assert got(chain["kapolres"]) == 0
    sweep_at(due + timedelta(days=3, minutes=1))
    assert got(chain["kapolres"], "aspiration.overdue") == 1
    assert got(chain["dirbinmas"]) == 0
    sweep_at(due + timedelta(days=6, minutes=1))
    assert got(chain["dirbinmas"], "aspiration.overdue") == 1
    sweep_at(due + timedelta(days=6, minutes=5))
    assert Notification.objects.filter(kind="aspiration.overdue").count() == 3  # never twice


def test_resolved_before_due_gets_no_reminder_or_escalation(world, chain):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        aspiration = make_aspiration(rw=world.rw18)
    outcome = OutcomeCode.objects.first()
    triage(aspiration, chain["bhabin"])
    services.resolve_aspiration(
        actor=chain["bhabin"], aspiration=aspiration, outcome=outcome, resolution="Sudah ditangani"
    )
    due = Aspiration.objects.get(pk=aspiration.pk).due_at
    sweep_at(due - timedelta(hours=23))
    sweep_at(due + timedelta(days=7))
    assert Notification.objects.exclude(kind="aspiration.assigned").count() == 0


def test_working_day_deadline_skips_a_holiday_and_so_does_the_reminder(world, chain, normal):
    # Wednesday 24 Dec 2025 10:00 WIB, normal priority: 3 working days skip Christmas (25th) and the
    # weekend, so it is due Tuesday 30 Dec 10:00; the reminder comes a day before, not on the 26th.
    received = timezone.make_aware(timezone.datetime(2025, 12, 24, 10, 0))
    with time_machine.travel(received, tick=False):
        aspiration = make_aspiration(rw=world.rw18, category=normal)
    due = timezone.localtime(Aspiration.objects.get(pk=aspiration.pk).due_at)
    assert due.date() > timezone.datetime(2025, 12, 27).date()
    sweep_at(received + timedelta(days=2))
    assert got(chain["bhabin"], "aspiration.due") == 0
    sweep_at(due - timedelta(hours=2))
    assert got(chain["bhabin"], "aspiration.due") == 1


def test_reporter_reply_notifies_the_assignee(world, chain):
    aspiration = make_aspiration(rw=world.rw18)
    triage(aspiration, chain["bhabin"])
    services.ask_reporter(actor=chain["bhabin"], aspiration=aspiration, question="Jam berapa kejadiannya?")
    services.reply_as_reporter(aspiration=Aspiration.objects.get(pk=aspiration.pk), text="Sekitar jam 23.00")
    assert got(chain["bhabin"], "aspiration.reply") == 1


def test_reassignment_notifies_the_new_assignee(world, chain):
    aspiration = make_aspiration(rw=world.rw18)
    colleague = UserFactory(username="bhabin-lain", unit=world.polsek)
    services.assign_aspiration(actor=chain["kapolsek"], aspiration=aspiration, assignee=colleague)
    assert got(colleague, "aspiration.assigned") == 1


def test_daily_digest_is_scoped_and_empty_ones_are_not_sent(world, chain):
    make_aspiration(rw=world.rw18, urgent=True)
    Notification.objects.all().delete()
    with transaction.atomic():
        daily_digest()
    kapolsek_digest = Notification.objects.get(recipient=chain["kapolsek"], kind="digest.daily")
    assert "1" in kapolsek_digest.body
    assert got(chain["kapolres"], "digest.daily") == 1
    assert got(chain["kapolres_depok"], "digest.daily") == 0  # nothing in Depok: no digest
    daily_digest()
    assert Notification.objects.filter(kind="digest.daily").count() == 3  # once a day


def test_urgent_alert_is_emailed_even_when_the_user_turned_emails_off(world, chain):
    from ngopi.notifications.services import set_email_preference

    set_email_preference(user=chain["kapolsek"], kind="aspiration.urgent", email=False)
    make_aspiration(rw=world.rw18, urgent=True)
    note = Notification.objects.get(recipient=chain["kapolsek"])
    assert list(note.deliveries.values_list("channel", "status")) == [("email", "pending")]
