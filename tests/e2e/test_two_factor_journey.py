from base64 import b32decode

from django_otp.oath import totp
from playwright.sync_api import expect


def test_commander_sets_up_two_factor_on_a_phone(phone, settings, kapolsek, password, sign_in):
    settings.NGOPI_REQUIRE_2FA = True
    sign_in(phone, "kapolsek", password)
    expect(phone.get_by_role("heading", name="Siapkan verifikasi dua langkah")).to_be_visible()
    qr = phone.get_by_test_id("two-factor-qr")
    expect(qr).to_be_visible()
    # The QR code's SVG loads (served by the app itself).
    phone.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    key = phone.get_by_test_id("two-factor-secret").inner_text().replace(" ", "")
    phone.fill("#id_token", f"{totp(b32decode(key)):06d}")  # what the app would show
    phone.get_by_role("button", name="Konfirmasi").click()
    expect(phone.get_by_role("heading", name="Kode pemulihan Anda")).to_be_visible()
    expect(phone.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    phone.get_by_role("link", name="Sudah saya simpan — lanjutkan").click()
    expect(phone.get_by_role("heading", name="Hari ini", exact=True)).to_be_visible()  # the staff landing
