"""Hand-counted data for the dashboard, at a fixed moment: Wednesday 20 November 2024, 10:00 WIB.

Sessions (period "this month" = November 2024):
    s_reported   RW 18  18 Nov  reported, 25 residents        Polsek Bekasi Selatan
    s_held       RW 18  15 Nov  held, no report yet            Polsek Bekasi Selatan
    s_planned    RW 18  23 Nov  planned (future)               Polsek Bekasi Selatan
    s_past       RW 19  19 Nov  still planned (report missing) Polsek Bekasi Selatan
    s_timur      RW 03  16 Nov  reported, 10 residents        Polsek Bekasi Timur
    s_beji       RW 01  19 Nov  cancelled                      Polsek Beji
    s_october    RW 18  10 Oct  reported, 40 residents (outside the period)

Aspirations:
    a1  RW 18  complaint tawuran   20 Nov  resolved (enforcement)
    a2  RW 18  tip tawuran         20 Nov  resolved proven, closed, rated 5
    a3  RW 19  tip tawuran urgent  20 Nov  new
    a4  RW 18  complaint narkoba   8 Nov   new, overdue
    a8  RW 19  complaint, confidential (named)   20 Nov  new
    a9  RW 19  complaint, public, name "@Budi", description "=HYPERLINK(…)"  20 Nov  new
    a7  RW 18  complaint           10 Oct  new, overdue (outside the period)
    a5  RW 03  complaint           20 Nov  new  (Polsek Bekasi Timur)
    a6  RW 01  tip urgent          20 Nov  new  (Polsek Beji)
"""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aspirations import services as aspiration_services
from aspirations.enums import Kind, Privacy, Verification
from aspirations.models import Category, OutcomeCode
from events import services as event_services
from tests.aspirations.factories import make_aspiration, make_session

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2024, 11, 20, 10, 0, tzinfo=WIB)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def session_at(*, post, actor, lead, when: datetime):
    return make_session(post=post, actor=actor, lead=lead, starts_in=when - datetime.now(tz=WIB))


def file(session, actor, residents):
    event_services.file_report(
        actor=actor,
        session=session,
        residents_count=residents,
        leaders_count=2,
        agencies_count=1,
        summary="Warga menyampaikan keluhan.",
    )


@pytest.fixture
def data(frozen, world, bhabin, other_bhabin, administrator, kapolsek):
    admin = administrator
    tawuran = Category.objects.get(code="tawuran")
    narkoba = Category.objects.get(code="narkoba")
    enforcement = OutcomeCode.objects.get(code="enforcement")

    # October: outside the period.
    frozen.move_to(datetime(2024, 10, 10, 9, 0, tzinfo=WIB))
    s_october = session_at(
        post=world.post_rw18, actor=admin, lead=bhabin, when=datetime(2024, 10, 10, 19, 0, tzinfo=WIB)
    )
    a7 = make_aspiration(rw=world.rw18, description="Lampu jalan mati dan sering ada pemalakan di gang.")
    frozen.move_to(datetime(2024, 10, 11, 9, 0, tzinfo=WIB))
    file(s_october, admin, 40)

    frozen.move_to(datetime(2024, 11, 8, 9, 0, tzinfo=WIB))
    a4 = make_aspiration(
        rw=world.rw18, category=narkoba, description="Ada transaksi narkoba di rumah kosong ujung gang."
    )

    frozen.move_to(datetime(2024, 11, 14, 9, 0, tzinfo=WIB))
    s_held = session_at(
        post=world.post_rw18, actor=admin, lead=bhabin, when=datetime(2024, 11, 15, 19, 0, tzinfo=WIB)
    )
    s_timur = session_at(
        post=world.post_rw03, actor=admin, lead=other_bhabin, when=datetime(2024, 11, 16, 19, 0, tzinfo=WIB)
    )
    s_reported = session_at(
        post=world.post_rw18, actor=admin, lead=bhabin, when=datetime(2024, 11, 18, 19, 0, tzinfo=WIB)
    )
    s_past = session_at(
        post=world.post_rw19, actor=admin, lead=bhabin, when=datetime(2024, 11, 19, 19, 0, tzinfo=WIB)
    )
    s_beji = session_at(
        post=world.post_rw01, actor=admin, lead=None, when=datetime(2024, 11, 19, 19, 0, tzinfo=WIB)
    )
    s_planned = session_at(
        post=world.post_rw18, actor=admin, lead=bhabin, when=datetime(2024, 11, 23, 19, 0, tzinfo=WIB)
    )
    event_services.cancel_session(actor=admin, session=s_beji, reason="Hujan deras")

    frozen.move_to(datetime(2024, 11, 19, 22, 0, tzinfo=WIB))
    event_services.mark_held(actor=admin, session=s_held)
    file(s_timur, admin, 10)
    file(s_reported, admin, 25)

    frozen.move_to(NOW)
    a1 = make_aspiration(rw=world.rw18, description="Sering ada keributan remaja di lapangan voli.")
    a2 = make_aspiration(
        rw=world.rw18, kind=Kind.TIP, description="Rencana tawuran Sabtu malam di dekat lapangan RW 18."
    )
    a3 = make_aspiration(
        rw=world.rw19, kind=Kind.TIP, urgent=True, description="Sekarang ada kelompok bawa celurit."
    )
    a8 = make_aspiration(
        rw=world.rw19,
        privacy=Privacy.CONFIDENTIAL,
        name="Rahasia Warga",
        phone="0812 1111 2222",
        consent=True,
        description="Ada pungutan liar di pasar setiap pagi.",
    )
    a9 = make_aspiration(
        rw=world.rw19,
        privacy=Privacy.PUBLIC,
        name="@Budi",
        phone="+62 812 3333 4444",
        consent=True,
        description='=HYPERLINK("http://contoh.invalid","klik")',
    )
    a5 = make_aspiration(rw=world.rw03, description="Pencurian helm di parkiran pasar Margahayu.")
    a6 = make_aspiration(
        rw=world.rw01, kind=Kind.TIP, urgent=True, description="Judi sabung ayam di lahan kosong."
    )

    frozen.move_to(NOW + timedelta(minutes=30))
    for aspiration in (a1, a2):
        aspiration_services.triage_aspiration(
            actor=bhabin,
            aspiration=aspiration,
            kind=aspiration.kind,
            category=aspiration.category,
            priority=aspiration.priority,
        )
    aspiration_services.resolve_aspiration(
        actor=bhabin, aspiration=a1, outcome=enforcement, resolution="Remaja dibubarkan, orang tua dipanggil."
    )
    aspiration_services.resolve_aspiration(
        actor=bhabin,
        aspiration=a2,
        outcome=enforcement,
        resolution="Tawuran dicegah.",
        verification=Verification.PROVEN,
        verification_results="35 sepeda motor diamankan.",
    )
    aspiration_services.close_aspiration(actor=bhabin, aspiration=a2)
    aspiration_services.rate_aspiration(aspiration=a2, rating=5)
    frozen.move_to(NOW + timedelta(hours=1))
    return SimpleNamespace(
        tawuran=tawuran,
        narkoba=narkoba,
        enforcement=enforcement,
        sessions=SimpleNamespace(
            october=s_october,
            held=s_held,
            timur=s_timur,
            reported=s_reported,
            past=s_past,
            beji=s_beji,
            planned=s_planned,
        ),
        a1=a1,
        a2=a2,
        a3=a3,
        a4=a4,
        a5=a5,
        a6=a6,
        a7=a7,
        a8=a8,
        a9=a9,
    )
