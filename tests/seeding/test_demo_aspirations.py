from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

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
    # Demo officers have verified WhatsApp numbers (nothing is sent while WhatsApp is off).
    from ngopi.accounts.models import User
    from ngopi.notifications.models import ChannelAddress, Delivery

    officers = User.objects.exclude(role="administrator")
    numbers = ChannelAddress.objects.filter(channel="whatsapp", verified_at__isnull=False)
    assert numbers.count() == officers.count() > 0
    assert not Delivery.objects.filter(channel="whatsapp").exists()


@override_settings(DEBUG=True)
def test_seed_demo_e_mails_nothing_about_a_finished_aspiration(db):
    from aspirations.enums import OPEN_STATUSES
    from aspirations.services import announce_new_aspirations
    from ngopi.notifications.enums import DeliveryStatus
    from ngopi.notifications.models import Delivery, Notification

    call_command("seed_demo")
    announce_new_aspirations()  # what beat's announcer does within 20 seconds of start-up
    finished = Aspiration.objects.exclude(status__in=OPEN_STATUSES)
    assert finished.exists()
    links = [a.get_absolute_url() for a in finished]
    pending = Delivery.objects.filter(notification__url__in=links, status=DeliveryStatus.PENDING)
    assert list(pending.values_list("notification__title", flat=True)) == []
    # Nor about a session already held (its officers were told back then).
    from events.models import Session

    held = [s.get_absolute_url() for s in Session.objects.filter(starts_at__lt=timezone.now())]
    assert held
    assert not Delivery.objects.filter(notification__url__in=held, status=DeliveryStatus.PENDING).exists()
    assert Notification.objects.filter(url__in=held).exists()
    # New ones are still announced to their officer ("assigned to you", or the urgent alert).
    still_new = Aspiration.objects.filter(status=Status.NEW, assignee__isnull=False)
    assert still_new.exists()
    for aspiration in still_new:
        told = Notification.objects.filter(url=aspiration.get_absolute_url(), recipient=aspiration.assignee)
        assert told.filter(kind__in=["aspiration.assigned", "aspiration.urgent"]).exists(), aspiration
