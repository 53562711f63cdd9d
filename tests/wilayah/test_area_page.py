"""The public page of an RW or kelurahan: sessions, "kami dengar, kami lakukan", commitments,
himbauan and the map; what it never shows; its query count."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aspirations import services as aspiration_services
from aspirations.enums import Kind, Privacy
from aspirations.models import Aspiration, Category, OutcomeCode
from events import services as event_services
from events.enums import CommitmentStatus
from events.models import AgendaHimbauan, Commitment
from tests.aspirations.factories import make_aspiration
from tests.factories import HimbauanFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.NGOPI_AREA_PAGE_CACHE_SECONDS = 0


def page(client, area):
    return client.get(reverse("wilayah:area", args=[area.pk]))


def reported_session(make_session, bhabin, *, post=None, residents=25, when=None):
    """A session a week ago at RW 18 (or ``post``), held and reported."""
    day = (when or timezone.now() - timedelta(days=7)).date()
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        session = make_session(post=post, day=day)
    event_services.file_report(
        actor=bhabin,
        session=session,
        residents_count=residents,
        leaders_count=3,
        agencies_count=2,
        summary="Warga membahas keamanan lingkungan dan penerangan jalan.",
    )
    return session


def commitment(session, bhabin, text, status=CommitmentStatus.OPEN):
    closed = status != CommitmentStatus.OPEN
    return Commitment.objects.create(
        session=session,
        rw=session.rw,
        unit=session.unit,
        text=text,
        responsible=bhabin,
        due_date=timezone.localdate() + timedelta(days=14),
        status=status,
        outcome_note="Patroli dilaksanakan setiap malam Minggu." if closed else "",
        closed_at=timezone.now() if closed else None,
        closed_by=bhabin if closed else None,
        created_by=bhabin,
    )


def resolved(aspiration, bhabin, *, summary="", publish=False):
    aspiration_services.triage_aspiration(
        actor=bhabin,
        aspiration=aspiration,
        kind=aspiration.kind,
        category=aspiration.category,
        priority="normal",
    )
    aspiration = aspiration_services.resolve_aspiration(
        actor=bhabin,
        aspiration=aspiration,
        outcome=OutcomeCode.objects.get(code="enforcement"),
        resolution="Ditangani oleh Bhabinkamtibmas bersama Ketua RW.",
        verification="proven" if aspiration.kind == Kind.TIP else "",
    )
    Aspiration.objects.filter(pk=aspiration.pk).update(public_summary=summary, outcome_public=publish)
    aspiration.refresh_from_db()
    return aspiration


def test_rw_page_shows_the_loop(client, world, bhabin, binmas, make_session):
    session = reported_session(make_session, bhabin)
    raised = make_aspiration(rw=world.rw18, category=Category.objects.get(code="tawuran"))
    Aspiration.objects.filter(pk=raised.pk).update(session=session)
    himbauan = HimbauanFactory(
        area=world.city,
        unit=world.polres,
        created_by=binmas,
        title="Jaga persatuan, jangan terprovokasi hoaks",
    )
    AgendaHimbauan.objects.create(session=session, himbauan=himbauan, discussed=True)
    commitment(session, bhabin, "Patroli setiap malam Minggu di lapangan RW 18", CommitmentStatus.KEPT)
    commitment(session, bhabin, "Koordinasi dengan Dinas PU soal lampu")
    done = resolved(
        make_aspiration(rw=world.rw18),
        bhabin,
        summary="Lampu jalan di Gang Melati sudah diganti.",
        publish=True,
    )
    upcoming = make_session()

    response = page(client, world.rw18)
    body = response.content.decode()
    assert response.status_code == 200
    assert "RW 18, Pekayon Jaya" in body
    assert upcoming.get_public_url() in body  # upcoming session
    assert "30 orang hadir" in body  # attendance from the report
    assert "Tawuran" in body  # topics / heard by category
    assert "Jaga persatuan, jangan terprovokasi hoaks" in body  # himbauan in force and delivered
    assert "Patroli setiap malam Minggu di lapangan RW 18" in body
    assert "Ditepati" in body or "Kept" in body
    assert "Koordinasi dengan Dinas PU soal lampu" in body
    assert done.public_summary in body
    assert 'data-testid="follow-form"' in body
    assert 'data-testid="map"' not in body or "area-map-data" in body


def test_rw_page_never_shows_identities_descriptions_codes_or_unpublished_outcomes(
    client, world, bhabin, make_session
):
    confidential = make_aspiration(
        rw=world.rw18,
        privacy=Privacy.CONFIDENTIAL,
        name="Budi Santoso",
        phone="081234567890",
        email="budi@example.org",
        consent=True,
        description="Rumah kosong di Jl. Kenanga 7 dipakai transaksi.",
    )
    tip = make_aspiration(
        rw=world.rw18,
        kind=Kind.TIP,
        category=Category.objects.get(code="narkoba"),
        description="Ada bandar di Gang 3.",
    )
    resolved(tip, bhabin, summary="Informasi ditindaklanjuti bersama Satresnarkoba.", publish=False)
    hidden = resolved(make_aspiration(rw=world.rw18), bhabin, summary="Ringkasan yang tidak diterbitkan.")
    body = page(client, world.rw18).content.decode()
    for secret in (
        "Budi Santoso",
        "081234567890",
        "budi@example.org",
        confidential.description,
        confidential.code,
        tip.description,
        tip.code,
        "Satresnarkoba",
        hidden.public_summary,
        "Narkoba",  # a tip's category is never shown
    ):
        assert secret not in body, secret


@pytest.mark.parametrize("area", ["rw18", "pekayon"])
def test_a_published_tip_outcome_shows_its_summary_but_never_its_category(client, world, bhabin, area):
    """The officer may publish what came of a tip; its category stays hidden there too, as it
    is in "Kami dengar" (the RW page and the kelurahan page)."""
    tip = make_aspiration(rw=world.rw18, kind=Kind.TIP, category=Category.objects.get(code="narkoba"))
    resolved(tip, bhabin, summary="Patroli malam ditambah di wilayah ini.", publish=True)
    body = page(client, getattr(world, area)).content.decode()
    outcome = body.split('data-testid="outcome"', 1)[1].split("</div></div>", 1)[0]
    assert "Patroli malam ditambah di wilayah ini." in outcome
    assert "Informasi" in outcome
    assert "Narkoba" not in body


def test_kelurahan_page_lists_its_rws_with_their_next_session(client, world, make_session):
    session = make_session(post=world.post_rw19)
    body = page(client, world.pekayon).content.decode()
    assert "RW 18" in body and "RW 19" in body
    assert reverse("wilayah:area", args=[world.rw19.pk]) in body
    assert session.get_public_url() in body
    assert 'data-testid="follow-form"' not in body


@pytest.mark.parametrize("name", ["city", "district", "province"])
def test_page_of_other_levels_is_not_found(client, world, name):
    assert page(client, getattr(world, name)).status_code == 404


def test_page_of_unknown_area_is_not_found(client, world):
    assert client.get(reverse("wilayah:area", args=[999999])).status_code == 404


def test_map_shows_posts_only(client, world, make_session):
    post = PostFactory(name="Pos Kamling Melati", rw=world.rw18, latitude="-6.260000", longitude="107.000000")
    make_session(post=post)
    make_aspiration(rw=world.rw18, location_detail="Lapangan voli belakang masjid")
    body = page(client, world.rw18).content.decode()
    assert 'id="area-map-data"' in body
    assert '"lat": -6.26' in body and "Pos Kamling Melati" in body
    assert "Lapangan voli belakang masjid" not in body


def _count(client, area):
    with CaptureQueriesContext(connection) as queries:
        assert page(client, area).status_code == 200
    return len(queries)


@pytest.mark.parametrize("level", ["rw18", "pekayon"])
def test_page_query_count_does_not_grow_with_the_data(client, world, bhabin, binmas, make_session, level):
    area = getattr(world, level)
    reported_session(make_session, bhabin)
    make_aspiration(rw=world.rw18)
    make_session()
    before = _count(client, area)
    for days in (10, 14, 21):
        s = reported_session(make_session, bhabin, when=timezone.now() - timedelta(days=days))
        commitment(s, bhabin, f"Komitmen {days}")
        HimbauanFactory(area=world.rw18, unit=world.polsek, created_by=binmas)
    for category in Category.objects.all()[:4]:
        resolved(make_aspiration(rw=world.rw18, category=category), bhabin, summary="Selesai.", publish=True)
    make_session(post=world.post_rw19, day=timezone.localdate() + timedelta(days=9))
    assert _count(client, area) == before


def test_page_data_is_cached(client, world, settings, make_session):
    settings.NGOPI_AREA_PAGE_CACHE_SECONDS = 60
    first = _count(client, world.rw18)
    second = _count(client, world.rw18)
    assert second < first
