"""Password reset: the page does the same for every address, the worker sends, and it is throttled."""

import re

from django.core import mail

from ngopi.accounts.enums import ResetStatus
from ngopi.accounts.models import PasswordResetRequest
from ngopi.accounts.services import RESET_MAX_ATTEMPTS, send_password_resets

RESET = "/accounts/password_reset/"
REFUSING = "tests.notifications.smtp_down.RefusingBackend"


def test_password_reset_page_answers_alike_for_known_and_unknown_addresses(client, bhabin):
    known = client.post(RESET, {"email": bhabin.email}, follow=True)
    unknown = client.post(RESET, {"email": "nobody@polri.example"}, follow=True)
    for response in (known, unknown):
        assert response.redirect_chain[-1][0] == "/accounts/password_reset/done/"
        assert "Jika ada akun yang menggunakan alamat tersebut" in response.content.decode()
    # Nothing was looked up or sent while the page answered: both requests wait in the outbox.
    assert mail.outbox == []
    assert sorted(PasswordResetRequest.objects.values_list("email", flat=True)) == [
        bhabin.email,
        "nobody@polri.example",
    ]


def test_password_reset_worker_mails_only_the_known_address_and_forgets_both(client, bhabin):
    client.post(RESET, {"email": bhabin.email.upper()})
    client.post(RESET, {"email": "nobody@polri.example"})
    assert send_password_resets() == 2
    assert [m.to for m in mail.outbox] == [[bhabin.email]]
    assert "Atur ulang kata sandi" in mail.outbox[0].subject
    assert "http://127.0.0.1:8000/accounts/reset/" in mail.outbox[0].body  # NGOPI_SITE_URL
    assert not PasswordResetRequest.objects.exists()  # no address kept once done
    assert send_password_resets() == 0


def test_password_reset_email_is_in_the_account_language(client, bhabin):
    bhabin.language = "en"
    bhabin.save()
    client.post(RESET, {"email": bhabin.email})
    send_password_resets()
    assert mail.outbox[0].subject == "Reset your Ngopi Kamtibmas password"


def test_password_reset_smtp_failure_is_tried_again_then_given_up(client, settings, bhabin):
    import time_machine
    from django.utils import timezone

    settings.EMAIL_BACKEND = REFUSING
    client.post(RESET, {"email": bhabin.email})
    moment = timezone.now()
    for _attempt in range(RESET_MAX_ATTEMPTS):
        with time_machine.travel(moment, tick=False):
            assert send_password_resets() == 0
        row = PasswordResetRequest.objects.get()
        moment = row.next_attempt_at
    assert row.status == ResetStatus.FAILED
    assert row.email == ""  # the address is not kept for a request that will never be sent
    assert "SMTPServerDisconnected" in row.last_error


def test_password_reset_is_throttled_per_email_address(client, bhabin):
    for _ in range(3):
        assert client.post(RESET, {"email": bhabin.email}).status_code == 302
    # Another client address does not get round the limit on the e-mail address.
    refused = client.post(RESET, {"email": bhabin.email}, REMOTE_ADDR="10.9.9.9")
    assert refused.status_code == 429
    assert "Terlalu banyak permintaan" in refused.content.decode()
    assert PasswordResetRequest.objects.count() == 3


def test_password_reset_is_throttled_per_client_address(client, db):
    for number in range(10):
        response = client.post(RESET, {"email": f"warga{number}@contoh.id"}, REMOTE_ADDR="10.1.2.3")
        assert response.status_code == 302
    refused = client.post(RESET, {"email": "warga-lain@contoh.id"}, REMOTE_ADDR="10.1.2.3")
    assert refused.status_code == 429
    assert "Terlalu banyak permintaan" in refused.content.decode()
    other = client.post(RESET, {"email": "warga-lain@contoh.id"}, REMOTE_ADDR="10.3.2.1")
    assert other.status_code == 302


def test_password_reset_by_email_end_to_end(client, bhabin):
    client.post(RESET, {"email": bhabin.email})
    send_password_resets()
    assert len(mail.outbox) == 1
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "kopi-malam-rw-18!", "new_password2": "kopi-malam-rw-18!"})
    assert done.status_code == 302
    bhabin.refresh_from_db()
    assert bhabin.check_password("kopi-malam-rw-18!")


def test_password_reset_page_stays_up_with_the_cache_down(client, settings, bhabin, caplog):
    import socket

    with socket.socket() as sock:  # a port nobody listens on: Redis is down
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CACHES = {
        "fragments": settings.FRAGMENTS_CACHE,
        "default": {
            "BACKEND": "ngopi.core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        },
    }
    response = client.post(RESET, {"email": bhabin.email}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/accounts/password_reset/done/"
    assert any("cache unreachable" in r.getMessage() for r in caplog.records)
    assert send_password_resets() == 1  # the worker still sends the link


def test_password_reset_email_names_the_account_in_both_languages(client, bhabin):
    client.post(RESET, {"email": bhabin.email})
    send_password_resets()
    body = mail.outbox[0].body
    assert f"akun Ngopi Kamtibmas Anda ({bhabin.get_username()})." in body
    assert "()" not in body
    bhabin.language = "en"
    bhabin.save()
    client.post(RESET, {"email": bhabin.email})
    send_password_resets()
    assert f"your Ngopi Kamtibmas account ({bhabin.get_username()})." in mail.outbox[1].body
