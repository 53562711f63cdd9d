from datetime import timedelta

import time_machine
from django.core import mail
from django.utils import timezone

from ngopi.notifications.enums import EmailStatus
from ngopi.notifications.models import Notification
from ngopi.notifications.services import MAX_ATTEMPTS, Message, deliver_pending, notify

REFUSING = "tests.notifications.smtp_down.RefusingBackend"


def one(user):
    notify([Message(recipient=user, kind="session.changed", key="x", render=lambda: ("Dibatalkan", "Hujan"))])
    return Notification.objects.get(recipient=user)


def test_smtp_failure_is_retried_with_backoff_then_marked_failed(settings, bhabin):
    settings.EMAIL_BACKEND = REFUSING
    note = one(bhabin)
    moment = timezone.now()
    delays = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        with time_machine.travel(moment, tick=False):
            assert deliver_pending() == 0
        note.refresh_from_db()
        assert note.email_attempts == attempt
        assert "SMTPServerDisconnected" in note.last_error
        if attempt < MAX_ATTEMPTS:
            assert note.email_status == EmailStatus.PENDING
            delays.append(note.next_attempt_at - moment)
            with time_machine.travel(moment, tick=False):
                assert deliver_pending() == 0  # not due yet: nothing is tried
            moment = note.next_attempt_at + timedelta(seconds=1)
    assert note.email_status == EmailStatus.FAILED
    assert delays == sorted(delays) and delays[0] < delays[-1]  # backing off


def test_failed_delivery_can_be_retried_from_the_admin(client, settings, administrator, bhabin):
    settings.EMAIL_BACKEND = REFUSING
    note = one(bhabin)
    Notification.objects.filter(pk=note.pk).update(
        email_status=EmailStatus.FAILED, email_attempts=MAX_ATTEMPTS
    )
    client.force_login(administrator)
    listing = client.get("/admin/notifications/notification/", {"email_status__exact": "failed"})
    assert "Dibatalkan" in listing.content.decode()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(
        "/admin/notifications/notification/", {"action": "retry", "_selected_action": [note.pk]}
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.email_status, note.email_attempts) == (EmailStatus.PENDING, 0)
    assert deliver_pending() == 1
    assert len(mail.outbox) == 1


def test_user_without_email_gets_only_the_inbox(bhabin):
    bhabin.email = ""
    bhabin.save()
    assert one(bhabin).email_status == EmailStatus.SKIPPED
    assert deliver_pending() == 0
