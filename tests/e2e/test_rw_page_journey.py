"""A resident on the public RW page in a real browser: the map draws the posts (offline fallback,
no tile server here) under the strict CSP, and following the RW asks for a confirmation."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from ngopi.areas.models import Area
from ngopi.wilayah import services as wilayah_services

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NGOPI_MAP_TILES = ""
    call_command("seed_demo", "--force", verbosity=0)
    return Area.objects.get(name="RW 18", parent__name="Pekayon Jaya")


def test_rw_page_map_and_follow(demo, phone):
    refused = []
    phone.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    phone.goto(f"/wilayah/{demo.pk}/")
    assert phone.get_by_test_id("area-title").inner_text() == "RW 18, Pekayon Jaya"
    phone.locator('[data-testid="map"][data-ready="1"]').wait_for()
    assert phone.locator("#area-map path.leaflet-interactive").count() >= 1
    assert phone.get_by_test_id("map-offline-note").is_visible()
    phone.get_by_label("Alamat e-mail Anda").fill("warga@example.org")
    phone.get_by_role("button", name="Ikuti", exact=True).click()
    assert "Periksa e-mail Anda" in phone.locator("h1").inner_text()
    wilayah_services.sweep_followers()
    link = re.search(r"http://\S+(/wilayah/ikuti/\S+/)", mail.outbox[-1].body).group(1)
    phone.goto(link)
    phone.get_by_test_id("confirm-follow").click()
    assert "Anda mengikuti RW 18, Pekayon Jaya" in phone.locator("h1").inner_text()
    phone.goto("/kegiatan/")
    phone.wait_for_load_state("load")
    assert refused == []
