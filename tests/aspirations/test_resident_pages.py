"""What a resident meets after sending: the receipt (code on one line, copy, a receipt to keep),
the tracking page (his own words, photos, kind, the expected answer, where it stands) and the
form's privacy question and area steps without JavaScript."""

import re
from pathlib import Path

import time_machine
from django.contrib.staticfiles import finders
from django.utils import timezone

from aspirations import services
from aspirations.enums import Kind, Privacy, Status
from aspirations.models import Aspiration
from tests.csp import assert_image_policy, assert_strict_styles

from .factories import jpeg_with_gps, make_aspiration

URL = "/aspirasi/kirim/"


def test_receipt_shows_the_code_on_one_line_with_copy_and_download(client, aspiration):
    html = client.get(f"/aspirasi/terkirim/{aspiration.code}/").content.decode()
    code = html.split('data-testid="tracking-code"', 1)[0].rsplit("<div", 1)[1]
    assert "tracking-code" in code and "font-monospace" in code
    assert "Simpan kode ini." in html
    assert 'data-copy="#tracking-code"' in html and "Salin kode" in html
    assert "/static/js/copy.js" in html
    assert f'href="/aspirasi/terkirim/{aspiration.code}/tanda-terima.txt" download' in html


def test_tracking_code_never_breaks_across_lines(client, db):
    css = Path(finders.find("css/ngopi.css")).read_text(encoding="utf-8")
    rule = re.search(r"\.tracking-code\s*\{([^}]*)\}", css)
    assert rule and "white-space: nowrap" in rule.group(1)


def test_receipt_download_is_a_text_file_without_identity(client, world, bhabin, tawuran):
    with time_machine.travel(timezone.datetime(2025, 3, 7, 14, 5, tzinfo=timezone.get_current_timezone())):
        aspiration = make_aspiration(
            rw=world.rw18,
            privacy=Privacy.PUBLIC,
            name="Siti Aminah",
            phone="081234567890",
            email="siti@example.com",
            consent=True,
            category=tawuran,
        )
    response = client.get(f"/aspirasi/terkirim/{aspiration.code}/tanda-terima.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="aspirasi-{aspiration.code}.txt"'
    text = response.content.decode()
    assert f"Kode lacak: {aspiration.code}" in text
    assert "Diterima: 07-03-2025 14:05 WIB" in text
    assert f"Perihal: {tawuran}" in text
    assert f"http://testserver/aspirasi/lacak/{aspiration.code}/" in text
    for secret in ("Siti", "0812", "siti@example.com", aspiration.description):
        assert secret not in text


def test_receipt_download_of_an_unknown_code_is_404(client, db):
    assert client.get("/aspirasi/terkirim/NK-AAAA-AAAA-AAAA-AAAA/tanda-terima.txt").status_code == 404


def test_tracking_page_shows_what_the_resident_sent_and_when_to_expect_an_answer(client, world, bhabin):
    aspiration = make_aspiration(
        rw=world.rw18, description="Lampu jalan mati di gang Melati.", photos=[jpeg_with_gps()]
    )
    html = client.get(f"/aspirasi/lacak/{aspiration.code}/").content.decode()
    assert "Lampu jalan mati di gang Melati." in html.split('data-testid="description"', 1)[1]
    kind = html.split('data-testid="kind">', 1)[1].split("</dd>", 1)[0]
    assert kind == f"{aspiration.get_kind_display()} · {aspiration.category}" and "Keluhan" in kind
    due = timezone.localtime(aspiration.due_at)
    assert f"{due:%H:%M} WIB" in html.split('data-testid="due">', 1)[1].split("</dd>", 1)[0]
    assert "Diterima: menunggu dibaca oleh petugas kelurahan Anda." in html
    photo = aspiration.photos.get()
    src = f"/aspirasi/lacak/{aspiration.code}/foto/{photo.pk}/"
    assert f'src="{src}"' in html
    response = client.get(src)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=3600"


def test_tracking_page_says_where_it_stands_in_plain_words(client, aspiration, bhabin, tawuran):
    services.triage_aspiration(
        actor=bhabin, aspiration=aspiration, kind=Kind.COMPLAINT, category=tawuran, priority="high"
    )
    services.ask_reporter(actor=bhabin, aspiration=aspiration, question="Di gang mana?")
    aspiration.refresh_from_db()
    assert aspiration.status == Status.WAITING_REPORTER
    html = client.get(f"/aspirasi/lacak/{aspiration.code}/").content.decode()
    sentence = html.split('data-testid="status-sentence">', 1)[1].split("</p>", 1)[0]
    assert "Menunggu jawaban Anda" in sentence


def test_a_photo_opens_full_size_without_csp_refusals(client, world, bhabin):
    aspiration = make_aspiration(rw=world.rw18, photos=[jpeg_with_gps()])
    photo = aspiration.photos.get()
    response = client.get(f"/aspirasi/lacak/{aspiration.code}/foto/{photo.pk}/")
    assert response.status_code == 200
    assert_image_policy(response)
    assert response["Cache-Control"] == "private, max-age=3600"
    assert_strict_styles(client.get(f"/aspirasi/lacak/{aspiration.code}/"))


def test_a_photo_opens_only_with_the_code_of_its_own_aspiration(client, world, bhabin):
    mine = make_aspiration(rw=world.rw18, photos=[jpeg_with_gps()])
    other = make_aspiration(rw=world.rw18)
    photo = mine.photos.get()
    assert client.get(f"/aspirasi/lacak/{other.code}/foto/{photo.pk}/").status_code == 404
    assert client.get(f"/aspirasi/lacak/NK-AAAA-AAAA-AAAA-AAAA/foto/{photo.pk}/").status_code == 404


def test_form_asks_the_privacy_question_once(client, world):
    html = client.get(URL).content.decode()
    assert html.count("Siapa yang boleh tahu bahwa ini dari Anda?") == 1
    assert html.count('name="privacy"') == 3
    assert 'value="anonymous" id="id_privacy_2" checked' in html


def test_form_privacy_error_is_shown_next_to_the_choices(client, form_data):
    response = client.post(URL, {**form_data, "privacy": "nobody"})
    assert response.status_code == 400
    choices = (
        response.content.decode().split('data-testid="privacy-choices"', 1)[1].split("</fieldset>", 1)[0]
    )
    assert "invalid-feedback" in choices
    assert Aspiration.objects.count() == 0


def test_form_step_button_keeps_the_position_and_does_not_look_disabled(client, world):
    html = client.get(URL).content.decode()
    button = html.split('data-testid="step-button"', 1)[0].rsplit("<button", 1)[1]
    assert 'formaction="/aspirasi/kirim/#wilayah"' in button
    assert "btn-outline-secondary" not in button and "btn-sm" not in button
    assert 'id="wilayah"' in html
    # Only the step button goes back to the area section: the form itself posts to the plain
    # address, so after a step a failed Send opens at the error summary (and a receipt's URL
    # does not inherit #wilayah through the redirect).
    stepped = client.post(URL, {"langkah": "1"}).content.decode()
    assert '<form method="post" action="/aspirasi/kirim/"' in stepped
