"""A resident sends an anonymous tip from a phone and follows it; the Bhabinkamtibmas of RW 18
finds it, asks a question, gets the answer and resolves the tip as proven."""

import io
import re

from PIL import Image
from playwright.sync_api import expect

from aspirations.models import Aspiration


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 90), (90, 140, 200)).save(out, format="JPEG")
    return out.getvalue()


def test_anonymous_tip_from_phone_to_proven(phone, page, world, bhabin, password, sign_in):
    # The resident, on a phone, sends an anonymous tip with a photo.
    phone.goto("/aspirasi/kirim/")
    expect(phone.get_by_role("heading", name="Kirim aspirasi")).to_be_visible()
    phone.get_by_label("Informasi", exact=True).check()
    phone.select_option("#id_category", label="Tawuran")
    phone.fill("#id_description", "Ada rencana tawuran remaja Sabtu malam di lapangan voli dekat RW 18.")
    # The kota → kecamatan → kelurahan → RW steps.
    phone.select_option("#area-city", "Kota Bekasi")
    phone.select_option("#area-district", "Bekasi Selatan")
    phone.select_option("#area-village", "Pekayon Jaya")
    phone.select_option("#id_area", label="RW 18, Pekayon Jaya, Bekasi Selatan")
    phone.fill("#id_location_detail", "Lapangan voli")
    expect(phone.get_by_label("Anonim", exact=False).first).to_be_checked()
    expect(phone.locator("#identity-fields")).to_be_hidden()
    phone.set_input_files(
        "#id_photos", files=[{"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": _photo()}]
    )
    phone.get_by_role("button", name="Kirim", exact=True).click()

    expect(phone.get_by_role("heading", name="Terima kasih, aspirasi Anda sudah diterima")).to_be_visible()
    code = phone.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(r"NK(-[0-9A-Z]{4}){4}", code)
    aspiration = Aspiration.objects.get(code=code)
    assert aspiration.reporter_identity == "" and aspiration.photos.count() == 1

    phone.get_by_role("link", name="Lacak aspirasi ini").click()
    expect(phone.get_by_test_id("status")).to_have_text("Baru")

    # The Bhabinkamtibmas of RW 18 finds it in his inbox and asks a question.
    sign_in(page, "bhabin", password)
    page.goto("/staf/aspirasi/")
    page.get_by_role("link", name=code).click()
    expect(page.get_by_test_id("photos").locator("img")).to_have_count(1)
    triage = page.locator("details[data-action=triage]")
    triage.locator("summary").click()
    triage.get_by_label("Prioritas").select_option("urgent")
    triage.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("status")).to_have_text("Sudah diperiksa")
    ask = page.locator("details[data-action=ask]")
    ask.locator("summary").click()
    ask.get_by_label("Pertanyaan untuk pelapor").fill("Kira-kira jam berapa mereka berkumpul?")
    ask.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("status")).to_have_text("Menunggu jawaban pelapor")

    # The resident sees the question (from "Bhabinkamtibmas", no name) and answers it.
    phone.reload()
    expect(phone.get_by_test_id("waiting")).to_be_visible()
    timeline = phone.get_by_test_id("timeline")
    expect(timeline).to_contain_text("Kira-kira jam berapa mereka berkumpul?")
    expect(timeline).to_contain_text("Bhabinkamtibmas")
    expect(timeline).not_to_contain_text(bhabin.last_name)
    phone.get_by_label("Pesan Anda").fill("Sekitar jam 23.00, mereka datang dari arah jalan raya.")
    phone.get_by_role("button", name="Kirim", exact=True).click()
    expect(phone.get_by_test_id("timeline")).to_contain_text("Sekitar jam 23.00")
    expect(phone.get_by_test_id("status")).to_have_text("Sedang ditindaklanjuti")

    # The officer reads the answer and resolves the tip as proven.
    page.reload()
    expect(page.get_by_test_id("timeline")).to_contain_text("Sekitar jam 23.00")
    resolve = page.locator("details[data-action=resolve]")
    resolve.locator("summary").click()
    resolve.locator("#id_resolve-outcome").select_option(label="Penegakan hukum")
    resolve.get_by_label("Hasil penanganan (ditampilkan kepada pelapor)").fill("Tawuran berhasil dicegah.")
    resolve.get_by_label("Verifikasi informasi").select_option(label="Terbukti")
    resolve.get_by_label("Hasil tindakan (internal)").fill("35 sepeda motor dan senjata tajam diamankan.")
    resolve.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("status")).to_have_text("Selesai ditangani")
    expect(page.get_by_test_id("verification")).to_contain_text("Terbukti")

    # The resident sees the outcome and may rate it.
    phone.reload()
    expect(phone.get_by_test_id("status")).to_have_text("Selesai ditangani")
    expect(phone.get_by_test_id("outcome")).to_have_text("Penegakan hukum")
    expect(phone.get_by_test_id("timeline")).to_contain_text("Tawuran berhasil dicegah.")
    expect(phone.get_by_test_id("timeline")).not_to_contain_text("35 sepeda motor")
