"""Who is told what: each message's title in its recipient's language, and the idempotency keys
(stored in the database: a key that changes form would send every pending reminder again)."""

from datetime import UTC, date, timedelta

import pytest
import time_machine
from django.utils import translation

from aspirations import services
from aspirations.enums import Priority
from aspirations.models import Aspiration, Category
from events import services as event_services
from events.enums import OfficerRole
from ngopi.notifications.models import Notification
from ngopi.notifications.services import run_reminder_rules
from tests.aspirations.factories import make_aspiration
from tests.events.conftest import kind, make_session, next_week, wib  # noqa: F401  (shared fixtures)

MONDAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        return run_reminder_rules()


def sweep_through(*moments):
    for moment in moments:
        sweep_at(moment)


def stored_keys() -> set[str]:
    return set(Notification.objects.values_list("key", flat=True))


def speaks(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return user


def title_of(user, what):
    return Notification.objects.get(recipient=user, kind=what).title


def test_aspiration_alerts_are_titled_in_each_recipients_language(world, bhabin, kapolsek, kapolres):
    speaks(kapolsek, "en")
    speaks(kapolres, "en")
    start = wib(MONDAY, 9)
    # The submission comes through an English page; the sweeper runs in the default language.
    with time_machine.travel(start, tick=False), translation.override("en"):
        aspiration = make_aspiration(rw=world.rw18, urgent=True)
    assert title_of(kapolsek, "aspiration.urgent").startswith(f"URGENT, happening now: {aspiration.code}")
    assert title_of(bhabin, "aspiration.urgent").startswith(f"MENDESAK, sedang terjadi: {aspiration.code}")
    sweep_at(start + timedelta(minutes=61))
    assert (
        title_of(kapolres, "aspiration.urgent")
        == f"Urgent, not acknowledged for 1 hour(s): {aspiration.code}"
    )
    body = Notification.objects.get(recipient=kapolres).body
    assert "RW 18, Pekayon Jaya" in body and "WIB." in body


def test_due_soon_and_overdue_are_titled_in_the_recipients_language(world, bhabin, kapolsek):
    speaks(kapolsek, "en")
    normal = Category.objects.filter(default_priority=Priority.NORMAL).order_by("order").first()
    with time_machine.travel(wib(MONDAY, 9), tick=False):
        aspiration = make_aspiration(rw=world.rw18, category=normal)
    due = Aspiration.objects.get(pk=aspiration.pk).due_at
    with translation.override("en"):
        sweep_at(due - timedelta(hours=1))
        sweep_at(due + timedelta(minutes=1))
    assert title_of(bhabin, "aspiration.due") == f"Mendekati tenggat: {aspiration.code}"
    assert title_of(kapolsek, "aspiration.overdue") == f"Overdue: {aspiration.code}"


def test_aspiration_keys_keep_their_form(world, bhabin, kapolsek, kapolres, dirbinmas):
    start = wib(MONDAY, 9)
    with time_machine.travel(start, tick=False):
        urgent = make_aspiration(rw=world.rw18, urgent=True, description="Tawuran sedang terjadi")
        plain = make_aspiration(rw=world.rw18)
    services.triage_aspiration(
        actor=bhabin, aspiration=plain, kind=plain.kind, category=plain.category, priority=Priority.HIGH
    )
    sweep_through(start + timedelta(minutes=61), start + timedelta(minutes=121))
    due = Aspiration.objects.get(pk=plain.pk).due_at
    sweep_through(*(due + timedelta(hours=hours, seconds=30) for hours in (-1, 0, 24, 48)))
    stamp = f"{due:%Y%m%dT%H%M}"  # the due time in UTC, as stored
    assert {
        f"aspiration:{urgent.pk}:urgent",
        f"aspiration:{urgent.pk}:urgent_polres",
        f"aspiration:{urgent.pk}:urgent_polda",
        f"aspiration:{plain.pk}:due_soon:{stamp}",
        f"aspiration:{plain.pk}:overdue1:{stamp}",
        f"aspiration:{plain.pk}:overdue2:{stamp}",
        f"aspiration:{plain.pk}:overdue3:{stamp}",
    } <= stored_keys()


def test_session_keys_keep_their_form(make_session, bhabin, kapolsek, binmas, next_week):  # noqa: F811
    session = make_session(
        officers=[
            event_services.OfficerSlot(officer=bhabin, role=OfficerRole.LEAD),
            event_services.OfficerSlot(officer=kapolsek, role=OfficerRole.SPEAKER),
        ]
    )
    start, end = wib(next_week, 19), wib(next_week, 21)
    sweep_through(start - timedelta(hours=23), start - timedelta(hours=1))
    sweep_through(*(end + timedelta(days=days, minutes=1) for days in (1, 3, 5)))
    with time_machine.travel(end + timedelta(days=5, minutes=2), tick=False):
        event_services.cancel_session(actor=binmas, session=session, reason="Hujan deras")
    session.refresh_from_db()
    stamp = f"{session.starts_at:%Y%m%dT%H%M}"  # the start in UTC, as stored
    assert stamp == f"{start.astimezone(UTC):%Y%m%dT%H%M}"
    assert {
        f"session:{session.pk}:remind_24h:{stamp}",
        f"session:{session.pk}:remind_2h:{stamp}",
        f"session:{session.pk}:report_1d:{stamp}",
        f"session:{session.pk}:report_3d:{stamp}",
        f"session:{session.pk}:report_missing:{stamp}",
        f"session:{session.pk}:cancelled:{session.updated_at:%Y%m%dT%H%M%S%f}",
    } <= stored_keys()
