"""Lockout of an account tried from many addresses, and the notice to its owner and the administrators."""

import time_machine
from django.core import mail

from ngopi.notifications.models import Notification
from ngopi.notifications.services import deliver_pending

LOGIN = "/accounts/login/"
ADDRESSES = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"]


def fail_from_five_addresses(client, username="kapolsek"):
    for address in ADDRESSES:
        for _ in range(2):
            response = client.post(LOGIN, {"username": username, "password": "salah"}, REMOTE_ADDR=address)
    return response


def test_failures_from_five_addresses_lock_the_account(client, kapolsek, password):
    fail_from_five_addresses(client)
    refused = client.post(LOGIN, {"username": "kapolsek", "password": password}, REMOTE_ADDR="10.9.9.9")
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "Akses masuk terkunci sementara" in body
    assert "dari alamat mana pun" in body
    assert "15 menit" in body
    assert "_auth_user_id" not in client.session  # not signed in


def test_locked_account_page_is_english_for_an_english_browser(client, kapolsek, password):
    fail_from_five_addresses(client)
    client.cookies["ngopi_language"] = "en"
    refused = client.post(LOGIN, {"username": "kapolsek", "password": password})
    assert refused.status_code == 429
    assert "locked for 15 minutes, from any address" in refused.content.decode()


def test_lockout_notifies_the_owner_and_the_administrators_once(client, kapolsek, administrator, password):
    with time_machine.travel("2026-11-02 09:00 +0700", tick=False):
        fail_from_five_addresses(client)
        for _ in range(3):  # attempts during the lock do not repeat the notice
            client.post(LOGIN, {"username": "kapolsek", "password": password}, REMOTE_ADDR="10.9.9.9")
    own = Notification.objects.get(recipient=kapolsek)
    assert own.title == "Akun Anda dikunci karena gagal masuk berulang kali"
    assert "dari 5 alamat" in own.body
    assert "2 November 2026, 09:15 WIB" in own.body
    admins = Notification.objects.get(recipient=administrator)
    assert admins.title == "Akun kapolsek dikunci karena gagal masuk berulang kali"
    assert "10.0.0.5" in admins.body
    assert admins.url == "/admin/axes/accessattempt/?username=kapolsek"
    assert deliver_pending() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([kapolsek.email, administrator.email])


def test_lockout_of_an_unknown_username_notifies_nobody(client, administrator):
    fail_from_five_addresses(client, username="tidak-ada")
    assert not Notification.objects.exists()


def test_administrator_unlocks_the_account_early(client, kapolsek, administrator, password):
    from axes.models import AccessAttempt

    fail_from_five_addresses(client)
    admin = client.__class__()
    admin.force_login(administrator)
    ids = list(AccessAttempt.objects.filter(username="kapolsek").values_list("pk", flat=True))
    response = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    ok = client.post(LOGIN, {"username": "kapolsek", "password": password}, REMOTE_ADDR="10.9.9.9")
    assert ok.status_code == 302


def test_one_address_trying_many_accounts_is_locked_out_without_blaming_them(
    client, kapolsek, bhabin, password
):
    for number in range(10):
        client.post(LOGIN, {"username": f"tebakan{number}", "password": "salah"}, REMOTE_ADDR="10.6.6.6")
    refused = client.post(LOGIN, {"username": "kapolsek", "password": password}, REMOTE_ADDR="10.6.6.6")
    assert refused.status_code == 429
    assert not Notification.objects.exists()  # no account was locked
    elsewhere = client.post(LOGIN, {"username": "kapolsek", "password": password}, REMOTE_ADDR="10.7.7.7")
    assert elsewhere.status_code == 302
