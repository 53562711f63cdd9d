"""The settings page: channels per kind, and an officer's WhatsApp number verified by a code
sent through WhatsApp (hashed, expiring, rate-limited)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from ngopi.notifications.models import ChannelAddress, Delivery, EmailPreference
from ngopi.notifications.services import Message, notify

NUMBER = "6281355556666"


def code_sent(graph_api, number=NUMBER) -> str:
    from ngopi.notifications.services import deliver_pending

    deliver_pending()
    message = graph_api.sent_to(number)[-1]
    assert message["template"]["name"] == "ngopi_kode_verifikasi"
    return message["template"]["components"][0]["parameters"][0]["text"]


def test_officer_verifies_his_whatsapp_number_with_the_code_sent_to_it(client, bhabin, graph_api):
    client.force_login(bhabin)
    page = client.post("/notifikasi/pengaturan/whatsapp/", {"number": "0813-5555-6666"}, follow=True)
    assert "Kode telah dikirim ke WhatsApp Anda" in page.content.decode()
    code = code_sent(graph_api)
    row = ChannelAddress.objects.get(user=bhabin)
    assert row.address == NUMBER and row.verified_at is None and code not in row.code_hash
    wrong = client.post(
        "/notifikasi/pengaturan/whatsapp/kode/", {"code": "000000" if code != "000000" else "1"}, follow=True
    )
    assert "Kode itu tidak benar." in wrong.content.decode()
    right = client.post("/notifikasi/pengaturan/whatsapp/kode/", {"code": code}, follow=True)
    assert "Nomor WhatsApp Anda telah terverifikasi." in right.content.decode()
    assert "+6281355556666" in right.content.decode()
    assert ChannelAddress.objects.get(user=bhabin).verified_at is not None
    # From now on his notifications come by WhatsApp too.
    notify(
        [Message(recipient=bhabin, kind="session.changed", key="k", render=lambda: ("Dibatalkan", "Hujan"))]
    )
    assert set(Delivery.objects.filter(notification__isnull=False).values_list("channel", flat=True)) == {
        "email",
        "whatsapp",
    }


def test_code_expires(client, bhabin, graph_api):
    client.force_login(bhabin)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post("/notifikasi/pengaturan/whatsapp/", {"number": NUMBER})
        code = code_sent(graph_api)
    with time_machine.travel(start + timedelta(minutes=11), tick=False):
        page = client.post("/notifikasi/pengaturan/whatsapp/kode/", {"code": code}, follow=True)
    assert "Kode sudah kedaluwarsa" in page.content.decode()
    assert ChannelAddress.objects.get(user=bhabin).verified_at is None


def test_codes_are_rate_limited_and_wrong_codes_counted(client, bhabin, graph_api):
    client.force_login(bhabin)
    for _ in range(3):
        client.post("/notifikasi/pengaturan/whatsapp/", {"number": NUMBER})
    page = client.post("/notifikasi/pengaturan/whatsapp/", {"number": NUMBER}, follow=True)
    assert "Terlalu banyak kode diminta" in page.content.decode()
    assert Delivery.objects.filter(template="ngopi_kode_verifikasi").count() == 3
    code = code_sent(graph_api)
    for _ in range(5):
        client.post("/notifikasi/pengaturan/whatsapp/kode/", {"code": "x"})
    page = client.post("/notifikasi/pengaturan/whatsapp/kode/", {"code": code}, follow=True)
    assert "Terlalu banyak kode yang salah" in page.content.decode()
    assert ChannelAddress.objects.get(user=bhabin).verified_at is None


@pytest.mark.parametrize("number", ["12345", "+1 415 555 0100", "abc"])
def test_bad_number_is_refused_with_a_clear_message(client, bhabin, graph_api, number):
    client.force_login(bhabin)
    page = client.post("/notifikasi/pengaturan/whatsapp/", {"number": number}, follow=True)
    assert "Masukkan nomor ponsel Indonesia" in page.content.decode()
    assert not Delivery.objects.exists()


def test_without_whatsapp_settings_the_page_has_no_whatsapp(client, bhabin):
    client.force_login(bhabin)
    html = client.get("/notifikasi/pengaturan/").content.decode()
    assert "wa-number" not in html and "whatsapp_" not in html
    page = client.post("/notifikasi/pengaturan/whatsapp/", {"number": NUMBER}, follow=True)
    assert "WhatsApp belum disiapkan di server ini." in page.content.decode()


def test_channels_per_kind_are_saved_and_urgent_ones_stay_on(client, bhabin, graph_api, sms_gateway):
    ChannelAddress.objects.create(user=bhabin, channel="whatsapp", address=NUMBER, verified_at=timezone.now())
    client.force_login(bhabin)
    client.post("/notifikasi/pengaturan/", {"sms_session.changed": "on", "whatsapp_session.reminder": "on"})
    changed = EmailPreference.objects.get(user=bhabin, kind="session.changed")
    assert (changed.email, changed.whatsapp, changed.sms) == (False, False, True)
    assert not EmailPreference.objects.filter(user=bhabin, kind="aspiration.urgent").exists()
    notify(
        [Message(recipient=bhabin, kind="session.changed", key="k", render=lambda: ("Dibatalkan", "Hujan"))]
    )
    assert list(Delivery.objects.values_list("channel", flat=True)) == ["sms"]
    html = client.get("/notifikasi/pengaturan/").content.decode()
    assert re.search(r'name="sms_session.changed" aria-label="SMS: [^"]+" checked', html)
    assert not re.search(r'name="sms_session.reminder" aria-label="SMS: [^"]+" checked', html)
