"""Under the strict Content-Security-Policy every page still works in a real browser: nothing is
refused (no inline script, handler or style left), the language menu still switches on change,
the dashboard draws its charts and the Django admin opens its pages."""

import pytest
from django.core.management import call_command

from events.models import Session

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--force", verbosity=0)


def watch(page) -> list[str]:
    """Collects every CSP refusal the browser reports on the console."""
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return refused


def test_public_pages_run_without_csp_refusals(demo, page):
    refused = watch(page)
    for url in ("/", "/aspirasi/kirim/", "/kegiatan/", "/aspirasi/lacak/", "/tidak-ada/"):
        page.goto(url)
        page.wait_for_load_state("load")
    page.goto("/aspirasi/kirim/")
    with page.expect_navigation():
        page.select_option("#language-switch", "en")  # submitted by static JS, no inline handler
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "en"
    assert refused == []


def test_staff_dashboard_poster_and_admin_run_without_csp_refusals(demo, page, sign_in):
    refused = watch(page)
    sign_in(page, "admin", "kamtibmas-demo")
    page.goto("/dasbor/")
    page.wait_for_load_state("load")
    assert page.locator("canvas").count() > 0
    session = Session.objects.filter(status="planned").order_by("pk").first()  # a poster invites to it
    page.goto(f"/staf/kegiatan/{session.pk}/poster/")
    assert page.locator("svg").count() > 0
    page.wait_for_load_state("load")
    for url in (
        "/staf/",
        "/staf/kegiatan/kalender/",
        "/admin/",
        "/admin/accounts/user/",
        "/admin/accounts/user/1/change/",
    ):
        page.goto(url)
        page.wait_for_load_state("load")
    assert refused == []


def test_a_photo_opened_full_size_runs_without_csp_refusals(page, world, bhabin, settings, tmp_path):
    # Chromium shows an image opened on its own in its image viewer, which styles itself inline.
    from tests.aspirations.factories import jpeg_with_gps, make_aspiration

    settings.MEDIA_ROOT = tmp_path / "media"
    aspiration = make_aspiration(rw=world.rw18, photos=[jpeg_with_gps()])
    refused = watch(page)
    page.goto(f"/aspirasi/lacak/{aspiration.code}/foto/{aspiration.photos.get().pk}/")
    page.wait_for_load_state("load")
    assert page.locator("img").count() == 1
    assert refused == []
