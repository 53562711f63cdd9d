"""The reminder rules with the clock set to every day of a week, a public holiday and its eve,
in the morning and late in the evening (WIB): a "due soon" reminder never goes out on the sweep
right after a submission, and goes out once, a quarter of the priority's period before the due
time; a session's 24-hour reminder says "today" for a session later the same day."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine

from aspirations import services
from aspirations.enums import Priority
from aspirations.models import Aspiration
from aspirations.reminders import reminder_lead
from events import services as event_services
from events.enums import OfficerRole
from events.messages import reminder_title
from ngopi.core.dates import at_wib
from ngopi.notifications.models import Notification
from ngopi.notifications.services import run_reminder_rules
from tests.aspirations.factories import make_aspiration

# Monday 7 December 2026 to Sunday 13 December, then Christmas Eve and Christmas Day (a holiday).
DAYS = [date(2026, 12, 7) + timedelta(days=n) for n in range(7)] + [date(2026, 12, 24), date(2026, 12, 25)]
HOURS = [8, 21]


def wib(day: date, hour: int, minute: int = 0) -> datetime:
    return at_wib(day, time(hour, minute))


def sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        return run_reminder_rules()


def due_soon(aspiration):
    return Notification.objects.filter(kind="aspiration.due", key__startswith=f"aspiration:{aspiration.pk}:")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("day", DAYS, ids=lambda d: f"{d:%a-%d-%m}")
def test_due_soon_reminder_never_on_the_first_sweep_and_once_before_the_due_time(world, bhabin, day):
    for hour in HOURS:
        submitted = wib(day, hour)
        made = []
        with time_machine.travel(submitted, tick=False):
            for priority in Priority.values:
                aspiration = make_aspiration(rw=world.rw18, description=f"Laporan {priority} {hour}")
                services.triage_aspiration(
                    actor=bhabin,
                    aspiration=aspiration,
                    kind=aspiration.kind,
                    category=aspiration.category,
                    priority=priority,
                )
                made.append(Aspiration.objects.get(pk=aspiration.pk))
        sweep_at(submitted + timedelta(minutes=1))
        for aspiration in made:
            assert not due_soon(aspiration).exists(), (day, hour, aspiration.priority, aspiration.due_at)
        for aspiration in made:
            remind_at = aspiration.due_at - reminder_lead(aspiration.priority)
            assert remind_at > submitted + timedelta(minutes=1)
            sweep_at(remind_at - timedelta(minutes=1))
            assert not due_soon(aspiration).exists(), (day, hour, aspiration.priority)
            sweep_at(remind_at + timedelta(minutes=1))
            sweep_at(remind_at + timedelta(minutes=2))
            assert due_soon(aspiration).count() == 1, (day, hour, aspiration.priority)


def test_reminder_lead_is_a_fraction_of_each_priority_period():
    assert reminder_lead(Priority.URGENT) == timedelta(minutes=30)
    assert reminder_lead(Priority.HIGH) == timedelta(hours=6)
    assert reminder_lead(Priority.NORMAL) == timedelta(hours=18)
    assert reminder_lead(Priority.LOW) == timedelta(hours=42)


@pytest.mark.parametrize("day", DAYS, ids=lambda d: f"{d:%a-%d-%m}")
def test_session_reminders_name_the_right_day(world, binmas, bhabin, kind, day):
    evening = event_services.schedule_session(
        actor=binmas,
        kind=kind,
        title="Ngopi malam",
        post=world.post_rw18,
        starts_at=wib(day, 20),
        ends_at=wib(day, 22),
        organiser=world.polsek,
        officers=[event_services.OfficerSlot(officer=bhabin, role=OfficerRole.LEAD)],
    )
    # The evening before: "tomorrow".
    assert sweep_at(wib(day - timedelta(days=1), 20, 30)) == 1
    # Booked in the morning of the same day: its 24-hour reminder says "today", not "tomorrow".
    Notification.objects.all().delete()
    assert sweep_at(wib(day, 7)) == 1
    assert Notification.objects.get().title == "Hari ini pukul 20:00 WIB: Ngopi malam"
    assert sweep_at(wib(day, 18, 30)) == 1
    titles = set(Notification.objects.values_list("title", flat=True))
    assert "Mulai pukul 20:00 WIB: Ngopi malam" in titles
    assert not any("Besok" in t for t in titles)
    assert reminder_title(evening, "remind_24h", wib(day - timedelta(days=1), 20, 30)) == "Besok: Ngopi malam"
