"""The notifications in the admin name their kind ("Jawaban dari pelapor"), not its key
("aspiration.reply"), in the list, its filter and the e-mail preferences."""

import re

from ngopi.notifications.models import EmailPreference, Notification
from ngopi.notifications.services import Message, notify


def test_admin_lists_notifications_by_the_name_of_their_kind(client, administrator, bhabin):
    notify([Message(recipient=bhabin, kind="aspiration.reply", key="r", render=lambda: ("Jawaban", "Isi"))])
    client.force_login(administrator)
    html = client.get("/admin/notifications/notification/").content.decode()
    assert re.search(r'<td class="field-kind_name">Jawaban dari pelapor</td>', html)
    assert "aspiration.reply</td>" not in html
    # The filter offers the registered kinds by name, and filters by key.
    assert ">Jawaban dari pelapor</a>" in html
    filtered = client.get("/admin/notifications/notification/", {"kind": "aspiration.reply"})
    assert filtered.status_code == 200
    assert len(re.findall(r'<td class="field-kind_name">', filtered.content.decode())) == 1
    assert Notification.objects.count() == 1


def test_admin_names_the_kind_of_an_email_preference(client, administrator, bhabin):
    EmailPreference.objects.create(user=bhabin, kind="session.reminder", email=False)
    client.force_login(administrator)
    html = client.get("/admin/notifications/emailpreference/").content.decode()
    assert "Pengingat kegiatan (24 jam dan 2 jam sebelumnya)" in html
    assert "session.reminder</td>" not in html


def test_admin_lists_deliveries_inbound_messages_and_numbers(client, administrator, bhabin):
    from django.utils import timezone

    from ngopi.notifications.models import ChannelAddress, Delivery, InboundMessage

    notify([Message(recipient=bhabin, kind="aspiration.reply", key="r", render=lambda: ("Jawaban", "Isi"))])
    InboundMessage.objects.create(channel="whatsapp", provider_message_id="wamid.A", sender="628", payload={})
    now = timezone.now()
    ChannelAddress.objects.create(user=bhabin, channel="whatsapp", address="6281234", verified_at=now)
    client.force_login(administrator)
    assert Delivery.objects.count() == 1
    for page in ("delivery", "inboundmessage", "channeladdress"):
        response = client.get(f"/admin/notifications/{page}/")
        assert response.status_code == 200, page
    assert (
        "code_hash"
        not in client.get(
            f"/admin/notifications/channeladdress/{ChannelAddress.objects.get().pk}/change/"
        ).content.decode()
    )
