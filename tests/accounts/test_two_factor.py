"""Two-factor sign-in: required of commanders and administrators when NGOPI_REQUIRE_2FA is on,
open to everyone; an authenticator app (TOTP) plus ten recovery codes."""

import re

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ngopi.accounts import services

LOGIN = "/accounts/login/"
SETUP = "/accounts/2fa/setup/"
VERIFY = "/accounts/2fa/verify/"


@pytest.fixture(autouse=True)
def required(settings):
    settings.NGOPI_REQUIRE_2FA = True


def code_of(device) -> str:
    """The code an authenticator app shows now, computed from the device's key."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, user, password):
    return client.post(LOGIN, {"username": user.username, "password": password}, follow=True)


def set_up(client, user):
    """Go through the set-up page; returns the recovery codes shown."""
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page = client.post(SETUP, {"token": code_of(device)})
    assert page.status_code == 200
    return re.findall(r'<li class="col mb-1">([a-z2-7]{8})</li>', page.content.decode())


def test_commander_with_two_factor_required_is_sent_to_set_up(client, kapolsek, password):
    landed = sign_in(client, kapolsek, password)
    assert landed.redirect_chain[-1][0].startswith(SETUP)
    body = landed.content.decode()
    assert "Siapkan verifikasi dua langkah" in body
    assert "Peran Anda mewajibkan verifikasi dua langkah" in body
    assert "<script>" not in body  # nothing inline: the page works under a strict CSP
    staff = client.get("/staf/aspirasi/")
    assert staff.status_code == 302
    assert staff["Location"].startswith(SETUP)


def test_commander_sets_up_with_an_app_code_and_gets_ten_recovery_codes(client, kapolsek, password):
    sign_in(client, kapolsek, password)
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=kapolsek, confirmed=False)
    shown_key = re.search(r'data-testid="two-factor-secret">([A-Z2-7 ]+)<', page).group(1)
    assert shown_key.replace(" ", "") in device.config_url  # the key to type matches the QR code's
    qr = client.get("/accounts/2fa/setup/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content
    with time_machine.travel("2026-11-03 08:00:05 +0700", tick=False) as traveller:
        wrong = client.post(SETUP, {"token": "000000" if code_of(device) != "000000" else "111111"})
        assert "Kode itu tidak benar" in wrong.content.decode()
        traveller.shift(2)  # django-otp makes a device wait a little after a wrong code
        done = client.post(SETUP, {"token": code_of(device), "next": "/staf/aspirasi/"})
        body = done.content.decode()
        assert "Kode pemulihan Anda" in body
        assert len(re.findall(r'<li class="col mb-1">([a-z2-7]{8})</li>', body)) == 10
        assert 'href="/staf/aspirasi/"' in body
        assert client.get("/staf/aspirasi/").status_code == 200  # verified for this session


def test_next_sign_in_asks_for_the_app_code(client, kapolsek, password):
    with time_machine.travel("2026-11-03 08:00 +0700", tick=False) as traveller:
        sign_in(client, kapolsek, password)
        set_up(client, kapolsek)
        client.post("/accounts/logout/")
        landed = sign_in(client, kapolsek, password)
        assert landed.redirect_chain[-1][0].startswith(VERIFY)
        assert "Masukkan kode masuk Anda" in landed.content.decode()
        assert client.get("/dasbor/")["Location"].startswith(VERIFY)
        traveller.shift(30)  # the next code: one already used is refused
        device = TOTPDevice.objects.get(user=kapolsek)
        verified = client.post(VERIFY + "?next=/dasbor/", {"token": code_of(device), "next": "/dasbor/"})
        assert verified.status_code == 302
        assert verified["Location"] == "/dasbor/"
        assert client.get("/staf/").status_code == 200


def test_recovery_code_works_once(client, kapolsek, password):
    sign_in(client, kapolsek, password)
    codes = set_up(client, kapolsek)
    client.post("/accounts/logout/")
    sign_in(client, kapolsek, password)
    used = client.post(VERIFY, {"token": codes[0].upper()}, follow=True)
    assert used.redirect_chain[-1][0] == "/staf/"
    assert "kode pemulihan; tersisa 9" in used.content.decode()
    client.post("/accounts/logout/")
    sign_in(client, kapolsek, password)
    again = client.post(VERIFY, {"token": codes[0]})
    assert again.status_code == 200
    assert "Kode itu tidak benar atau sudah pernah dipakai" in again.content.decode()
    assert client.get("/staf/")["Location"].startswith(VERIFY)


def test_password_alone_cannot_replace_the_authenticator(client, kapolsek, password):
    sign_in(client, kapolsek, password)
    set_up(client, kapolsek)
    client.post("/accounts/logout/")
    sign_in(client, kapolsek, password)
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    assert client.get("/accounts/2fa/setup/qr.svg").status_code in (302, 404)
    assert client.post("/accounts/2fa/recovery-codes/")["Location"].startswith(VERIFY)


def test_bhabin_is_not_required_but_may_turn_it_on(client, bhabin, password):
    landed = sign_in(client, bhabin, password)
    assert landed.redirect_chain[-1][0] == "/staf/"
    overview = client.get("/accounts/2fa/").content.decode()
    assert "Verifikasi dua langkah tidak aktif untuk akun Anda" in overview
    set_up(client, bhabin)
    assert "Verifikasi dua langkah aktif untuk akun Anda" in client.get("/accounts/2fa/").content.decode()
    client.post("/accounts/logout/")
    landed = sign_in(client, bhabin, password)
    assert landed.redirect_chain[-1][0].startswith(VERIFY)  # once on, asked every time


def test_bhabin_may_turn_it_off_but_a_commander_may_not(client, bhabin, kapolsek, password):
    sign_in(client, bhabin, password)
    set_up(client, bhabin)
    off = client.post("/accounts/2fa/disable/", follow=True)
    assert "Verifikasi dua langkah dinonaktifkan" in off.content.decode()
    assert not TOTPDevice.objects.filter(user=bhabin).exists()
    other = client.__class__()
    sign_in(other, kapolsek, password)
    set_up(other, kapolsek)
    refused = other.post("/accounts/2fa/disable/", follow=True)
    assert "wajib untuk peran Anda" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=kapolsek).exists()


def test_admin_site_refuses_an_unverified_superuser(client, administrator):
    client.force_login(administrator)  # password given, no second factor
    assert client.get("/admin/")["Location"].startswith(SETUP)
    with time_machine.travel("2026-11-03 08:00 +0700", tick=False) as traveller:
        set_up(client, administrator)
        assert client.get("/admin/").status_code == 200
        client.post("/accounts/logout/")
        client.force_login(administrator)
        assert client.get("/admin/")["Location"].startswith(VERIFY)
        assert client.get("/admin/accounts/user/")["Location"].startswith(VERIFY)
        traveller.shift(30)
        device = TOTPDevice.objects.get(user=administrator)
        client.post(VERIFY, {"token": code_of(device)})
        assert client.get("/admin/accounts/user/").status_code == 200


def test_admin_site_wants_the_second_factor_from_any_staff_user(client, binmas):
    binmas.is_staff = True
    binmas.save()
    client.force_login(binmas)  # not required of his role, but the admin site asks everyone
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(SETUP)
    assert "Siapkan verifikasi dua langkah" in response.content.decode()


def test_two_factor_off_keeps_the_plain_sign_in(client, settings, kapolsek, password):
    settings.NGOPI_REQUIRE_2FA = False
    landed = sign_in(client, kapolsek, password)
    assert landed.redirect_chain[-1][0] == "/staf/"
    assert client.get("/admin/").status_code == 302  # not staff: the admin's own login


def test_recovery_codes_can_be_made_anew(client, kapolsek, password):
    sign_in(client, kapolsek, password)
    first = set_up(client, kapolsek)
    page = client.post("/accounts/2fa/recovery-codes/").content.decode()
    second = re.findall(r'<li class="col mb-1">([a-z2-7]{8})</li>', page)
    assert len(second) == 10
    assert not set(first) & set(second)
    assert services.verify_second_factor(user=kapolsek, token=first[1]) is None  # old ones are gone


def test_a_right_code_right_after_a_wrong_one_is_told_to_wait_not_called_wrong(client, kapolsek, password):
    """django-otp does not check a code in the seconds after a wrong one: the page says so and
    how long, instead of calling the right code wrong; after the wait it is taken."""
    sign_in(client, kapolsek, password)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=kapolsek, confirmed=False)
    with time_machine.travel("2026-11-03 08:00:05 +0700", tick=False) as traveller:
        client.post(SETUP, {"token": "000000" if code_of(device) != "000000" else "111111"})
        too_soon = client.post(SETUP, {"token": code_of(device)}).content.decode()
        assert "Terlalu cepat setelah kode yang salah: tunggu 1 detik" in too_soon
        assert "Kode itu tidak benar" not in too_soon
        assert not TOTPDevice.objects.filter(user=kapolsek, confirmed=True).exists()
        traveller.shift(2)
        assert "Kode pemulihan Anda" in client.post(SETUP, {"token": code_of(device)}).content.decode()

        client.post("/accounts/logout/")
        sign_in(client, kapolsek, password)
        traveller.shift(30)
        device.refresh_from_db()
        client.post(VERIFY, {"token": "000000" if code_of(device) != "000000" else "111111"})
        waiting = client.post(VERIFY, {"token": code_of(device)})
        assert waiting.status_code == 200
        assert "tunggu 1 detik" in waiting.content.decode()
        traveller.shift(1)
        assert client.post(VERIFY, {"token": code_of(device)}).status_code == 302


def test_a_recovery_code_does_not_slow_the_app_code(client, kapolsek, password):
    """A recovery code is not tried as an app code: using one (or mistyping one) leaves the
    authenticator free to take the next app code at once."""
    with time_machine.travel("2026-11-03 08:00 +0700", tick=False) as traveller:
        sign_in(client, kapolsek, password)
        codes = set_up(client, kapolsek)
        client.post("/accounts/logout/")
        sign_in(client, kapolsek, password)
        assert client.post(VERIFY, {"token": "zzzzzzzz"}).status_code == 200  # not a code of his
        traveller.shift(2)  # the recovery codes wait a little after a wrong one
        assert client.post(VERIFY, {"token": codes[0]}).status_code == 302
        client.post("/accounts/logout/")
        sign_in(client, kapolsek, password)
        traveller.shift(30)
        device = TOTPDevice.objects.get(user=kapolsek)
        assert device.throttling_failure_count == 0
        assert client.post(VERIFY, {"token": code_of(device)}).status_code == 302
