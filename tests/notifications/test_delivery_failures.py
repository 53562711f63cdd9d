from datetime import timedelta

import time_machine
from django.core import mail
from django.utils import timezone

from ngopi.notifications.enums import DeliveryStatus
from ngopi.notifications.models import Delivery, Notification
from ngopi.notifications.services import MAX_ATTEMPTS, Message, deliver_pending, notify

REFUSING = "tests.notifications.smtp_down.RefusingBackend"


def one(user):
    notify([Message(recipient=user, kind="session.changed", key="x", render=lambda: ("Dibatalkan", "Hujan"))])
    return Notification.objects.get(recipient=user)


def email_of(note) -> Delivery:
    return Delivery.objects.get(notification=note, channel="email")


def test_smtp_failure_is_retried_with_backoff_then_marked_failed(settings, bhabin):
    settings.EMAIL_BACKEND = REFUSING
    email = email_of(one(bhabin))
    moment = timezone.now()
    delays = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        with time_machine.travel(moment, tick=False):
            assert deliver_pending() == 0
        email.refresh_from_db()
        assert email.attempts == attempt
        assert "SMTPServerDisconnected" in email.last_error
        if attempt < MAX_ATTEMPTS:
            assert email.status == DeliveryStatus.PENDING
            delays.append(email.next_attempt_at - moment)
            with time_machine.travel(moment, tick=False):
                assert deliver_pending() == 0  # not due yet: nothing is tried
            moment = email.next_attempt_at + timedelta(seconds=1)
    assert email.status == DeliveryStatus.FAILED
    assert email.failed_at is not None
    assert delays == sorted(delays) and delays[0] < delays[-1]  # backing off


def test_failed_delivery_can_be_retried_from_the_admin(client, settings, administrator, bhabin):
    settings.EMAIL_BACKEND = REFUSING
    email = email_of(one(bhabin))
    Delivery.objects.filter(pk=email.pk).update(status=DeliveryStatus.FAILED, attempts=MAX_ATTEMPTS)
    client.force_login(administrator)
    listing = client.get("/admin/notifications/delivery/", {"status__exact": "failed"})
    assert "Dibatalkan" in listing.content.decode()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(
        "/admin/notifications/delivery/", {"action": "retry", "_selected_action": [email.pk]}
    )
    assert response.status_code == 302
    email.refresh_from_db()
    assert (email.status, email.attempts) == (DeliveryStatus.PENDING, 0)
    assert deliver_pending() == 1
    assert len(mail.outbox) == 1
    assert (
        mail.outbox[0].extra_headers["Message-ID"]
        == f"<notification-{email.notification_id}@ngopi-kamtibmas.local>"
    )


def test_user_without_email_gets_only_the_inbox(bhabin):
    bhabin.email = ""
    bhabin.save()
    assert not one(bhabin).deliveries.exists()
    assert deliver_pending() == 0
