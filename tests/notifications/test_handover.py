"""A worker that dies while it hands a message over: the one row it was handing over, the rows it
held but never reached, and a worker that stalled past its lease (clock set, fake Graph API)."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ngopi.notifications import delivery as outbox
from ngopi.notifications.enums import DeliveryStatus
from ngopi.notifications.models import Delivery, Notification
from ngopi.notifications.services import deliver_pending, queue_chat_message
from tests.fakes.graph_api import make_status_payload

RESIDENT = "6281298765432"
LEASE, GRACE = 45, 90


@pytest.fixture(autouse=True)
def _timings(settings):
    settings.NGOPI_EMAIL_CLAIM_LEASE_SECONDS = LEASE
    settings.NGOPI_STATUS_CALLBACK_GRACE_SECONDS = GRACE


def died_holding(delivery: Delivery, *, at, handing_over: bool) -> None:
    """As a worker leaves a row when it is killed: claimed, and being handed over or not yet."""
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING,
        claimed_at=at,
        claimed_by="dead-host:1:aaaa",
        handed_at=at if handing_over else None,
    )


def whatsapp_message(key="m1") -> Delivery:
    with transaction.atomic():
        return queue_chat_message(channel="whatsapp", to=RESIDENT, text="Terima kasih", key=key)


def email_to(user) -> Delivery:
    notification = Notification.objects.create(
        recipient=user, kind="session.reminder", key="r1", title="Besok"
    )
    return Delivery.objects.create(
        notification=notification, channel="email", address=user.email, key=f"notification:{notification.pk}"
    )


def test_whatsapp_message_being_handed_over_waits_for_its_callback_and_is_not_sent_again(
    client, graph_api, db
):
    delivery = whatsapp_message()
    start = timezone.now()
    died_holding(delivery, at=start, handing_over=True)
    with time_machine.travel(start + timedelta(seconds=LEASE + 5), tick=False):  # lease lapsed
        assert deliver_pending() == 0
    assert graph_api.sent == []
    payload = make_status_payload("wamid.GOT1", "sent", RESIDENT, callback_data=f"delivery-{delivery.pk}")
    with time_machine.travel(start + timedelta(seconds=LEASE + 10), tick=False):
        graph_api.signed_webhook(client, payload)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.provider_message_id) == (DeliveryStatus.SENT, "wamid.GOT1")
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        assert deliver_pending() == 0
    assert graph_api.sent == []


def test_whatsapp_message_with_no_callback_within_the_grace_is_sent_again_once(graph_api, db):
    delivery = whatsapp_message()
    start = timezone.now()
    died_holding(delivery, at=start, handing_over=True)
    with time_machine.travel(start + timedelta(seconds=GRACE - 1), tick=False):
        assert deliver_pending() == 0
    with time_machine.travel(start + timedelta(seconds=GRACE + 1), tick=False):
        assert deliver_pending() == 1
        assert deliver_pending() == 0
    assert [m["raw"]["biz_opaque_callback_data"] for m in graph_api.sent] == [f"delivery-{delivery.pk}"]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_rows_the_dead_worker_never_reached_are_taken_over_when_the_lease_lapses(graph_api, db):
    reached, waiting = whatsapp_message("m1"), whatsapp_message("m2")
    start = timezone.now()
    died_holding(reached, at=start, handing_over=True)
    died_holding(waiting, at=start, handing_over=False)
    with time_machine.travel(start + timedelta(seconds=LEASE - 1), tick=False):
        assert deliver_pending() == 0  # the lease still holds: its worker may be alive
    with time_machine.travel(start + timedelta(seconds=LEASE + 1), tick=False):
        assert deliver_pending() == 1
    assert [m["raw"]["biz_opaque_callback_data"] for m in graph_api.sent] == [f"delivery-{waiting.pk}"]


def test_email_being_handed_over_is_sent_again_after_the_lease_with_the_same_message_id(bhabin, db):
    delivery = email_to(bhabin)
    notification = delivery.notification
    start = timezone.now()
    died_holding(delivery, at=start, handing_over=False)  # e-mail rows are not marked
    # No provider confirms an e-mail: nothing can tell whether SMTP took it, so it goes again.
    with time_machine.travel(start + timedelta(seconds=LEASE + 1), tick=False):
        assert deliver_pending() == 1
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [
        f"<notification-{notification.pk}@ngopi-kamtibmas.local>"
    ]


def test_worker_that_stalled_past_its_lease_does_not_hand_over_what_another_took(graph_api, db):
    delivery = whatsapp_message()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert outbox._claim(10, "slow:1:aaaa") == [delivery.pk]
    with time_machine.travel(start + timedelta(seconds=LEASE + 1), tick=False):
        assert outbox._claim(10, "heir:2:bbbb") == [delivery.pk]  # never handed over: taken
        assert not outbox._hand_over(delivery, "slow:1:aaaa")  # the stalled worker wakes up
        assert outbox._hand_over(delivery, "heir:2:bbbb")
    delivery.refresh_from_db()
    assert (delivery.claimed_by, delivery.handed_at) == ("heir:2:bbbb", start + timedelta(seconds=LEASE + 1))


def test_handing_over_renews_the_lease_so_a_live_slow_worker_keeps_its_row(graph_api, db):
    delivery = whatsapp_message()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        outbox._claim(10, "slow:1:aaaa")
    with time_machine.travel(start + timedelta(seconds=LEASE - 5), tick=False):
        assert outbox._hand_over(delivery, "slow:1:aaaa")
    with time_machine.travel(start + timedelta(seconds=LEASE + 5), tick=False):
        assert outbox._claim(10, "other:2:bbbb") == []


class WatchingBackend(EmailBackend):
    """Notes, as "SMTP" takes the message, the delivery's status and how many queries the
    worker had made."""

    seen: list[tuple[str, int]] = []

    def send_messages(self, messages):
        status = Delivery.objects.get().status
        WatchingBackend.seen.append((status, len(connection.queries)))
        return super().send_messages(messages)


class KilledMidCall(BaseException):
    """Stands in for a SIGKILL while the provider has the message: nothing after it runs."""


class DyingBackend(EmailBackend):
    def send_messages(self, messages):
        raise KilledMidCall


def test_email_once_smtp_answered_one_statement_records_it(bhabin, db, settings):
    # What runs after the provider's answer is the window in which a killed worker would send
    # the message again: it must stay one UPDATE, with no other query before it.
    settings.EMAIL_BACKEND = "tests.notifications.test_handover.WatchingBackend"
    WatchingBackend.seen = []
    delivery = email_to(bhabin)
    with CaptureQueriesContext(connection) as queries:
        assert deliver_pending() == 1
    [(status, before)] = WatchingBackend.seen
    assert status == DeliveryStatus.SENDING
    after = [query["sql"] for query in queries.captured_queries[before:]]
    assert len(after) == 1 and after[0].replace('"', "").lstrip().startswith("UPDATE notifications_delivery")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.provider_message_id) == (
        DeliveryStatus.SENT,
        1,
        f"<notification-{delivery.notification_id}@ngopi-kamtibmas.local>",
    )


def test_email_worker_killed_while_smtp_has_the_message_leaves_it_to_be_sent_once(bhabin, db, settings):
    delivery = email_to(bhabin)
    start = timezone.now()
    settings.EMAIL_BACKEND = "tests.notifications.test_handover.DyingBackend"
    with time_machine.travel(start, tick=False), pytest.raises(KilledMidCall):
        deliver_pending()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.sent_at) == (DeliveryStatus.SENDING, 0, None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(start + timedelta(seconds=LEASE - 1), tick=False):
        assert deliver_pending() == 0  # its claim still holds
    with time_machine.travel(start + timedelta(seconds=LEASE + 1), tick=False):
        assert deliver_pending() == 1
        assert deliver_pending() == 0
    assert len(mail.outbox) == 1


def test_email_rows_are_not_marked_when_handed_over(bhabin, db):
    delivery = email_to(bhabin)
    assert deliver_pending() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.handed_at) == (DeliveryStatus.SENT, None)


def test_a_failed_attempt_clears_the_hand_over(graph_api, db):
    delivery = whatsapp_message()
    graph_api.fail_next(1)
    assert deliver_pending() == 0
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.handed_at) == (DeliveryStatus.PENDING, 1, None)
