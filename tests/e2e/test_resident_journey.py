"""A resident's first minutes: on a 360 px phone with JavaScript off, the home page's actions lead
to the form and the area steps keep his place; the receipt's copy button copies the code; the
tracking page shows what he sent and where it stands."""

import re

import pytest
from playwright.sync_api import expect

from tests.aspirations.factories import jpeg_with_gps, make_aspiration
from tests.e2e.conftest import _context


@pytest.fixture
def phone_without_script(browser, live_server, reference_data):
    context = _context(
        browser,
        live_server,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    yield context.new_page()
    context.close()


def test_home_actions_reach_the_form_on_a_phone_without_javascript(phone_without_script, world, bhabin):
    page = phone_without_script
    page.goto("/")
    send = page.get_by_test_id("home-send")
    expect(send).to_be_visible()
    expect(page.get_by_test_id("home-track")).to_be_visible()
    assert send.bounding_box()["y"] < 400  # first thing on the screen, no scrolling
    # The navigation's actions show although the menu cannot open without JavaScript.
    expect(page.get_by_test_id("nav-actions").get_by_role("link", name="Lacak")).to_be_visible()
    send.click()
    expect(page).to_have_url(re.compile(r"/aspirasi/kirim/$"))
    # The area steps without JavaScript: the page comes back at the area section, not at the top.
    page.select_option("#area-city", label="Kota Bekasi")
    page.get_by_test_id("step-button").click()
    expect(page).to_have_url(re.compile(r"/aspirasi/kirim/#wilayah$"))
    expect(page.get_by_test_id("stepped")).to_be_in_viewport()
    page.select_option("#area-district", label="Bekasi Selatan")


def test_receipt_copy_button_copies_the_code(browser, live_server, reference_data, world, bhabin):
    context = _context(browser, live_server, viewport={"width": 360, "height": 740}, is_mobile=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    aspiration = make_aspiration(rw=world.rw18)
    page.goto(f"/aspirasi/terkirim/{aspiration.code}/")
    code = page.get_by_test_id("tracking-code")
    box = code.bounding_box()
    assert box["height"] < 50  # one line
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_test_id("copy-code").click()
    expect(page.get_by_test_id("copy-code")).to_have_text("Tersalin")
    assert page.evaluate("navigator.clipboard.readText()") == aspiration.code
    context.close()


def test_tracking_page_shows_what_was_sent(phone, world, bhabin):
    aspiration = make_aspiration(
        rw=world.rw18, description="Lampu jalan mati di gang Melati sejak seminggu.", photos=[jpeg_with_gps()]
    )
    phone.goto(f"/aspirasi/lacak/{aspiration.code}/")
    expect(phone.get_by_test_id("description")).to_have_text(
        "Lampu jalan mati di gang Melati sejak seminggu."
    )
    expect(phone.get_by_test_id("status-sentence")).to_contain_text("menunggu dibaca")
    expect(phone.get_by_test_id("kind")).to_contain_text("Keluhan")
    expect(phone.get_by_test_id("due")).to_contain_text("WIB")
    thumb = phone.get_by_test_id("photos").locator("img")
    expect(thumb).to_have_count(1)
    thumb.scroll_into_view_if_needed()  # thumbnails load lazily
    phone.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
