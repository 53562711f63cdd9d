from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from events import services
from events.enums import OfficerRole
from events.models import SessionKind
from ngopi.core.dates import at_wib


def wib(day: date, hour: int, minute: int = 0) -> datetime:
    return at_wib(day, time(hour, minute))


@pytest.fixture
def kind(db):
    return SessionKind.objects.get(name="Ngopi Kamtibmas")


@pytest.fixture
def next_week():
    return timezone.localdate() + timedelta(days=7)


@pytest.fixture
def operation(world, dirbinmas):
    today = timezone.localdate()
    return services.create_operation(
        actor=dirbinmas,
        name="Operasi Mantap Praja",
        unit=world.polda,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=60),
    )


@pytest.fixture
def make_session(world, kind, binmas, bhabin, next_week):
    def _make(
        *,
        post=None,
        day=None,
        start=19,
        end=21,
        lead=None,
        operation=None,
        title="Ngopi Kamtibmas RW 18",
        actor=None,
        officers=None,
        ends_at=None,
    ):
        lead = lead or bhabin
        slots = (
            officers if officers is not None else [services.OfficerSlot(officer=lead, role=OfficerRole.LEAD)]
        )
        return services.schedule_session(
            actor=actor or binmas,
            kind=kind,
            title=title,
            post=post or world.post_rw18,
            starts_at=wib(day or next_week, start),
            ends_at=ends_at or wib(day or next_week, end),
            organiser=world.polres,
            operation=operation,
            officers=slots,
            guests=[services.Guest(position="Ketua RW 18", name="Hasan")],
        )

    return _make
