"""The QR poster prints on one A4 page, whatever it carries: the kept commitments of the last
session, up to three himbauan in force with long texts, and the WhatsApp code when the number is
set (it printed on two pages, the emergency number and the RW page's address on the second)."""

import re
from datetime import time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from events import services
from events.enums import OfficerRole
from events.models import SessionKind
from ngopi.accounts.models import User
from ngopi.areas.models import Post
from ngopi.core.dates import at_wib

pytestmark = pytest.mark.e2e

LONG = (
    "Jaga persatuan dan kesatuan, jangan mudah terprovokasi kabar bohong di media sosial; "
    "laporkan politik uang, ujaran kebencian dan rencana tawuran kepada Bhabinkamtibmas atau "
    "hubungi 110. Orang tua diminta mengawasi anak remaja di malam hari, terutama malam Minggu. "
)


@pytest.fixture
def demo(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--force", verbosity=0)


def pages_of(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("whatsapp", [False, True], ids=["web form", "with WhatsApp"])
def test_the_poster_prints_on_one_a4_page(demo, page, sign_in, settings, whatsapp):
    if whatsapp:
        settings.WHATSAPP_PUBLIC_NUMBER = "6281100000000"
    binmas, bhabin = User.objects.get(username="binmas"), User.objects.get(username="bhabin")
    day = timezone.localdate() + timedelta(days=4)
    # The next session at RW 18, whose last one's kept commitments the poster lists.
    session = services.schedule_session(
        actor=binmas,
        kind=SessionKind.objects.get(name="Ngopi Kamtibmas"),
        title="Ngopi Kamtibmas RW 18 menjelang pergantian tahun",
        post=Post.objects.get(name="Pos Satkamling Sekretariat RW 18"),
        starts_at=at_wib(day, time(19, 30)),
        ends_at=at_wib(day, time(21, 30)),
        organiser=binmas.unit,
        agenda="Dialog kamtibmas bersama warga: keamanan lingkungan dan kenakalan remaja.",
        officers=[services.OfficerSlot(officer=bhabin, role=OfficerRole.LEAD)],
    )
    for n in range(3):
        services.create_himbauan(
            actor=binmas,
            title=f"Himbauan {n + 1}: cooling system menjelang pergantian tahun",
            body=LONG * 2,
            area=session.rw,
            valid_from=timezone.localdate(session.starts_at) - timedelta(days=1),
        )
    sign_in(page, "binmas", "kamtibmas-demo")
    page.goto(f"/staf/kegiatan/{session.pk}/poster/")
    assert page.locator('[data-testid="poster-himbauan"]').count() == 3
    assert page.locator('[data-testid="poster-kept"] li').count() >= 1
    assert (page.locator('[data-testid="chat-qr"]').count() == 1) == whatsapp
    page.emulate_media(media="print")
    heights = "() => [...document.querySelectorAll('.qr svg')].map(q => q.getBoundingClientRect().height)"
    codes = [px * 25.4 / 96 for px in page.evaluate(heights)]  # mm
    assert len(codes) == (2 if whatsapp else 1)
    assert all(height >= 30 for height in codes), codes  # still scans from a metre
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pages_of(pdf) == 1
