"""The staff inbox reads well where officers use it: a table that fits a 1366 px laptop with a
description column wide enough to read, and cards on a 360 px phone."""

import pytest

from tests.aspirations.factories import make_aspiration

pytestmark = pytest.mark.e2e

LONG = (
    "Setiap malam Minggu sekelompok remaja berkumpul di lapangan voli dekat pos ronda membawa "
    "senjata tajam dan petasan; warga takut keluar rumah dan meminta patroli lebih sering. "
) * 3


@pytest.fixture
def inbox_data(reference_data, world, bhabin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_aspiration(rw=world.rw18, description=LONG)
    make_aspiration(rw=world.rw19, description="Lampu jalan mati di gang 3.")
    make_aspiration(rw=world.rw18, description="Tawuran direncanakan Sabtu malam.", urgent=True)
    make_aspiration(rw=world.rw18, description="Tanpa-spasi-" * 30)


def open_inbox(browser, live_server, sign_in, password, **viewport):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta", **viewport
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, "bhabin", password)
    page.goto("/staf/aspirasi/")
    return context, page


def test_inbox_table_fits_a_laptop_with_a_readable_description(
    browser, live_server, inbox_data, sign_in, password
):
    context, page = open_inbox(
        browser, live_server, sign_in, password, viewport={"width": 1366, "height": 768}
    )
    try:
        table = page.get_by_test_id("inbox")
        assert table.is_visible()
        assert not page.get_by_test_id("inbox-cards").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # The table is not clipped: its last column ends inside the page.
        box = table.bounding_box()
        assert box["x"] + box["width"] <= 1366
        assert table.evaluate("t => t.scrollWidth <= t.clientWidth")
        # The description column holds at least ~40 characters a line.
        widths = page.get_by_test_id("inbox-description").evaluate_all(
            """cells => cells.map(cell => {
                const probe = document.createElement('span');
                probe.textContent = 'a'.repeat(40);
                probe.style.whiteSpace = 'nowrap';
                cell.appendChild(probe);
                const needed = probe.getBoundingClientRect().width;
                probe.remove();
                return [cell.getBoundingClientRect().width, needed];
            })"""
        )
        assert widths and all(width >= needed for width, needed in widths), widths
        # Rows stay about two lines of text high, the urgent one first.
        rows = page.get_by_test_id("inbox-row")
        assert "Tawuran direncanakan" in rows.first.inner_text()
        line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
        for i in range(rows.count()):
            assert rows.nth(i).bounding_box()["height"] <= 4.5 * line
    finally:
        context.close()


def test_inbox_shows_cards_on_a_phone(browser, live_server, inbox_data, sign_in, password):
    context, page = open_inbox(
        browser,
        live_server,
        sign_in,
        password,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    try:
        cards = page.get_by_test_id("inbox-card")
        assert cards.count() == 4
        assert cards.first.is_visible()
        assert "Tawuran direncanakan" in cards.first.inner_text()
        assert not page.get_by_test_id("inbox").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
