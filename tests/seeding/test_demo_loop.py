"""The demo's dialogue loop: what issue 14 promises at first run, and nothing twice."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from aspirations.models import AgendaAspiration, Aspiration
from events.enums import CommitmentStatus
from events.models import AgendaHimbauan, Commitment, Himbauan


def loop_counts():
    return (
        Himbauan.objects.count(),
        Commitment.objects.count(),
        AgendaAspiration.objects.filter(discussed=True).count(),
        AgendaHimbauan.objects.filter(discussed=True).count(),
        Aspiration.objects.filter(outcome_public=True).count(),
    )


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seed_demo_closes_the_loop_at_rw_18_once():
    call_command("seed_demo")
    first = loop_counts()
    call_command("seed_demo")
    assert loop_counts() == first

    himbauan = Himbauan.objects.get()
    assert (himbauan.area.name, himbauan.operation.name) == ("Kota Bekasi", "Operasi Mantap Praja 2024")
    commitments = Commitment.objects.filter(rw__name="RW 18")
    assert sorted(c.status for c in commitments) == [CommitmentStatus.KEPT, CommitmentStatus.OPEN]
    assert Commitment.objects.kept_on_time().count() == 1
    assert all(c.aspirations.exists() for c in commitments)
    ticked = AgendaAspiration.objects.filter(discussed=True, session__rw__name="RW 18")
    assert ticked.count() == 2 and AgendaHimbauan.objects.filter(discussed=True).count() == 1
    [published] = Aspiration.objects.filter(outcome_public=True)
    assert published.rw.name == "RW 18" and published.public_summary
