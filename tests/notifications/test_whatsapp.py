"""WhatsApp with the fake Graph API: the webhook (handshake, signature, once per message id,
status callbacks), chat messages to residents, urgent alerts to officers and their "1", an
outage, and the fallback to SMS and e-mail."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from aspirations.models import Aspiration
from ngopi.notifications import inbound, receiving
from ngopi.notifications.enums import DeliveryStatus
from ngopi.notifications.models import ChannelAddress, Delivery, InboundMessage, Notification
from ngopi.notifications.services import (
    Message,
    deliver_pending,
    notify,
    queue_chat_message,
    run_reminder_rules,
)
from ngopi.notifications.transports import whatsapp
from tests.aspirations.factories import make_aspiration
from tests.fakes.graph_api import VERIFY_TOKEN, make_message_payload, make_status_payload, sign

RESIDENT = "6281298765432"
KAPOLSEK = "6281311112222"
BHABIN = "6281333334444"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def received(db):
    """Records what the inbound handlers were offered (a resident handler after the officers')."""
    seen = []

    def handler(chat):
        seen.append(chat)
        return True

    # Before the residents' conversation (order 100), which would answer a resident's message.
    inbound.register_inbound_handler("tests.recorder", handler, order=50)
    yield seen
    inbound._HANDLERS.pop("tests.recorder", None)


def verified(user, number):
    return ChannelAddress.objects.create(
        user=user, channel="whatsapp", address=number, verified_at=timezone.now()
    )


def test_handshake_answers_the_challenge_only_with_the_verify_token(client, graph_api):
    params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
    response = client.get("/kanal/whatsapp/", params)
    assert (response.status_code, response.content) == (200, b"1158201444")
    assert client.get("/kanal/whatsapp/", {**params, "hub.verify_token": "wrong"}).status_code == 403


def test_forged_signature_is_refused_and_nothing_is_stored(client, graph_api, db):
    body = b'{"entry": [{"changes": [{"value": {"messages": [{"id": "wamid.X", "from": "62812"}]}}]}]}'
    forged = client.post(
        "/kanal/whatsapp/",
        data=body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": sign(body, "another-secret")},
    )
    unsigned = client.post("/kanal/whatsapp/", data=body, content_type="application/json")
    assert forged.status_code == unsigned.status_code == 403
    assert not InboundMessage.objects.exists()


def test_replayed_message_id_is_stored_and_processed_once(client, graph_api, received):
    payload = make_message_payload(RESIDENT, "Halo, mau lapor", message_id="wamid.REPLAY1")
    for _ in range(3):
        assert graph_api.signed_webhook(client, payload).status_code == 200
    assert InboundMessage.objects.count() == 1
    assert received == []  # the request only stored it: the worker hands it on
    assert InboundMessage.objects.get().processed_at is None
    assert receiving.process_inbound() == 1
    assert receiving.process_inbound() == 0
    graph_api.signed_webhook(client, payload)
    assert receiving.process_inbound() == 0
    assert [(c.sender, c.text, c.message_id) for c in received] == [
        (RESIDENT, "Halo, mau lapor", "wamid.REPLAY1")
    ]


def test_media_arrives_as_ids_the_worker_downloads(client, graph_api, received):
    media_id = graph_api.add_media(b"\xff\xd8jpeg", "image/jpeg")
    payload = make_message_payload(RESIDENT, media=(("image", media_id, "image/jpeg", "Lampu mati"),))
    graph_api.signed_webhook(client, payload)
    receiving.process_inbound()
    (chat,) = received
    assert chat.text == "Lampu mati" and chat.media[0].media_id == media_id
    assert whatsapp.download_media(media_id) == (b"\xff\xd8jpeg", "image/jpeg")


def test_chat_message_outside_the_window_is_a_template_inside_it_free_text(client, graph_api, db):
    with transaction.atomic():
        first = queue_chat_message(
            channel="whatsapp", to="+62 812-9876-5432", text="Status NK-1: diproses", key="u1"
        )
        again = queue_chat_message(channel="whatsapp", to=RESIDENT, text="Status NK-1: diproses", key="u1")
    assert first.pk == again.pk and first.address == RESIDENT
    assert deliver_pending() == 1
    (template,) = graph_api.sent
    assert template["type"] == "template" and template["template"]["name"] == whatsapp.TEMPLATE_MESSAGE
    graph_api.signed_webhook(client, make_message_payload(RESIDENT, "cek"))
    with transaction.atomic():
        queue_chat_message(
            channel="whatsapp", to=RESIDENT, text="Pilih jenis", key="u2", buttons=("Keluhan", "Info")
        )
        queue_chat_message(
            channel="whatsapp", to=RESIDENT, text="Terima kasih", key="u3", reply_to="wamid.IN1"
        )
    assert deliver_pending() == 2
    kinds = {m["type"] for m in graph_api.sent[1:]}
    assert kinds == {"interactive", "text"}
    text = next(m for m in graph_api.sent if m["type"] == "text")
    assert text["text"] == "Terima kasih" and text["raw"]["context"] == {"message_id": "wamid.IN1"}


def test_status_callbacks_are_recorded_and_never_go_backwards(client, graph_api, db):
    with transaction.atomic():
        delivery = queue_chat_message(channel="whatsapp", to=RESIDENT, text="Halo", key="s1")
    deliver_pending()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.provider_message_id.startswith("wamid.")
    for status in ("delivered", "read", "delivered"):
        graph_api.signed_webhook(client, make_status_payload(delivery.provider_message_id, status, RESIDENT))
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.READ
    assert delivery.delivered_at and delivery.read_at


def test_provider_outage_messages_wait_and_go_later_once_each(graph_api, db):
    with transaction.atomic():
        for i in range(5):
            queue_chat_message(channel="whatsapp", to=RESIDENT, text=f"Pesan {i}", key=f"o{i}")
    graph_api.down()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert deliver_pending() == 0
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.PENDING}
    assert graph_api.sent == []
    graph_api.up()
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        assert deliver_pending() == 0  # backing off: not due yet
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        assert deliver_pending() == 5
        assert deliver_pending() == 0
    assert sorted(m["template"]["components"][0]["parameters"][0]["text"] for m in graph_api.sent) == [
        f"Pesan {i}" for i in range(5)
    ]


def test_urgent_alert_to_an_officer_and_his_1_stops_the_escalation(
    client, world, bhabin, kapolsek, kapolres, graph_api
):
    verified(kapolsek, KAPOLSEK)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        aspiration = make_aspiration(rw=world.rw18, urgent=True)
        deliver_pending()
    (alert,) = graph_api.sent_to(KAPOLSEK)
    assert alert["type"] == "template" and alert["template"]["name"] == whatsapp.TEMPLATE_URGENT
    assert aspiration.code in alert["template"]["components"][0]["parameters"][0]["text"]
    assert len(mail.outbox) == 2  # e-mail still goes to both, as before
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        graph_api.signed_webhook(client, make_message_payload(KAPOLSEK, "1", context_id=alert["id"]))
        receiving.process_inbound()
        deliver_pending()
    assert Aspiration.objects.get(pk=aspiration.pk).acknowledged_at is not None
    confirmation = graph_api.sent_to(KAPOLSEK)[-1]
    assert confirmation["type"] == "text" and aspiration.code in confirmation["text"]
    assert Notification.objects.get(recipient=kapolsek).read_at is not None
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        run_reminder_rules()
    assert not Notification.objects.filter(recipient=kapolres).exists()  # no escalation


def test_urgent_alert_button_acknowledges_it(client, world, bhabin, kapolsek, kapolres, graph_api):
    verified(kapolsek, KAPOLSEK)
    aspiration = make_aspiration(rw=world.rw18, urgent=True)
    note = Notification.objects.get(recipient=kapolsek)
    graph_api.signed_webhook(
        client, make_message_payload(KAPOLSEK, button_payload=f"ack:{note.pk}", button_text="1 · Terima")
    )
    receiving.process_inbound()
    assert Aspiration.objects.get(pk=aspiration.pk).acknowledged_at is not None


def test_a_residents_1_is_not_taken_for_an_acknowledgement(client, world, bhabin, graph_api, received):
    aspiration = make_aspiration(rw=world.rw18, urgent=True)
    graph_api.signed_webhook(client, make_message_payload(RESIDENT, "1"))
    receiving.process_inbound()
    assert [c.text for c in received] == ["1"]
    assert Aspiration.objects.get(pk=aspiration.pk).acknowledged_at is None


def test_failed_whatsapp_urgent_alert_falls_back_to_sms_then_email(
    client, world, bhabin, kapolsek, graph_api, sms_gateway, settings
):
    settings.EMAIL_BACKEND = "tests.notifications.smtp_down.RefusingBackend"
    verified(kapolsek, KAPOLSEK)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        make_aspiration(rw=world.rw18, urgent=True)
        deliver_pending()
    alert = Delivery.objects.get(channel="whatsapp", notification__recipient=kapolsek)
    assert alert.status == DeliveryStatus.SENT
    sms_gateway.is_down = True
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        graph_api.signed_webhook(
            client, make_status_payload(alert.provider_message_id, "failed", KAPOLSEK, error="Undeliverable")
        )
        alert.refresh_from_db()
        assert alert.status == DeliveryStatus.FAILED and "Undeliverable" in alert.last_error
        sms = Delivery.objects.get(channel="sms", notification__recipient=kapolsek)
        assert sms.address == KAPOLSEK and sms.urgent
        deliver_pending()  # the SMS gateway is down too: the e-mail is next (already queued)
    sms.refresh_from_db()
    assert sms.status == DeliveryStatus.PENDING and sms.fell_back
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sms_gateway.is_down = False
    with time_machine.travel(start + timedelta(minutes=4), tick=False):
        deliver_pending()
    assert [s["msisdn"] for s in sms_gateway.sent] == [KAPOLSEK]
    title = Notification.objects.get(recipient=kapolsek).title
    assert sms_gateway.sent[0]["message"].startswith(title)  # "MENDESAK, sedang terjadi: NK-…"
    assert kapolsek.email in {m.to[0] for m in mail.outbox}


def test_channels_without_settings_are_off_and_nothing_breaks(client, bhabin, db):
    verified(bhabin, BHABIN)
    notify(
        [Message(recipient=bhabin, kind="session.changed", key="k", render=lambda: ("Dibatalkan", "Hujan"))]
    )
    assert list(Delivery.objects.values_list("channel", flat=True)) == ["email"]
    assert deliver_pending() == 1
    body = b'{"entry": []}'
    assert (
        client.post(
            "/kanal/whatsapp/",
            data=body,
            content_type="application/json",
            headers={"X-Hub-Signature-256": sign(body)},
        ).status_code
        == 403
    )
    assert (
        client.get(
            "/kanal/whatsapp/", {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "x"}
        ).status_code
        == 403
    )


def test_sent_callback_for_a_message_its_dead_worker_never_recorded_stops_a_repeat(client, graph_api, db):
    with transaction.atomic():
        delivery = queue_chat_message(channel="whatsapp", to=RESIDENT, text="Halo", key="d1")
    start = timezone.now()
    # A worker claimed it, the provider took it, and the worker died before recording it.
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=start, claimed_by="dead:1")
    payload = make_status_payload("wamid.LOST1", "sent", RESIDENT, callback_data=f"delivery-{delivery.pk}")
    with time_machine.travel(start + timedelta(seconds=2), tick=False):
        graph_api.signed_webhook(client, payload)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.provider_message_id) == (DeliveryStatus.SENT, "wamid.LOST1")
    with time_machine.travel(start + timedelta(minutes=5), tick=False):  # the lease has long lapsed
        assert deliver_pending() == 0
    assert graph_api.sent == []


@pytest.mark.parametrize(("method", "form"), [("POST", "form"), ("GET", "json")])
def test_sms_gateway_fields_and_method_come_from_the_settings(sms_gateway, settings, bhabin, method, form):
    from ngopi.notifications.transports import sms

    settings.SMS_METHOD, settings.SMS_FORMAT = method, form
    settings.SMS_SENDER_FIELD, settings.SMS_SENDER = "from", "NGOPI"
    if method == "GET":  # the fake only takes POST: check the URL built instead
        delivery = Delivery(pk=7, channel="sms", address=BHABIN, text="Halo warga")
        assert sms._fields(delivery) == {"msisdn": BHABIN, "message": "Halo warga", "from": "NGOPI"}
        return
    with transaction.atomic():
        queue_chat_message(channel="sms", to=BHABIN, text="Halo warga", key="sms1")
    assert deliver_pending() == 1
    assert sms_gateway.sent == [{"msisdn": BHABIN, "message": "Halo warga", "from": "NGOPI"}]
    assert Delivery.objects.get(key="sms1").provider_message_id.startswith("sms")
