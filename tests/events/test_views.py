import html
import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.enums import OfficerRole, SessionStatus
from events.models import CalendarFeed, Session, SessionPhoto
from ngopi.areas import services as area_services
from tests.csp import assert_image_policy, assert_strict_styles
from tests.factories import UserFactory
from tests.images import fake_jpeg, jpeg_with_gps

from .conftest import wib


@pytest.fixture
def session(make_session):
    return make_session()


STAFF_PAGES = [
    "/staf/kegiatan/{pk}/",
    "/staf/kegiatan/{pk}/ubah/",
    "/staf/kegiatan/{pk}/laporan/",
    "/staf/kegiatan/{pk}/poster/",
]


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_session_pages_are_404_for_another_polres(client, session, kapolres_depok, url):
    client.force_login(kapolres_depok)
    assert client.get(url.format(pk=session.pk)).status_code == 404


@pytest.mark.parametrize("url", ["/staf/kegiatan/{pk}/", "/staf/kegiatan/{pk}/poster/"])
def test_session_pages_are_404_for_the_bhabin_of_another_polsek(client, session, other_bhabin, url):
    client.force_login(other_bhabin)
    assert client.get(url.format(pk=session.pk)).status_code == 404


def test_session_detail_is_seen_by_the_chain_of_command(
    client, session, bhabin, kapolsek, kapolres, dirbinmas
):
    for user in (bhabin, kapolsek, kapolres, dirbinmas):
        client.force_login(user)
        response = client.get(f"/staf/kegiatan/{session.pk}/")
        assert response.status_code == 200, user.username
        assert "Ngopi Kamtibmas RW 18" in response.content.decode()


def test_postpone_and_cancel_are_404_across_units(client, session, kapolres_depok):
    client.force_login(kapolres_depok)
    assert client.post(f"/staf/kegiatan/{session.pk}/tunda/", {"reason": "x"}).status_code == 404
    assert client.post(f"/staf/kegiatan/{session.pk}/batal/", {"reason": "x"}).status_code == 404
    assert Session.objects.get(pk=session.pk).status == SessionStatus.PLANNED


def test_staff_list_shows_only_sessions_in_scope(client, make_session, world, other_bhabin, kapolres_depok):
    make_session()
    make_session(post=world.post_rw03, lead=other_bhabin, title="Ngopi Margahayu")
    client.force_login(other_bhabin)
    body = client.get("/staf/kegiatan/").content.decode()
    assert "Ngopi Margahayu" in body and "Ngopi Kamtibmas RW 18" not in body
    client.force_login(kapolres_depok)
    body = client.get("/staf/kegiatan/").content.decode()
    assert "Ngopi Margahayu" not in body and "Ngopi Kamtibmas RW 18" not in body


def test_staff_list_filters_by_status_and_operation(client, make_session, world, operation, binmas, kapolres):
    make_session(operation=operation, title="Dalam operasi")
    other = make_session(post=world.post_rw19, start=8, end=9, title="Di luar operasi")
    services.cancel_session(actor=binmas, session=other, reason="Hujan")
    client.force_login(kapolres)
    body = client.get("/staf/kegiatan/", {"operation": operation.pk}).content.decode()
    assert "Dalam operasi" in body and "Di luar operasi" not in body
    body = client.get("/staf/kegiatan/", {"status": "cancelled"}).content.decode()
    assert "Di luar operasi" in body and "Dalam operasi" not in body


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize("url", ["/staf/kegiatan/", "/kegiatan/"])
def test_list_filter_menus_are_read_without_server_side_cursors(client, make_session, binmas, url):
    """Each menu is one plain SELECT (``MenuChoiceField``), not a server-side cursor's three
    round trips on every view of the list."""
    make_session()
    client.force_login(binmas)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert [q["sql"][:60] for q in ctx.captured_queries if q["sql"].startswith("DECLARE")] == []


def _links(page: str, marker: str) -> list[dict[str, list[str]]]:
    """The query of every link in the element marked ``marker`` (or of every link after it)."""
    part = page.split(marker, 1)[1]
    return [parse_qs(urlsplit(html.unescape(href)).query) for href in re.findall(r'href="([^"]*)"', part)]


def test_status_links_replace_the_status_and_keep_the_other_filters(client, make_session, world, binmas):
    make_session()
    client.force_login(binmas)
    page = client.get("/staf/kegiatan/", {"status": "planned", "unit": world.polsek.pk}).content.decode()
    counts = page.split('data-testid="status-counts"', 1)[1].split("</p>", 1)[0]
    links = _links(counts, ">")
    assert [link["status"] for link in links] == [[s] for s in SessionStatus.values]
    assert all(link["unit"] == [str(world.polsek.pk)] for link in links)


def test_calendar_links_replace_the_day_and_keep_the_filters(client, make_session, world, binmas, next_week):
    for hour in (8, 10, 12, 14, 16):  # more than a month cell lists: it links the day's list
        make_session(start=hour, end=hour + 1)
    client.force_login(binmas)
    query = {"view": "month", "date": next_week.isoformat(), "unit": world.polsek.pk}
    query.update(date_from=next_week.isoformat(), date_to=next_week.isoformat())
    page = client.get("/staf/kegiatan/kalender/", query).content.decode()
    links = [link for link in _links(page, "<main") if "unit" in link]
    day = next_week.isoformat()
    assert len(links) == 5  # previous, next, month, week, the day's list
    for link in links:
        assert link["unit"] == [str(world.polsek.pk)]
        assert all(len(values) == 1 for values in link.values()), link
    assert {"date_from": [day], "date_to": [day], "unit": [str(world.polsek.pk)]} in links


@pytest.mark.parametrize(
    "url",
    ["/staf/kegiatan/", "/staf/kegiatan/kalender/", "/staf/kegiatan/saya/", "/staf/operasi/", "/kegiatan/"],
)
def test_lists_query_count_does_not_grow_with_sessions(
    client, make_session, world, kind, binmas, bhabin, next_week, url, operation
):
    client.force_login(bhabin)
    make_session(operation=operation)
    few = _count(client, url)
    for i in range(12):
        services.schedule_session(
            actor=binmas,
            kind=kind,
            title=f"Sesi {i}",
            post=world.post_rw19,
            starts_at=wib(next_week, 6) + timedelta(hours=i * 24 + 0),
            ends_at=wib(next_week, 7) + timedelta(hours=i * 24),
            organiser=world.polres,
            operation=operation,
            officers=[services.OfficerSlot(officer=bhabin, role=OfficerRole.LEAD)],
        )
    assert _count(client, url) == few


def test_staff_list_pages_with_a_keyset_cursor(
    client, make_session, world, kind, binmas, kapolres, next_week
):
    for i in range(30):
        services.schedule_session(
            actor=binmas,
            kind=kind,
            title=f"Sesi {i:02d}",
            post=world.post_rw19,
            starts_at=wib(next_week, 6) + timedelta(days=i),
            ends_at=wib(next_week, 7) + timedelta(days=i),
            organiser=world.polres,
        )
    client.force_login(kapolres)
    first = client.get("/staf/kegiatan/")
    assert first.context["page"].next_token
    second = client.get("/staf/kegiatan/", {"after": first.context["page"].next_token})
    titles = [s.title for s in first.context["page"]] + [s.title for s in second.context["page"]]
    assert titles == [f"Sesi {i:02d}" for i in range(30)]
    assert client.get("/staf/kegiatan/", {"after": "rusak!!"}).status_code == 200


def test_create_form_bad_input_keeps_what_was_typed_and_saves_nothing(
    client, world, binmas, bhabin, kind, next_week
):
    client.force_login(binmas)
    data = {
        "kind": kind.pk,
        "title": "Ngopi sore",
        "post": world.post_rw18.pk,
        "starts_at": f"{next_week:%Y-%m-%d}T21:00",
        "ends_at": f"{next_week:%Y-%m-%d}T19:00",
        "operation": "",
        "agenda": "Tawuran <script>alert(1)</script>",
        "officers-TOTAL_FORMS": "1",
        "officers-INITIAL_FORMS": "0",
        "officers-0-officer": bhabin.pk,
        "officers-0-role": "lead",
        "guests-TOTAL_FORMS": "1",
        "guests-INITIAL_FORMS": "0",
        "guests-0-position": "",
        "guests-0-name": "Pak Hasan",
        "guests-0-institution": "",
    }
    response = client.post("/staf/kegiatan/baru/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kegiatan harus berakhir setelah dimulai." in body
    assert "Ngopi sore" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body
    assert not Session.objects.exists()


def test_create_form_reports_a_conflict_in_words(
    client, make_session, world, binmas, bhabin, kind, next_week
):
    make_session()
    client.force_login(binmas)
    data = {
        "kind": kind.pk,
        "title": "Bentrok",
        "post": world.post_rw19.pk,
        "starts_at": f"{next_week:%Y-%m-%d}T20:00",
        "ends_at": f"{next_week:%Y-%m-%d}T22:00",
        "operation": "",
        "agenda": "",
        "officers-TOTAL_FORMS": "1",
        "officers-INITIAL_FORMS": "0",
        "officers-0-officer": bhabin.pk,
        "officers-0-role": "lead",
        "guests-TOTAL_FORMS": "0",
        "guests-INITIAL_FORMS": "0",
    }
    body = client.post("/staf/kegiatan/baru/", data).content.decode()
    assert "sudah ditugaskan" in body
    assert Session.objects.count() == 1


def test_create_form_happy_path(client, world, binmas, bhabin, kind, next_week):
    client.force_login(binmas)
    data = {
        "kind": kind.pk,
        "title": "Ngopi malam",
        "post": world.post_rw18.pk,
        "starts_at": f"{next_week:%Y-%m-%d}T19:30",
        "ends_at": f"{next_week:%Y-%m-%d}T21:30",
        "operation": "",
        "agenda": "Kenakalan remaja",
        "officers-TOTAL_FORMS": "1",
        "officers-INITIAL_FORMS": "0",
        "officers-0-officer": bhabin.pk,
        "officers-0-role": "lead",
        "guests-TOTAL_FORMS": "1",
        "guests-INITIAL_FORMS": "0",
        "guests-0-position": "Lurah",
        "guests-0-name": "",
        "guests-0-institution": "",
    }
    response = client.post("/staf/kegiatan/baru/", data)
    session = Session.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staf/kegiatan/{session.pk}/"
    assert timezone.localtime(session.starts_at).strftime("%H:%M") == "19:30"  # typed in WIB


def test_bhabin_cannot_schedule(client, bhabin):
    client.force_login(bhabin)
    assert client.get("/staf/kegiatan/baru/").status_code == 403


def test_lead_files_report_with_a_photo_stripped_of_gps(client, session, bhabin, next_week):
    with time_machine.travel(wib(next_week, 22)):
        client.force_login(bhabin)
        response = client.post(
            f"/staf/kegiatan/{session.pk}/laporan/",
            {
                "held": "yes",
                "residents_count": "35",
                "leaders_count": "4",
                "agencies_count": "2",
                "summary": "Warga melaporkan rencana tawuran",
                "issues_raised": "",
                "photos": [jpeg_with_gps()],
            },
        )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.REPORTED
    photo = SessionPhoto.objects.get()
    from PIL import Image

    with photo.image.open("rb") as f, Image.open(f) as image:
        assert not image.getexif()
    client.force_login(bhabin)
    assert client.get(f"/staf/kegiatan/{session.pk}/foto/{photo.pk}/").status_code == 200


def test_report_photo_is_404_for_another_polres(client, session, bhabin, kapolres_depok, next_week):
    with time_machine.travel(wib(next_week, 22)):
        client.force_login(bhabin)
        client.post(
            f"/staf/kegiatan/{session.pk}/laporan/",
            {"held": "yes", "residents_count": "3", "summary": "ok", "photos": [jpeg_with_gps()]},
        )
    photo = SessionPhoto.objects.get()
    client.force_login(kapolres_depok)
    assert client.get(f"/staf/kegiatan/{session.pk}/foto/{photo.pk}/").status_code == 404


def test_report_photo_opens_full_size_without_csp_refusals(client, session, bhabin, next_week):
    with time_machine.travel(wib(next_week, 22)):
        client.force_login(bhabin)
        client.post(
            f"/staf/kegiatan/{session.pk}/laporan/",
            {"held": "yes", "residents_count": "3", "summary": "ok", "photos": [jpeg_with_gps()]},
        )
    photo = SessionPhoto.objects.get()
    response = client.get(f"/staf/kegiatan/{session.pk}/foto/{photo.pk}/")
    assert response.status_code == 200
    assert_image_policy(response)
    assert "no-store" in response["Cache-Control"]
    # the session's page, which shows the photo, keeps the strict policy
    assert_strict_styles(client.get(f"/staf/kegiatan/{session.pk}/"))


def test_report_refuses_a_file_that_is_not_a_photo(client, session, bhabin, next_week):
    with time_machine.travel(wib(next_week, 22)):
        client.force_login(bhabin)
        response = client.post(
            f"/staf/kegiatan/{session.pk}/laporan/",
            {
                "held": "yes",
                "residents_count": "35",
                "summary": "Ringkasan tetap ada",
                "photos": [fake_jpeg()],
            },
        )
    assert response.status_code == 200
    body = response.content.decode()
    assert "bukan-foto.jpg" in body
    assert "Ringkasan tetap ada" in body
    assert Session.objects.get(pk=session.pk).status == SessionStatus.PLANNED


def test_report_by_an_officer_who_is_not_the_lead_is_refused(client, session, kapolsek, other_bhabin, world):
    # a colleague who sees the session but is not its lead may not report on it
    colleague = UserFactory(username="bhabin3", unit=world.polsek)
    area_services.set_village_coverage(
        village=world.pekayon, polsek=world.polsek, officers=[colleague, *world.pekayon.bhabinkamtibmas.all()]
    )
    client.force_login(colleague)
    assert client.get(f"/staf/kegiatan/{session.pk}/laporan/").status_code == 403


def test_public_detail_shows_place_and_time_but_no_officer_details(client, session, bhabin):
    bhabin.phone = "0812-3456-7890"
    bhabin.save()
    body = client.get(f"/kegiatan/{session.pk}/").content.decode()
    assert "Pos Satkamling Sekretariat RW 18" in body
    assert "0812-3456-7890" not in body
    assert bhabin.last_name not in body
    assert f"/aspirasi/kirim/?area={session.rw_id}&amp;kegiatan={session.pk}" in body


def test_public_list_filters_by_kelurahan(client, make_session, world, other_bhabin):
    make_session()
    make_session(post=world.post_rw03, lead=other_bhabin, title="Ngopi Margahayu")
    body = client.get("/kegiatan/", {"area": world.margahayu.pk}).content.decode()
    assert "Ngopi Margahayu" in body and "Ngopi Kamtibmas RW 18" not in body
    body = client.get("/kegiatan/", {"area": world.city.pk}).content.decode()
    assert "Ngopi Margahayu" in body and "Ngopi Kamtibmas RW 18" in body


def test_public_ical_feed_is_valid_and_filtered(client, make_session, world, other_bhabin, binmas):
    make_session()
    cancelled = make_session(post=world.post_rw03, lead=other_bhabin, title="Batal")
    services.cancel_session(actor=binmas, session=cancelled, reason="x")
    response = client.get("/kegiatan/kalender.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Ngopi Kamtibmas: Ngopi Kamtibmas RW 18"]
    assert "Pos Satkamling Sekretariat RW 18" in str(events[0]["location"])
    assert events[0].decoded("dtstart").utcoffset() is not None
    filtered = Calendar.from_ical(client.get("/kegiatan/kalender.ics", {"area": world.margahayu.pk}).content)
    assert filtered.walk("VEVENT") == []


def test_officer_feed_is_private_and_revocable(client, session, bhabin):
    client.force_login(bhabin)
    client.post("/staf/kegiatan/saya/kalender/")
    token = CalendarFeed.objects.get(user=bhabin).token
    client.logout()
    feed = Calendar.from_ical(client.get(f"/kegiatan/kalender/{token}.ics").content)
    assert len(feed.walk("VEVENT")) == 1
    client.force_login(bhabin)
    client.post("/staf/kegiatan/saya/kalender/")
    assert client.get(f"/kegiatan/kalender/{token}.ics").status_code == 404


def test_poster_has_a_qr_code_for_the_prefilled_form(client, session, kapolsek, settings):
    settings.NGOPI_SITE_URL = "https://ngopi.example.id"
    client.force_login(kapolsek)
    # Opened on another host (an officer on the office LAN): the poster still prints the site's
    # public address, which residents' phones reach.
    body = client.get(f"/staf/kegiatan/{session.pk}/poster/", HTTP_HOST="localhost").content.decode()
    assert "<svg" in body
    assert f"https://ngopi.example.id/aspirasi/kirim/?area={session.rw_id}&amp;kegiatan={session.pk}" in body
    assert f"https://ngopi.example.id/wilayah/{session.rw_id}/" in body
    assert "localhost" not in body


@pytest.mark.parametrize("stop", ["cancel_session", "postpone_session"])
def test_no_poster_for_a_session_residents_can_no_longer_come_to(client, session, binmas, kapolsek, stop):
    """A cancelled or postponed session offers no poster: its QR code would invite residents to
    a session that is not going to take place then."""
    getattr(services, stop)(actor=binmas, session=session, reason="Banjir")
    client.force_login(kapolsek)
    detail = client.get(f"/staf/kegiatan/{session.pk}/").content.decode()
    assert f"/staf/kegiatan/{session.pk}/poster/" not in detail
    response = client.get(f"/staf/kegiatan/{session.pk}/poster/", follow=True)
    assert response.redirect_chain == [(f"/staf/kegiatan/{session.pk}/", 302)]
    assert "Poster mengundang warga" in response.content.decode()


def test_operation_coverage_counts_per_polsek(
    client, make_session, world, operation, bhabin, other_bhabin, binmas, kapolres, kapolsek, next_week
):
    held = make_session(operation=operation)
    make_session(post=world.post_rw03, lead=other_bhabin, operation=operation, title="Margahayu")
    with time_machine.travel(wib(next_week, 22)):
        services.file_report(
            actor=bhabin, session=held, residents_count=20, leaders_count=1, agencies_count=0, summary="ok"
        )
    client.force_login(kapolres)
    page = client.get(f"/staf/operasi/{operation.pk}/")
    total = page.context["total"]
    assert (total.posts, total.posts_covered, total.reported, total.planned, total.residents) == (
        3,
        1,
        1,
        1,
        20,
    )
    client.force_login(kapolsek)
    total = client.get(f"/staf/operasi/{operation.pk}/").context["total"]
    assert (total.posts, total.reported, total.planned) == (2, 1, 0)


def test_operation_of_another_polres_is_404(client, world, kapolres, kapolres_depok):
    op = services.create_operation(
        actor=kapolres_depok,
        name="Operasi Depok",
        unit=world.polres_depok,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    client.force_login(kapolres)
    assert client.get(f"/staf/operasi/{op.pk}/").status_code == 404
    client.force_login(kapolres_depok)
    assert client.get(f"/staf/operasi/{op.pk}/").status_code == 200


def test_batch_page_is_404_for_another_polres(client, world, bhabin, kind, binmas, kapolres_depok, next_week):
    batch, _plan = services.schedule_batch(
        actor=binmas,
        title="Serentak",
        kind=kind,
        unit=world.polres,
        starts_at=wib(next_week, 19),
        ends_at=wib(next_week, 21),
    )
    client.force_login(kapolres_depok)
    assert client.get(f"/staf/kegiatan/serentak/{batch.pk}/").status_code == 404
    assert client.post(f"/staf/kegiatan/serentak/{batch.pk}/hentikan/", {"reason": "x"}).status_code == 404
    assert client.get("/staf/kegiatan/", {"batch": batch.pk}).status_code == 404


def test_postponed_session_page_offers_cancel_but_not_postpone_again(client, session, binmas):
    services.postpone_session(actor=binmas, session=session, reason="Hujan deras")
    client.force_login(binmas)
    body = client.get(f"/staf/kegiatan/{session.pk}/").content.decode()
    assert f"/staf/kegiatan/{session.pk}/batal/" in body
    assert f"/staf/kegiatan/{session.pk}/ubah/" in body
    assert f"/staf/kegiatan/{session.pk}/tunda/" not in body


def test_planned_session_page_offers_postpone_and_cancel_to_scheduling_staff_only(
    client, session, binmas, bhabin
):
    client.force_login(binmas)
    body = client.get(f"/staf/kegiatan/{session.pk}/").content.decode()
    assert f"/staf/kegiatan/{session.pk}/tunda/" in body and f"/staf/kegiatan/{session.pk}/batal/" in body
    client.force_login(bhabin)  # the lead reports; he neither postpones nor changes the plan
    body = client.get(f"/staf/kegiatan/{session.pk}/").content.decode()
    assert (
        f"/staf/kegiatan/{session.pk}/tunda/" not in body and f"/staf/kegiatan/{session.pk}/ubah/" not in body
    )


def test_session_page_links_to_the_aspirations_of_the_session(client, session, bhabin):
    client.force_login(bhabin)
    body = client.get(f"/staf/kegiatan/{session.pk}/").content.decode()
    assert f"/staf/aspirasi/kegiatan/{session.pk}/catat/" in body
    assert f"/staf/aspirasi/?session={session.pk}" in body


def test_cancelled_session_page_offers_no_recording_of_aspirations(client, session, binmas):
    services.cancel_session(actor=binmas, session=session, reason="Situasi tidak kondusif")
    client.force_login(binmas)
    body = client.get(f"/staf/kegiatan/{session.pk}/").content.decode()
    assert f"/staf/aspirasi/kegiatan/{session.pk}/catat/" not in body
    assert f"/staf/aspirasi/?session={session.pk}" in body
    assert f"/staf/kegiatan/{session.pk}/batal/" not in body


def test_postponing_a_postponed_session_by_its_address_is_refused_in_words(client, session, binmas):
    services.postpone_session(actor=binmas, session=session, reason="Hujan deras")
    client.force_login(binmas)
    response = client.post(f"/staf/kegiatan/{session.pk}/tunda/", {"reason": "Lagi"}, follow=True)
    assert "tidak dapat diubah menjadi" in response.content.decode()
    assert Session.objects.get(pk=session.pk).status_reason == "Hujan deras"


def test_staff_navigation_offers_scheduling_to_scheduling_staff_only(client, bhabin, binmas):
    client.force_login(bhabin)
    assert "/staf/kegiatan/baru/" not in client.get("/staf/kegiatan/").content.decode()
    client.force_login(binmas)
    assert "/staf/kegiatan/baru/" in client.get("/staf/kegiatan/").content.decode()


def test_every_events_get_absolute_url_opens_its_page(
    client, session, binmas, bhabin, kind, world, operation
):
    batch, _plan = services.schedule_batch(
        actor=binmas,
        title="Serentak",
        kind=kind,
        unit=world.polres,
        starts_at=session.starts_at + timedelta(days=1),
        ends_at=session.ends_at + timedelta(days=1),
    )
    feed = services.renew_calendar_feed(user=bhabin)
    client.force_login(binmas)
    for obj in (session, batch, operation, feed):
        assert client.get(obj.get_absolute_url()).status_code == 200, obj
    assert client.get(session.get_public_url()).status_code == 200
