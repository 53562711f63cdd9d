"""The "Hari ini" page (/staf/): where each signed-in person lands, with the clock set by time-machine."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aspirations import services
from aspirations.models import Aspiration
from events import services as event_services
from ngopi.core.dates import at_wib
from tests.aspirations.factories import make_aspiration, make_session
from tests.factories import PostFactory

DAY = date(2025, 3, 12)  # a Wednesday


def wib(day: date, hour: int, minute: int = 0) -> datetime:
    return at_wib(day, time(hour, minute))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clock():
    with time_machine.travel(wib(DAY, 8), tick=False) as traveller:
        yield traveller


def section(body: str, key: str) -> str:
    return body.split(f'data-testid="{key}"', 1)[1].split("</section>", 1)[0]


def page(client, user) -> str:
    client.force_login(user)
    response = client.get("/staf/")
    assert response.status_code == 200
    return response.content.decode()


def test_today_shows_the_bhabin_his_urgent_new_and_overdue_aspirations(client, world, bhabin, clock):
    clock.move_to(wib(DAY - timedelta(days=20), 9))
    old = make_aspiration(rw=world.rw18, description="Lampu jalan RW 18 mati sejak lama.")
    clock.move_to(wib(DAY, 7))
    urgent = make_aspiration(rw=world.rw18, urgent=True, description="Ada tawuran sekarang di lapangan.")
    make_aspiration(rw=world.rw03, urgent=True, description="Tawuran di Margahayu.")  # beside him
    clock.move_to(wib(DAY, 8))
    body = page(client, bhabin)
    assert "<title>Hari ini" in body
    first = section(body, "new-and-urgent")
    assert "Ada tawuran sekarang" in first
    assert f'href="/staf/aspirasi/{urgent.pk}/"' in first
    assert "Margahayu" not in first
    assert first.index("Ada tawuran sekarang") < first.index("Lampu jalan RW 18")  # urgent first
    overdue = section(body, "overdue")
    assert "Lampu jalan RW 18" in overdue and "Ada tawuran" not in overdue
    assert old.assignee == bhabin


def test_today_shows_the_bhabin_a_reporter_who_answered_until_he_acts(client, world, bhabin, clock):
    aspiration = make_aspiration(rw=world.rw18, description="Motor hilang di parkiran RW 18.")
    clock.shift(timedelta(minutes=10))
    services.add_note(actor=bhabin, aspiration=aspiration, text="Sudah dicek ke lokasi.")
    assert "Motor hilang" not in section(page(client, bhabin), "answered")
    clock.shift(timedelta(minutes=10))
    services.reply_as_reporter(
        aspiration=Aspiration.objects.get(pk=aspiration.pk), text="Sekitar jam 2 malam."
    )
    assert "Motor hilang" in section(page(client, bhabin), "answered")
    clock.shift(timedelta(minutes=10))
    services.add_note(actor=bhabin, aspiration=Aspiration.objects.get(pk=aspiration.pk), text="Dicatat.")
    assert "Motor hilang" not in section(page(client, bhabin), "answered")


def test_today_shows_the_bhabin_his_sessions_today_and_reports_to_file(
    client, world, bhabin, kapolsek, clock
):
    today = make_session(post=world.post_rw18, actor=kapolsek, lead=bhabin, starts_in=timedelta(hours=6))
    past = make_session(post=world.post_rw19, actor=kapolsek, lead=bhabin, starts_in=timedelta(days=-2))
    make_session(post=world.post_rw19, actor=kapolsek, lead=bhabin, starts_in=timedelta(days=1))  # tomorrow
    body = page(client, bhabin)
    sessions = section(body, "sessions-today")
    assert f'href="/staf/kegiatan/{today.pk}/"' in sessions
    assert sessions.count("list-group-item-action") == 1
    assert "14:00 WIB" in sessions
    reports = section(body, "reports-due")
    assert f'href="/staf/kegiatan/{past.pk}/laporan/"' in reports
    assert f"/staf/kegiatan/{today.pk}/" not in reports


def test_today_shows_binmas_coming_sessions_gaps_and_missing_reports(client, world, binmas, clock):
    clock.move_to(wib(DAY - timedelta(weeks=10), 9))
    long_ago = make_session(post=world.post_rw18, actor=binmas, starts_in=timedelta(hours=1))
    clock.move_to(wib(DAY, 8))
    recent = make_session(post=world.post_rw03, actor=binmas, starts_in=timedelta(days=-3))
    event_services.mark_held(actor=binmas, session=recent)
    coming = make_session(post=world.post_rw19, actor=binmas, starts_in=timedelta(days=3))
    inactive = PostFactory(name="Pos Kamling Tak Aktif", rw=world.rw18)
    type(inactive).objects.filter(pk=inactive.pk).update(is_active=False)
    body = page(client, binmas)
    assert f'href="/staf/kegiatan/{coming.pk}/"' in section(body, "coming")
    gaps = section(body, "gaps")
    assert "Pos yang tidak dikunjungi selama 8 minggu" in body
    assert world.post_rw18.name in gaps  # its only session, ten weeks ago, was never held
    assert world.post_rw19.name in gaps and "belum pernah dikunjungi" in gaps  # planned is not visited
    assert f"/staf/kegiatan/baru/?post={world.post_rw18.pk}" in gaps
    assert world.post_rw03.name not in gaps  # held three days ago
    assert "Tak Aktif" not in gaps
    assert world.post_rw01.name not in gaps  # Depok: not his
    missing = section(body, "reports-missing")
    assert f"/staf/kegiatan/{long_ago.pk}/laporan/" in missing
    assert f"/staf/kegiatan/{recent.pk}/laporan/" in missing
    assert f"/staf/kegiatan/{coming.pk}/" not in missing


def test_today_gap_weeks_follow_the_setting(client, world, binmas, kapolsek, clock, settings):
    settings.NGOPI_GAP_WEEKS = 2
    assert "tidak dikunjungi selama 2 minggu" in page(client, binmas)


def test_today_shows_the_kapolres_unacknowledged_urgent_overdue_by_unit_and_sessions(
    client, world, kapolres, bhabin, other_bhabin, kapolsek, clock
):
    clock.move_to(wib(DAY - timedelta(days=20), 9))
    make_aspiration(rw=world.rw18, description="Lampu jalan mati.")
    make_aspiration(rw=world.rw03, description="Parkir liar.")
    make_aspiration(rw=world.rw01, description="Di Depok.")
    clock.move_to(wib(DAY, 7))
    urgent = make_aspiration(rw=world.rw18, urgent=True, description="Tawuran sedang terjadi.")
    seen = make_aspiration(rw=world.rw03, urgent=True, description="Pencurian sedang terjadi.")
    services.add_note(actor=other_bhabin, aspiration=seen, text="Menuju lokasi.")
    session = make_session(post=world.post_rw19, actor=kapolsek, lead=bhabin, starts_in=timedelta(hours=2))
    body = page(client, kapolres)
    unacknowledged = section(body, "unacknowledged")
    assert f'href="/staf/aspirasi/{urgent.pk}/"' in unacknowledged
    assert "Pencurian" not in unacknowledged
    by_unit = section(body, "overdue-by-unit")
    assert "Polsek Bekasi Selatan" in by_unit and "Polsek Bekasi Timur" in by_unit
    assert "Beji" not in by_unit
    assert f"?overdue=1&amp;unit={world.polsek.pk}" in by_unit
    assert f'href="/staf/kegiatan/{session.pk}/"' in section(body, "sessions-today")
    assert 'href="/admin/"' not in body.split('id="nav-main"', 1)[1].split("</main>")[0].split("</ul>", 1)[1]


def test_today_shows_the_administrator_everything_and_the_admin(client, world, administrator, clock):
    clock.move_to(wib(DAY - timedelta(days=20), 9))
    make_aspiration(rw=world.rw01, description="Di Depok.")
    clock.move_to(wib(DAY, 8))
    body = page(client, administrator)
    assert "Polsek Beji" in section(body, "overdue-by-unit")
    assert body.count('href="/admin/"') >= 2  # the navigation and the page's own link


def test_today_keeps_the_jurisdiction_one_tap_away(client, world, bhabin, clock):
    body = page(client, bhabin)
    assert 'href="/staf/wilayah/"' in body
    assert "Pekayon Jaya" in client.get("/staf/wilayah/").content.decode()


@pytest.mark.parametrize("persona", ["bhabin", "binmas", "kapolres", "administrator"])
def test_today_query_count_does_not_grow_with_the_data(
    request, client, world, kapolsek, bhabin, clock, persona
):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/staf/").status_code == 200
        return len(ctx)

    def add(start, n):
        for i in range(start, start + n):
            aspiration = make_aspiration(rw=world.rw18 if i % 2 else world.rw03, urgent=bool(i % 2))
            services.reply_as_reporter(aspiration=aspiration, text="Tambahan info.")
            post = PostFactory(name=f"Pos {persona} {i}", rw=world.rw19)
            make_session(post=post, actor=kapolsek, lead=bhabin, starts_in=timedelta(hours=1 + 3 * i))
            make_session(post=post, actor=kapolsek, lead=bhabin, starts_in=timedelta(days=-1 - i))

    add(0, 1)
    before = queries()
    add(1, 6)
    assert queries() == before
