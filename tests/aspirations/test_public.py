"""The public pages: the form (and its bad inputs), the receipt, tracking, replies and ratings."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from aspirations import routing, services
from aspirations.enums import Kind, Privacy, Status
from aspirations.identity import reveal
from aspirations.models import Aspiration, AspirationPhoto
from ngopi.areas.enums import AreaLevel
from ngopi.settings import FRAGMENTS_CACHE
from tests.factories import AreaFactory

from .factories import jpeg_with_gps, make_aspiration, make_session

URL = "/aspirasi/kirim/"
PEKAYON_RWS = ["RW 18, Pekayon Jaya, Bekasi Selatan", "RW 19, Pekayon Jaya, Bekasi Selatan"]


def options(html: str, select_id: str) -> list[str]:
    """The labels of a select's options, the blank first one left out."""
    menu = html.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]
    return [part.split(">", 1)[1].split("<", 1)[0] for part in menu.split("<option")[2:]]


def test_form_starts_with_the_kota_and_lists_no_rw_until_a_kelurahan_is_chosen(client, world):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert options(html, "area-city") == ["Kota Bekasi", "Kota Depok"]
    assert options(html, "area-district") == options(html, "area-village") == []
    assert options(html, "id_area") == []
    assert "pilih kelurahan dulu" in html
    assert 'name="consent"' in html and 'name="photos"' in html


def test_form_prefills_area_and_session_from_poster(client, world, bhabin, binmas):
    session = make_session(post=world.post_rw19, actor=binmas, lead=bhabin)
    response = client.get(URL, {"area": world.rw19.pk, "kegiatan": session.pk})
    html = response.content.decode()
    assert f'<option value="{world.rw19.pk}" selected>' in html
    # The steps above the RW are chosen too, and its kelurahan's RWs listed.
    assert f'<option value="{world.pekayon.pk}" selected>Pekayon Jaya</option>' in html
    assert f'<option value="{world.pekayon.parent_id}" selected>Bekasi Selatan</option>' in html
    assert options(html, "id_area") == [
        "RW 18, Pekayon Jaya, Bekasi Selatan",
        "RW 19, Pekayon Jaya, Bekasi Selatan",
    ]
    assert session.title in html


def test_the_form_page_does_not_grow_with_the_jurisdiction(client, world):
    before = len(client.get(URL).content)
    district = AreaFactory(name="Rawalumbu", level=AreaLevel.DISTRICT, parent=world.pekayon.parent.parent)
    for v in range(5):
        village = AreaFactory(
            name=f"Kelurahan {v}", level=AreaLevel.VILLAGE, parent=district, polsek=world.polsek
        )
        AreaFactory.create_batch(40, level=AreaLevel.RW, parent=village)
    routing.forget()
    assert len(routing.current().rws) > 200
    html = client.get(URL).content.decode()
    assert abs(len(html) - before) < 200  # a few bytes of token and nothing per RW
    assert "Kelurahan 0" not in html


def test_area_steps_answer_one_level_at_a_time_without_queries(client, world, django_assert_num_queries):
    step = "/aspirasi/wilayah/"
    client.get(step)  # loads the routing table
    city = world.pekayon.parent.parent
    with django_assert_num_queries(0):
        top = client.get(step).json()["children"]
        districts = client.get(step, {"induk": city.pk}).json()["children"]
        rws = client.get(step, {"induk": world.pekayon.pk}).json()["children"]
    assert [c["label"] for c in top] == ["Kota Bekasi", "Kota Depok"]
    assert [c["label"] for c in districts] == ["Bekasi Selatan", "Bekasi Timur"]
    assert rws == [
        {"id": world.rw18.pk, "label": "RW 18, Pekayon Jaya, Bekasi Selatan"},
        {"id": world.rw19.pk, "label": "RW 19, Pekayon Jaya, Bekasi Selatan"},
    ]
    assert "max-age=" in client.get(step)["Cache-Control"]


@pytest.mark.parametrize("induk", ["abc", "999999", "province"])
def test_area_steps_refuse_what_is_not_in_the_tree(client, world, induk):
    value = {"province": world.pekayon.parent.parent.parent_id}.get(induk, induk)
    assert client.get("/aspirasi/wilayah/", {"induk": value}).status_code == 404


@override_settings(ASPIRATION_SUBMIT_LIMIT=1)
def test_without_script_the_steps_narrow_by_sending_the_form_back(client, form_data, world):
    city = world.pekayon.parent.parent
    typed = {**form_data, "area": "", "kota": city.pk, "langkah": "1", "urgent": "on"}
    response = client.post(URL, typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert options(html, "area-district") == ["Bekasi Selatan", "Bekasi Timur"]
    assert options(html, "id_area") == []
    assert form_data["description"] in html  # what was typed is kept
    assert 'name="urgent" checked' in html or "checked" in html.split('name="urgent"', 1)[1].split(">", 1)[0]
    assert "is-invalid" not in html  # nothing was checked yet
    assert 'data-testid="stepped"' in html  # and the resident is told photos must be chosen again
    assert 'data-testid="stepped"' not in client.get(URL).content.decode()
    typed.update(kecamatan=world.pekayon.parent_id, kelurahan=world.pekayon.pk)
    html = client.post(URL, typed).content.decode()
    assert options(html, "id_area") == [
        "RW 18, Pekayon Jaya, Bekasi Selatan",
        "RW 19, Pekayon Jaya, Bekasi Selatan",
    ]
    assert Aspiration.objects.count() == 0
    # Choosing the steps did not use up the address's submissions.
    assert client.post(URL, {**form_data, "kota": city.pk}).status_code == 302


def test_steps_read_from_the_top_a_kecamatan_of_another_kota_is_dropped(client, world):
    depok = world.rw01.parent.parent.parent
    html = client.get(URL, {"kota": depok.pk, "kecamatan": world.pekayon.parent_id}).content.decode()
    assert f'<option value="{depok.pk}" selected>Kota Depok</option>' in html
    assert options(html, "area-district") == ["Beji"]
    assert " selected>Bekasi Selatan" not in html


def test_submit_anonymous_tip_with_photo_redirects_to_receipt(client, form_data):
    form_data["photos"] = [jpeg_with_gps()]
    response = client.post(URL, form_data)
    aspiration = Aspiration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/aspirasi/terkirim/{aspiration.code}/"
    page = client.get(response["Location"]).content.decode()
    assert aspiration.code in page
    photo = AspirationPhoto.objects.get(aspiration=aspiration)
    with Image.open(photo.image.open("rb")) as image:
        assert image.format == "JPEG"
        assert not image.getexif()  # no EXIF at all, so no GPS


def test_submit_linked_to_session_and_its_operation(client, form_data, world, bhabin, binmas):
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin)
    form_data["kegiatan"] = session.pk
    client.post(URL, form_data)
    assert Aspiration.objects.get().session == session


def test_anonymous_submission_stores_nothing_identifying(client, form_data):
    form_data.update(name="Budi Santoso", phone="081234567890", email="budi@example.com", consent="on")
    client.post(URL, form_data, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Mozilla/5.0 Budi's phone")
    aspiration = Aspiration.objects.get()
    stored = " ".join(str(v) for v in Aspiration.objects.values().get().values())
    for secret in ("Budi", "0812345", "budi@example.com", "203.0.113.7", "Mozilla"):
        assert secret not in stored
    assert not aspiration.timeline.exclude(text="").exists()


def test_empty_post_shows_errors_on_the_form(client, world):
    response = client.post(URL, {})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Periksa kolom yang ditandai merah" in html
    assert Aspiration.objects.count() == 0


def test_public_without_name_or_consent_keeps_what_was_typed(client, form_data):
    form_data.update(privacy="public", phone="0812 3456 7890")
    response = client.post(URL, form_data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ada rencana tawuran Sabtu malam" in html
    assert "0812 3456 7890" in html
    assert Aspiration.objects.count() == 0


def test_huge_description_is_refused(client, form_data):
    form_data["description"] = "x" * 100_000
    response = client.post(URL, form_data)
    assert response.status_code == 400
    assert Aspiration.objects.count() == 0


@pytest.mark.parametrize(
    "field,value",
    [
        ("kind", "bribe"),
        ("category", "not-a-number"),
        ("category", "999999"),
        ("area", "abc"),
        ("privacy", "secret"),
        ("occurred_at", "kemarin sore"),
        ("occurred_at", "1900-01-01T10:00"),
        ("email", "not-an-email"),
    ],
)
def test_wrong_types_are_refused_with_a_message(client, form_data, field, value):
    form_data.update({field: value})
    if field == "email":
        form_data.update(privacy="public", name="Budi", consent="on")
    response = client.post(URL, form_data)
    assert response.status_code == 400
    assert 'class="invalid-feedback' in response.content.decode()
    assert Aspiration.objects.count() == 0


def test_rw_of_an_area_that_is_not_an_rw_is_refused(client, form_data, world):
    form_data["area"] = world.pekayon.pk
    assert client.post(URL, form_data).status_code == 400


def test_non_image_named_jpg_is_refused(client, form_data):
    form_data["photos"] = [
        SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    ]
    response = client.post(URL, form_data)
    assert response.status_code == 400
    assert "photo.jpg" in response.content.decode()
    assert Aspiration.objects.count() == 0


def test_more_than_three_photos_are_refused(client, form_data):
    form_data["photos"] = [jpeg_with_gps(f"p{i}.jpg") for i in range(4)]
    assert client.post(URL, form_data).status_code == 400
    assert Aspiration.objects.count() == 0


def test_oversized_photo_is_refused(client, form_data):
    blob = io.BytesIO()
    Image.new("RGB", (10, 10)).save(blob, format="PNG")
    big = blob.getvalue() + b"\0" * (9 * 1024 * 1024)
    form_data["photos"] = [SimpleUploadedFile("big.png", big, content_type="image/png")]
    assert client.post(URL, form_data).status_code == 400
    assert Aspiration.objects.count() == 0


def test_honeypot_filled_saves_nothing(client, form_data):
    form_data["homepage"] = "http://spam.example"
    assert client.post(URL, form_data).status_code == 400
    assert Aspiration.objects.count() == 0


@override_settings(ASPIRATION_SUBMIT_LIMIT=2)
def test_too_many_submissions_get_429(client, form_data):
    assert client.post(URL, form_data).status_code == 302
    assert client.post(URL, form_data).status_code == 302
    response = client.post(URL, form_data)
    assert response.status_code == 429
    assert "Retry-After" in response
    assert "Terlalu banyak" in response.content.decode()
    assert Aspiration.objects.count() == 2
    # Another address is not affected.
    assert client.post(URL, form_data, REMOTE_ADDR="198.51.100.9").status_code == 302


@override_settings(
    ASPIRATION_SUBMIT_LIMIT=1,
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "fragments": FRAGMENTS_CACHE,
    },
)
def test_the_submission_limit_holds_on_any_django_cache(client, form_data):
    assert client.post(URL, form_data).status_code == 302
    assert client.post(URL, form_data).status_code == 429


@override_settings(ASPIRATION_LOOKUP_LIMIT=3)
def test_too_many_code_lookups_get_429(client, world):
    client.get("/aspirasi/lacak/")  # the browser gets its CSRF cookie, which the limit counts by
    for _ in range(3):
        assert client.post("/aspirasi/lacak/", {"code": "NK-0000-0000-0000-0000"}).status_code == 400
    assert client.post("/aspirasi/lacak/", {"code": "NK-0000-0000-0000-0000"}).status_code == 429
    assert client.get("/aspirasi/lacak/NK-0000-0000-0000-0000/").status_code == 429


def test_lookup_tolerates_case_spaces_and_missing_dashes(client, aspiration):
    typed = aspiration.code.lower().replace("-", " ").replace("nk ", "")
    response = client.post("/aspirasi/lacak/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/aspirasi/lacak/{aspiration.code}/"
    compact = aspiration.code.replace("-", "").lower()
    assert client.get(f"/aspirasi/lacak/{compact}/").status_code == 302


def test_lookup_unknown_code_says_so(client, world):
    response = client.post("/aspirasi/lacak/", {"code": "NK-7K3Q-9XZ2-M4TD-H8PW"})
    assert response.status_code == 400
    assert "NK-7K3Q-9XZ2-M4TD-H8PW" in response.content.decode()
    assert client.get("/aspirasi/lacak/NK-7K3Q-9XZ2-M4TD-H8PW/").status_code == 404
    assert client.get("/aspirasi/lacak/garbage/").status_code == 404


def test_tracking_page_shows_public_rows_and_roles_not_names(client, aspiration, bhabin, tawuran):
    services.triage_aspiration(
        actor=bhabin, aspiration=aspiration, kind=Kind.TIP, category=tawuran, priority="high"
    )
    services.add_note(actor=bhabin, aspiration=aspiration, text="RAHASIA internal")
    services.ask_reporter(actor=bhabin, aspiration=aspiration, question="Berapa orang yang terlibat?")
    html = client.get(f"/aspirasi/lacak/{aspiration.code}/").content.decode()
    assert "Berapa orang yang terlibat?" in html
    assert "RAHASIA internal" not in html
    assert bhabin.last_name not in html and bhabin.username not in html
    assert "Bhabinkamtibmas" in html


def test_reporter_answers_question_on_tracking_page(client, aspiration, bhabin):
    services.triage_aspiration(
        actor=bhabin, aspiration=aspiration, kind="complaint", category=aspiration.category, priority="normal"
    )
    services.ask_reporter(actor=bhabin, aspiration=aspiration, question="Jam berapa?")
    response = client.post(f"/aspirasi/lacak/{aspiration.code}/balas/", {"text": "Jam 10 malam"}, follow=True)
    assert "Jam 10 malam" in response.content.decode()
    aspiration.refresh_from_db()
    assert aspiration.status == Status.IN_PROGRESS


def test_reporter_rates_after_resolution(client, aspiration, bhabin):
    from aspirations.models import OutcomeCode

    services.triage_aspiration(
        actor=bhabin, aspiration=aspiration, kind="complaint", category=aspiration.category, priority="normal"
    )
    services.resolve_aspiration(
        actor=bhabin,
        aspiration=aspiration,
        outcome=OutcomeCode.objects.get(code="mediation"),
        resolution="Damai",
    )
    url = f"/aspirasi/lacak/{aspiration.code}/nilai/"
    assert client.post(url, {"rating": "9"}).status_code == 400
    response = client.post(url, {"rating": "4", "comment": "Bagus"}, follow=True)
    assert "4" in response.content.decode()
    aspiration.refresh_from_db()
    assert aspiration.rating == 4


def test_receipt_for_unknown_code_is_404(client, db):
    assert client.get("/aspirasi/terkirim/NK-0000-0000-0000-0000/").status_code == 404


def test_confidential_submission_keeps_identity_with_consent(client, form_data):
    form_data.update(privacy="confidential", name="Rina", phone="0812 1111 2222", consent="on")
    assert client.post(URL, form_data).status_code == 302
    aspiration = Aspiration.objects.get()
    assert aspiration.privacy == Privacy.CONFIDENTIAL
    assert reveal(aspiration.reporter_identity).name == "Rina"


def test_make_aspiration_helper_routes(world, bhabin):
    assert make_aspiration(rw=world.rw19).assignee == bhabin


def test_a_request_with_too_many_files_is_refused_before_any_is_read(client, form_data):
    photos = [SimpleUploadedFile(f"foto{i}.jpg", b"x" * 10, content_type="image/jpeg") for i in range(11)]
    response = client.post("/aspirasi/kirim/", {**form_data, "photos": photos})
    assert response.status_code == 400
    assert "Permintaan tidak dapat dipahami" in response.content.decode()  # the app's own 400 page
    assert not Aspiration.objects.exists()
