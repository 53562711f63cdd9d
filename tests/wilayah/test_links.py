"""Where residents find the RW page: the public session page, the QR poster (which also shows
the last session's kept commitments and the himbauan in force) and the public form's receipt
and tracking page."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from events import services as event_services
from events.enums import CommitmentStatus
from events.models import Commitment
from tests.aspirations.factories import make_aspiration
from tests.factories import HimbauanFactory

pytestmark = pytest.mark.django_db


def test_public_session_page_links_the_rw_page_and_shows_himbauan(client, world, binmas, make_session):
    session = make_session()
    HimbauanFactory(area=world.city, unit=world.polres, created_by=binmas, title="Laporkan politik uang")
    body = client.get(session.get_public_url()).content.decode()
    assert reverse("wilayah:area", args=[world.rw18.pk]) in body
    assert "Laporkan politik uang" in body


def test_poster_shows_the_last_sessions_kept_commitments_and_the_rw_page(
    client, world, bhabin, kapolsek, make_session
):
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        last = make_session(day=timezone.localdate() + timedelta(days=2))
    event_services.file_report(
        actor=bhabin, session=last, residents_count=20, leaders_count=2, agencies_count=1, summary="Diskusi."
    )
    for text, status in (
        ("Patroli malam Minggu", CommitmentStatus.KEPT),
        ("Lampu jalan", CommitmentStatus.OPEN),
    ):
        closed = status != CommitmentStatus.OPEN
        Commitment.objects.create(
            session=last,
            rw=last.rw,
            unit=last.unit,
            text=text,
            responsible=bhabin,
            due_date=timezone.localdate(),
            status=status,
            outcome_note="Dilaksanakan." if closed else "",
            closed_at=timezone.now() if closed else None,
            closed_by=bhabin if closed else None,
            created_by=bhabin,
        )
    upcoming = make_session()
    client.force_login(kapolsek)
    body = client.get(reverse("events:session_poster", args=[upcoming.pk])).content.decode()
    assert "Patroli malam Minggu" in body
    assert "Lampu jalan" not in body
    assert f"{settings.NGOPI_SITE_URL}/wilayah/{world.rw18.pk}/" in body  # the site's public address


def test_receipt_and_tracking_page_link_the_rw_page(client, world, bhabin):
    aspiration = make_aspiration(rw=world.rw18)
    url = reverse("wilayah:area", args=[world.rw18.pk])
    assert url in client.get(f"/aspirasi/terkirim/{aspiration.code}/").content.decode()
    assert url in client.get(f"/aspirasi/lacak/{aspiration.code}/").content.decode()


def test_sessions_list_maps_the_posts_with_an_upcoming_session(client, world, make_session):
    from tests.factories import PostFactory

    PostFactory(name="Pos Tanpa Kegiatan", rw=world.rw19, latitude="-6.27", longitude="107.01")
    post = PostFactory(name="Pos Kamling Melati", rw=world.rw18, latitude="-6.26", longitude="107.0")
    session = make_session(post=post)
    body = client.get(reverse("events:public_list")).content.decode()
    data = body.split('<script id="sessions-map-data" type="application/json">', 1)[1].split("</script>", 1)[
        0
    ]
    assert "Pos Kamling Melati" in data and session.get_public_url() in data
    assert "Pos Tanpa Kegiatan" not in data
