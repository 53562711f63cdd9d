from django.core.management import call_command
from django.test import override_settings

from aspirations.enums import Status, Verification
from aspirations.models import Aspiration, TimelineEntry


@override_settings(DEBUG=True)
def test_seed_demo_has_aspirations_in_every_state_and_is_idempotent(db):
    call_command("seed_demo")
    first = (Aspiration.objects.count(), TimelineEntry.objects.count())
    call_command("seed_demo")
    assert (Aspiration.objects.count(), TimelineEntry.objects.count()) == first
    assert set(Aspiration.objects.values_list("status", flat=True)) == set(Status.values)
    tip = Aspiration.objects.get(description__startswith="Ada rencana tawuran")
    assert tip.verification == Verification.PROVEN
    assert "35 sepeda motor" in tip.verification_results
    assert tip.rw.name == "RW 18" and tip.village.name == "Pekayon Jaya"
    assert tip.session is not None and tip.session.rw == tip.rw
    assert tip.reporter_identity == ""
