"""Browser journeys: Playwright for Python driving Debian's Chromium against the live server.

Playwright's sync API runs an event loop in the test thread, so Django's async-safety check is
switched off for these tests (DESIGN.md §7).
"""

import os

import pytest
from playwright.sync_api import expect, sync_playwright

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The machine has no internet: keep Chromium from calling home at every start.
# An assertion waits as long as the public form may: Send waits up to 8 s for the proof of work the
# page solves in the background (static/js/aspiration-form.js), which on two cores shared with the
# live server and the rest of the suite can take longer than Playwright's default 5 s.
expect.set_options(timeout=12_000)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _context(browser, live_server, **options):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta", **options
    )
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def page(browser, live_server, reference_data):
    context = _context(browser, live_server, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser, live_server, reference_data):
    """A phone-sized browser, as a Bhabinkamtibmas or a resident would use."""
    context = _context(
        browser, live_server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def sign_in():
    def _sign_in(page, username, password):
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.get_by_role("button", name="Masuk").click()

    return _sign_in
