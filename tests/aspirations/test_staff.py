"""Staff pages: the inbox, detail and actions, scoping (404 across units), identity, capture."""

import re
from datetime import date

import pytest

from aspirations import services
from aspirations.enums import Kind, Privacy, Status
from aspirations.models import Aspiration, IdentityView, TimelineEntry
from tests.csp import assert_image_policy, assert_strict_styles

from .factories import jpeg_with_gps, make_aspiration, make_session

SCRIPT = '<script>alert("x")</script>'


def test_inbox_requires_sign_in(client, aspiration):
    response = client.get("/staf/aspirasi/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_inbox_shows_own_kelurahan_only(login, bhabin, aspiration, margahayu_aspiration):
    html = login(bhabin).get("/staf/aspirasi/").content.decode()
    assert aspiration.code in html
    assert margahayu_aspiration.code not in html


@pytest.mark.parametrize(
    "persona,sees_rw18,sees_rw03",
    [
        ("kapolsek", True, False),
        ("kapolres", True, True),
        ("kapolres_depok", False, False),
        ("dirbinmas", True, True),
        ("other_bhabin", False, True),
        ("administrator", True, True),
    ],
)
def test_inbox_scoped_by_command(
    request, login, aspiration, margahayu_aspiration, persona, sees_rw18, sees_rw03
):
    user = request.getfixturevalue(persona)
    html = login(user).get("/staf/aspirasi/").content.decode()
    assert (aspiration.code in html) is sees_rw18
    assert (margahayu_aspiration.code in html) is sees_rw03


def test_detail_of_other_unit_is_404(login, other_bhabin, kapolres_depok, aspiration):
    for user in (other_bhabin, kapolres_depok):
        client = login(user)
        assert client.get(f"/staf/aspirasi/{aspiration.pk}/").status_code == 404
        assert client.post(f"/staf/aspirasi/{aspiration.pk}/note/", {"note-text": "x"}).status_code == 404
        assert client.get(f"/staf/aspirasi/{aspiration.pk}/identitas/").status_code == 404
    assert TimelineEntry.objects.filter(aspiration=aspiration).count() == 1


def test_photo_served_in_scope_and_404_outside(login, world, bhabin, other_bhabin):
    aspiration = make_aspiration(rw=world.rw18, photos=[services_photo()])
    photo = aspiration.photos.get()
    url = f"/staf/aspirasi/{aspiration.pk}/foto/{photo.pk}/"
    response = login(bhabin).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert login(other_bhabin).get(url).status_code == 404
    assert (
        login(other_bhabin).get(f"/staf/aspirasi/{aspiration.pk + 1000}/foto/{photo.pk}/").status_code == 404
    )


def test_photo_opens_full_size_without_csp_refusals(client, login, world, bhabin):
    aspiration = make_aspiration(rw=world.rw18, photos=[services_photo()])
    photo = aspiration.photos.get()
    url = f"/staf/aspirasi/{aspiration.pk}/foto/{photo.pk}/"
    # signed out: the redirect to the sign-in page is a page, with the strict policy
    signed_out = client.get(url)
    assert signed_out.status_code == 302 and "'unsafe-inline'" not in signed_out["Content-Security-Policy"]
    staff = login(bhabin)
    response = staff.get(url)
    assert response.status_code == 200
    assert_image_policy(response)
    assert "no-store" in response["Cache-Control"]
    assert_strict_styles(staff.get(f"/staf/aspirasi/{aspiration.pk}/"))
    missing = staff.get(f"/staf/aspirasi/{aspiration.pk}/foto/{photo.pk + 1000}/")
    assert missing.status_code == 404 and "'unsafe-inline'" not in missing["Content-Security-Policy"]


def services_photo():
    from ngopi.core.images import clean_photo

    return clean_photo(jpeg_with_gps())


def test_search_finds_words_within_scope_only(login, world, bhabin, other_bhabin):
    mine = make_aspiration(rw=world.rw18, description="Balap liar di jalan Pekayon setiap malam")
    theirs = make_aspiration(rw=world.rw03, description="Balap liar di jalan Margahayu setiap malam")
    html = login(bhabin).get("/staf/aspirasi/", {"q": "balap"}).content.decode()
    assert mine.code in html and theirs.code not in html
    html = login(other_bhabin).get("/staf/aspirasi/", {"q": mine.code.lower()}).content.decode()
    assert mine.code not in html


def test_search_by_tracking_code(login, world, bhabin, aspiration):
    other = make_aspiration(rw=world.rw18, description="Lain lagi")
    html = login(bhabin).get("/staf/aspirasi/", {"q": aspiration.code.replace("-", "")}).content.decode()
    assert aspiration.code in html and other.code not in html


def test_inbox_filters(login, world, bhabin, tawuran):
    urgent_tip = make_aspiration(rw=world.rw18, kind=Kind.TIP, urgent=True)
    plain = make_aspiration(rw=world.rw19, kind=Kind.COMPLAINT)
    client = login(bhabin)
    html = client.get("/staf/aspirasi/", {"urgent": "on"}).content.decode()
    assert urgent_tip.code in html and plain.code not in html
    html = client.get("/staf/aspirasi/", {"kind": "complaint"}).content.decode()
    assert plain.code in html and urgent_tip.code not in html
    html = client.get("/staf/aspirasi/", {"status": "resolved"}).content.decode()
    assert plain.code not in html
    html = client.get("/staf/aspirasi/", {"sort": "due"}).content.decode()
    assert html.index(urgent_tip.code) < html.index(plain.code)
    # Bad filter values are ignored, never a 500.
    assert client.get("/staf/aspirasi/", {"category": "x", "unit": "'", "after": "%%%"}).status_code == 200


def test_inbox_paginates_with_keyset(login, world, bhabin):
    codes = [make_aspiration(rw=world.rw18).code for _ in range(30)]
    client = login(bhabin)
    first = client.get("/staf/aspirasi/")
    assert len(first.context["page"].rows) == 25
    token = first.context["page"].next_token
    second = client.get("/staf/aspirasi/", {"after": token})
    shown = {a.code for a in first.context["page"].rows} | {a.code for a in second.context["page"].rows}
    assert shown == set(codes)


def test_scripts_in_text_are_escaped_on_staff_pages(login, world, bhabin, kapolsek, binmas):
    aspiration = make_aspiration(
        rw=world.rw18,
        description=SCRIPT,
        location_detail=SCRIPT,
        privacy=Privacy.PUBLIC,
        name=SCRIPT,
        phone="0812 1111 2222",
        consent=True,
    )
    services.add_note(actor=bhabin, aspiration=aspiration, text=SCRIPT)
    for user in (bhabin, kapolsek):
        client = login(user)
        for url in ("/staf/aspirasi/", f"/staf/aspirasi/{aspiration.pk}/"):
            html = client.get(url).content.decode()
            assert SCRIPT not in html
            assert "&lt;script&gt;" in html


def test_scripts_in_confidential_identity_page_are_escaped(login, world, bhabin):
    aspiration = make_aspiration(
        rw=world.rw18, privacy=Privacy.CONFIDENTIAL, name=SCRIPT, phone="0812", consent=True
    )
    html = login(bhabin).get(f"/staf/aspirasi/{aspiration.pk}/identitas/").content.decode()
    assert SCRIPT not in html and "&lt;script&gt;" in html


def test_public_identity_shown_to_staff_in_scope(login, world, bhabin, binmas):
    aspiration = make_aspiration(rw=world.rw18, privacy=Privacy.PUBLIC, name="Siti Aminah", consent=True)
    assert "Siti Aminah" in login(binmas).get(f"/staf/aspirasi/{aspiration.pk}/").content.decode()


@pytest.fixture
def confidential(world, bhabin):
    return make_aspiration(
        rw=world.rw18,
        privacy=Privacy.CONFIDENTIAL,
        name="Rahmat Hidayat",
        phone="0813 9999 0000",
        consent=True,
    )


@pytest.mark.parametrize("persona", ["bhabin", "kapolsek", "kapolres", "dirbinmas", "administrator"])
def test_confidential_identity_seen_by_assignee_and_commanders_and_logged(
    request, login, confidential, persona
):
    user = request.getfixturevalue(persona)
    client = login(user)
    detail = client.get(f"/staf/aspirasi/{confidential.pk}/").content.decode()
    assert "Rahmat Hidayat" not in detail  # only on request
    assert IdentityView.objects.count() == 0
    response = client.get(f"/staf/aspirasi/{confidential.pk}/identitas/")
    assert response.status_code == 200
    assert "Rahmat Hidayat" in response.content.decode()
    view = IdentityView.objects.get()
    assert (view.viewer, view.aspiration) == (user, confidential)
    client.get(f"/staf/aspirasi/{confidential.pk}/identitas/")
    assert IdentityView.objects.count() == 2


def test_confidential_identity_hidden_from_staff_who_do_not_handle_it(login, world, confidential, binmas):
    second_bhabin = make_officer_covering(world)
    for user in (binmas, second_bhabin):
        client = login(user)
        assert "Rahmat Hidayat" not in client.get(f"/staf/aspirasi/{confidential.pk}/").content.decode()
        assert client.get(f"/staf/aspirasi/{confidential.pk}/identitas/").status_code == 404
    assert IdentityView.objects.count() == 0


def make_officer_covering(world):
    """A second Bhabinkamtibmas of Pekayon Jaya who is not the assignee."""
    from ngopi.accounts.enums import Role
    from ngopi.areas import services as area_services
    from tests.factories import UserFactory

    user = UserFactory(username="bhabin-b", role=Role.BHABINKAMTIBMAS, unit=world.polsek)
    area_services.set_village_coverage(
        village=world.pekayon, polsek=world.polsek, officers=[*world.pekayon.bhabinkamtibmas.all(), user]
    )
    return user


def test_anonymous_detail_has_no_identity_to_show(login, bhabin, aspiration):
    html = login(bhabin).get(f"/staf/aspirasi/{aspiration.pk}/").content.decode()
    assert "identitas/" not in html


def test_actions_through_the_detail_page(login, bhabin, aspiration, tawuran, outcome):
    client = login(bhabin)
    url = f"/staf/aspirasi/{aspiration.pk}/"
    response = client.post(
        url + "triage/", {"triage-kind": "tip", "triage-category": tawuran.pk, "triage-priority": "high"}
    )
    assert response.status_code == 302
    client.post(url + "ask/", {"ask-question": "Di lapangan mana?"})
    aspiration.refresh_from_db()
    assert aspiration.status == Status.WAITING_REPORTER
    # A tip cannot be resolved without verification: the form says so and nothing changes.
    response = client.post(url + "resolve/", {"resolve-outcome": outcome.pk, "resolve-resolution": "Selesai"})
    assert response.status_code == 400
    assert "Nyatakan apakah informasinya terbukti" in response.content.decode()
    response = client.post(
        url + "resolve/",
        {
            "resolve-outcome": outcome.pk,
            "resolve-resolution": "Tawuran dicegah",
            "resolve-verification": "proven",
            "resolve-verification_results": "35 motor diamankan",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Terbukti" in html and "35 motor diamankan" in html
    aspiration.refresh_from_db()
    assert aspiration.status == Status.RESOLVED


def test_action_not_allowed_in_status_is_refused(login, bhabin, aspiration):
    response = login(bhabin).post(f"/staf/aspirasi/{aspiration.pk}/reopen/", {"reopen-reason": "x"})
    assert response.status_code == 400
    aspiration.refresh_from_db()
    assert aspiration.status == Status.NEW


def test_unknown_action_is_404(login, bhabin, aspiration):
    assert login(bhabin).post(f"/staf/aspirasi/{aspiration.pk}/delete/").status_code == 404


def test_capture_at_session_by_lead_officer(login, world, bhabin, binmas, tawuran):
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin)
    client = login(bhabin)
    url = f"/staf/aspirasi/kegiatan/{session.pk}/catat/"
    assert client.get(url).status_code == 200
    data = {
        "entry-TOTAL_FORMS": "3",
        "entry-INITIAL_FORMS": "0",
        "entry-MIN_NUM_FORMS": "0",
        "entry-MAX_NUM_FORMS": "20",
    }
    for i, (text, privacy) in enumerate(
        [("Sering ada balap liar", "anonymous"), ("Ada judi online", "public")]
    ):
        data.update(
            {
                f"entry-{i}-kind": "complaint",
                f"entry-{i}-category": tawuran.pk,
                f"entry-{i}-description": text,
                f"entry-{i}-rw": world.rw18.pk,
                f"entry-{i}-privacy": privacy,
            }
        )
    data.update({"entry-1-name": "Pak Darto", "entry-1-consent": "on"})
    data.update({"entry-2-kind": "complaint", "entry-2-privacy": "anonymous", "entry-2-rw": world.rw18.pk})
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    created = Aspiration.objects.filter(session=session)
    assert created.count() == 2
    html = response.content.decode()
    for aspiration in created:
        assert aspiration.code in html
        assert aspiration.recorded_by == bhabin


def test_capture_refused_to_officer_not_on_the_session(login, world, bhabin, other_bhabin, binmas):
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin)
    assert login(other_bhabin).get(f"/staf/aspirasi/kegiatan/{session.pk}/catat/").status_code == 404


def test_capture_with_blank_rows_only_says_so(login, world, bhabin, binmas):
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin)
    data = {
        "entry-TOTAL_FORMS": "1",
        "entry-INITIAL_FORMS": "0",
        "entry-0-kind": "complaint",
        "entry-0-privacy": "anonymous",
        "entry-0-rw": world.rw18.pk,
    }
    response = login(bhabin).post(f"/staf/aspirasi/kegiatan/{session.pk}/catat/", data)
    assert response.status_code == 400
    assert "Tulis paling sedikit satu aspirasi" in response.content.decode()


def test_action_no_longer_allowed_says_why(login, bhabin, kapolsek, aspiration, tawuran):
    """Two officers on one page: the kapolsek refers it while the bhabin's page still offers
    triage; the bhabin's triage is refused and the page tells him why."""
    services.refer_aspiration(
        actor=kapolsek, aspiration=aspiration, body="Dinas PUPR", referred_on=date(2024, 11, 25)
    )
    response = login(bhabin).post(
        f"/staf/aspirasi/{aspiration.pk}/triage/",
        {"triage-kind": Kind.TIP, "triage-category": tawuran.pk, "triage-priority": "high"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    refused = "Tindakan ini tidak dapat dilakukan pada aspirasi yang berstatus dilimpahkan ke instansi lain."
    assert refused in html
    aspiration.refresh_from_db()
    assert aspiration.status == Status.REFERRED


def test_timeline_badge_says_the_reporter_sees_an_entry_not_the_privacy_mode(login, bhabin, aspiration):
    services.triage_aspiration(
        actor=bhabin,
        aspiration=aspiration,
        kind=Kind.COMPLAINT,
        category=aspiration.category,
        priority="high",
    )
    services.ask_reporter(
        actor=bhabin, aspiration=aspiration, question="Jam berapa biasanya mereka berkumpul?"
    )
    services.add_note(actor=bhabin, aspiration=aspiration, text="Cek dengan ketua RW.")
    html = login(bhabin).get(f"/staf/aspirasi/{aspiration.pk}/").content.decode()
    badges = re.findall(r'data-testid="visibility">([^<]+)<', html)
    assert "dilihat pelapor" in badges
    assert "internal" in badges
    assert "terbuka" not in badges


def test_a_refused_action_says_why_once_in_an_alert(login, aspiration, bhabin):
    """A refusal that belongs to no field (marking an aspiration a duplicate of itself) is shown
    once, in a role=alert box that screen readers announce (crispy's, made so site-wide)."""
    client = login(bhabin)
    url = f"/staf/aspirasi/{aspiration.pk}/duplicate/"
    response = client.post(url, {"duplicate-original": aspiration.code})
    assert response.status_code == 400  # the page again, with what was typed
    page = response.content.decode()
    message = "Aspirasi tidak dapat menjadi duplikat dirinya sendiri."
    assert page.count(message) == 1
    box = page[: page.index(message)].rsplit("<div", 1)[1]
    assert 'role="alert"' in box and "alert-danger" in box
