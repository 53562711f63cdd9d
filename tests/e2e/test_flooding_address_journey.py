"""While many aspirations come from one address, the form's script solves the proof of work and
the resident's aspiration goes through; without JavaScript he is told why, with his text kept."""

from playwright.sync_api import expect

from aspirations.models import Aspiration

TEXT = "Lampu jalan di gang masjid RW 18 mati sejak seminggu."


def fill_form(page):
    page.goto("/aspirasi/kirim/")
    page.get_by_label("Keluhan", exact=True).check()
    page.select_option("#id_category", index=1)
    page.fill("#id_description", TEXT)


def test_flooding_address_the_script_solves_the_check_and_the_aspiration_is_received(
    phone, world, bhabin, settings
):
    settings.ASPIRATION_SUBMIT_ADDRESS_LIMIT = 0  # every submission from this address needs the check
    settings.ASPIRATION_CHALLENGE_BITS = 14
    fill_form(phone)
    phone.select_option("#area-city", "Kota Bekasi")
    phone.select_option("#area-district", "Bekasi Selatan")
    phone.select_option("#area-village", "Pekayon Jaya")
    phone.select_option("#id_area", label="RW 18, Pekayon Jaya, Bekasi Selatan")
    phone.get_by_role("button", name="Kirim", exact=True).click()
    expect(phone.get_by_role("heading", name="Terima kasih, aspirasi Anda sudah diterima")).to_be_visible()
    assert Aspiration.objects.filter(description=TEXT).count() == 1


def test_flooding_address_without_javascript_the_resident_is_told_and_keeps_his_text(
    browser, live_server, reference_data, world, bhabin, settings
):
    settings.ASPIRATION_SUBMIT_ADDRESS_LIMIT = 0
    context = browser.new_context(base_url=live_server.url, locale="id-ID", java_script_enabled=False)
    page = context.new_page()
    fill_form(page)
    page.get_by_role("button", name="Kirim", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("pemeriksaan otomatis singkat")
    expect(page.locator("#id_description")).to_have_value(TEXT)
    assert not Aspiration.objects.filter(description=TEXT).exists()
    context.close()
